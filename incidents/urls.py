from django.urls import path

from incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list_page, name="list"),
    path("figures/", views.incident_figures_page, name="figures"),
    path("<str:number>/", views.incident_detail_page, name="detail"),
]
