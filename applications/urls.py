from django.urls import path

from applications import views

app_name = "applications"
urlpatterns = [
    path("my/", views.seeker_cabinet, name="seeker_cabinet"),
    path("apply/<int:vacancy_id>/", views.apply, name="apply"),
    path("received/", views.employer_applications, name="employer_applications"),
    path(
        "received/vacancy/<int:vacancy_id>/",
        views.vacancy_applications,
        name="vacancy_applications",
    ),
    path("received/<int:application_id>/", views.application_detail, name="detail"),
    path("received/<int:application_id>/decide/", views.decide, name="decide"),
    path("invite/<int:resume_id>/", views.invite, name="invite"),
]
