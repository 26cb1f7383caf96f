from django.urls import path

from operations import views

app_name = "operations"
urlpatterns = [
    path("status/", views.status_page, name="status"),
    path("operations/", views.dashboard, name="dashboard"),
    path("operations/stale-vacancies/", views.stale_vacancies, name="stale_vacancies"),
    path("operations/reconfirm/<str:token>/", views.vacancy_reconfirm_page,
         name="vacancy_reconfirm"),
]
