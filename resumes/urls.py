from django.urls import path

app_name = "resumes"
urlpatterns: list = []
