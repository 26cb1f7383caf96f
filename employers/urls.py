from django.urls import path

from employers import views

app_name = "employers"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("<int:employer_id>/", views.detail, name="detail"),
]
