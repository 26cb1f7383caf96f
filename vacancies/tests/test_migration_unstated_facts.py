"""Migration 0008: clear the facts earlier imports stored without a source."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import VacancyFactory
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

migration = import_module("vacancies.migrations.0008_clear_unstated_facts")
LONG_AGO = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
# What the importer of before stored for every row that did not say.
INVENTED = {"employment_type": "full", "schedule": "full_day", "education": "any"}
STATED = {"employment_type": "part", "schedule": "shift", "education": "higher"}


def row(source: str, **facts: str) -> int:
    vacancy = VacancyFactory(source=source, external_id=f"{source}-1", **facts)
    Vacancy.objects.filter(pk=vacancy.pk).update(updated_at=LONG_AGO)
    return vacancy.pk


def facts(pk: int) -> tuple[str, str, str, bool]:
    vacancy = Vacancy.objects.get(pk=pk)
    return (
        vacancy.employment_type, vacancy.schedule, vacancy.education,
        vacancy.updated_at > LONG_AGO,
    )


def test_it_clears_the_facts_the_csv_cards_and_hh_records_never_gave():
    card_2020 = row("hhkz2020", **INVENTED)
    card_2024 = row("hhkz_it2024", **INVENTED)
    hh = row("hh", **STATED)
    portal = row("portal", **STATED)

    with CaptureQueriesContext(connection) as queries:
        migration.clear_unstated_facts(apps, None)

    assert facts(card_2020) == ("", "", "", True)
    assert facts(card_2024) == ("", "", "", True)
    # hh records state employment and schedule, when they do; never education.
    assert facts(hh) == ("part", "shift", "", True)
    assert facts(portal) == ("part", "shift", "higher", False)
    # One statement per condition, whatever the number of rows.
    assert len(queries.captured_queries) == 2


def test_it_leaves_rows_that_state_nothing_untouched():
    card = row("hhkz2020", employment_type="", schedule="", education="")
    hh = row("hh", education="")

    migration.clear_unstated_facts(apps, None)

    assert facts(card) == ("", "", "", False)
    assert facts(hh)[2:] == ("", False)
