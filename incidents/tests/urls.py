"""The portal's URLs plus the registry's pages, until config/urls.py has them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from config.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    *portal_urlpatterns,
    *i18n_patterns(
        path("incidents/", include("incidents.urls")), prefix_default_language=True
    ),
]
