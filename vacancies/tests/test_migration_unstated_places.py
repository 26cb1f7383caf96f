"""Migration 0009: the number of places of imported rows becomes "not stated"."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import VacancyFactory
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

migration = import_module("vacancies.migrations.0009_places_may_be_unstated")
LONG_AGO = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def row(source: str, places: int) -> int:
    vacancy = VacancyFactory(source=source, external_id=f"{places}", places=places)
    Vacancy.objects.filter(pk=vacancy.pk).update(updated_at=LONG_AGO)
    return vacancy.pk


def places(pk: int) -> tuple[int, bool]:
    vacancy = Vacancy.objects.get(pk=pk)
    return vacancy.places, vacancy.updated_at > LONG_AGO


def test_it_marks_the_places_every_import_invented_as_not_stated():
    imported = [row(source, 1) for source in ("hh", "hhkz2020", "hhkz_it2024")]
    portal = row("portal", 1)
    stated = row("portal", 4)

    with CaptureQueriesContext(connection) as queries:
        migration.clear_imported_places(apps, None)

    assert [places(pk) for pk in imported] == [(0, True)] * 3
    assert [places(portal), places(stated)] == [(1, False), (4, False)]
    assert len(queries.captured_queries) == 1


def test_it_changes_no_column_so_sqlite_keeps_its_full_text_triggers():
    schema_change, data_change = migration.Migration.operations

    # Django's view of the field changes; the database runs only the UPDATE.
    assert schema_change.database_operations == []
    assert [op.name for op in schema_change.state_operations] == ["places"]
    assert data_change.code is migration.clear_imported_places


def test_the_migrated_database_still_finds_words():
    # Migrated through 0009 for the tests: the full-text index is intact.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'vacancies_vacancy'"
            )
            triggers = {name for (name,) in cursor.fetchall()}
        assert triggers == {
            "vacancies_vacancy_fts_insert", "vacancies_vacancy_fts_delete",
            "vacancies_vacancy_fts_update",
        }
    else:
        columns = [c.name for c in connection.introspection.get_table_description(
            connection.cursor(), "vacancies_vacancy"
        )]
        assert "search_tsv" in columns
