from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.db.models.signals import post_migrate


def _ensure_search_index(sender: AppConfig, using: str, **kwargs: object) -> None:
    from django.db import connections

    from vacancies.search_index import search_index_ensure

    search_index_ensure(connections[using])


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = _("Vacancies")

    def ready(self) -> None:
        # A later migration may rebuild the vacancy table on SQLite and drop
        # the full-text triggers with it; put them back after every migrate.
        post_migrate.connect(_ensure_search_index, sender=self)
