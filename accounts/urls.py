from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("cabinet/", views.cabinet, name="cabinet"),
    path(
        "password/forgot/", views.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "password/forgot/sent/", views.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/change/", views.PasswordChangeView.as_view(),
        name="password_change",
    ),
]
