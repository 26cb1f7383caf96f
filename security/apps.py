from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Information security")

    def ready(self) -> None:
        # Sign-ins, sign-outs, failed sign-ins and lockouts come from Django's
        # and django-axes' signals; the receivers only call the journal.
        from security import auditing, receivers

        receivers.connect()
        auditing.audit_register()
        auditing.audit_pause_for_migrations()
