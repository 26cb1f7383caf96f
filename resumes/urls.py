from django.urls import path

from resumes import views

app_name = "resumes"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:resume_id>/", views.detail, name="detail"),
    path("<int:resume_id>/edit/", views.edit, name="edit"),
]
