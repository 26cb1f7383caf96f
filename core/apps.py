from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core.localtime import assert_almaty_offset

        # Fails loudly at start-up: legal terms are computed in local time.
        assert_almaty_offset()
