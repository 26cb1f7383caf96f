from django.urls import path

from vacancies import views

app_name = "vacancies"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:vacancy_id>/", views.detail, name="detail"),
]
