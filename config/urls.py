from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from api.urls import urlpatterns as api_urlpatterns
from vacancies import views as vacancy_views

# The one place the admin site is named; Django's default says "Django".
admin.site.site_header = _("Electronic Labor Exchange: administration")
admin.site.site_title = _("Electronic Labor Exchange")
admin.site.index_title = _("Administration of the portal")

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    *api_urlpatterns,
    # Machines' addresses (probes, Prometheus) carry no language prefix.
    path("", include("operations.health_urls")),
    # The information security operations centre posts its alerts here.
    path("soc/v1/", include("api.soc.urls")),
]

# Every page lives under /kk/, /ru/ or /en/; Kazakh, the state language,
# is the default and is prefixed too so that a link names its language.
urlpatterns += i18n_patterns(
    path("", vacancy_views.home, name="home"),
    path("vacancies/", include("vacancies.urls")),
    path("employers/", include("employers.urls")),
    path("cabinet/vacancies/", include("vacancies.cabinet_urls")),
    path("accounts/", include("accounts.urls")),
    path("resumes/", include("resumes.urls")),
    path("applications/", include("applications.urls")),
    path("info/", include("content.urls")),
    path("incidents/", include("incidents.urls")),
    path("security/", include("security.urls")),
    path("feedback/", include("helpdesk.urls")),
    path("", include("operations.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
