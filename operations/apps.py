from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Registers the sanity checks that run at start-up.
        from operations import checks  # noqa: F401
