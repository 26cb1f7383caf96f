from django.urls import path

from security import two_factor_views, views

app_name = "security"
urlpatterns = [
    path("journal/", views.journal_page, name="journal"),
    path("journal/export.csv", views.journal_export, name="journal_export"),
    path("two-factor/setup/", two_factor_views.two_factor_setup,
         name="two_factor_setup"),
    path("two-factor/", two_factor_views.two_factor_verify_page,
         name="two_factor_verify"),
]
