from django.urls import path

app_name = "vacancy_cabinet"
urlpatterns: list = []
