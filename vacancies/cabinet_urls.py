from django.urls import path

from vacancies import cabinet_views as views

app_name = "vacancy_cabinet"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("new/", views.vacancy_new, name="create"),
    path("<int:vacancy_id>/edit/", views.vacancy_edit, name="edit"),
    path("<int:vacancy_id>/publish/", views.vacancy_publish_view, name="publish"),
    path("<int:vacancy_id>/close/", views.vacancy_close_view, name="close"),
]
