from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core.localtime import assert_almaty_offset

        # Fails loudly at start-up: legal terms are computed in local time.
        assert_almaty_offset()
