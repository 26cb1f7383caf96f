from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Registers config/tasks.py, the one place where background work is scheduled."""

    name = "config"
    label = "portal_config"
    verbose_name = _("Portal configuration")
