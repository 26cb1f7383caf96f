from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Registers config/tasks.py, the one place where background work is scheduled."""

    name = "config"
    label = "portal_config"
    verbose_name = "Portal configuration"
