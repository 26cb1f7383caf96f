"""Migration 0011 refreshes the search words of rows holding "C++17" and the like."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import VacancyFactory
from vacancies.models import Vacancy
from vacancies.selectors import SearchQuery, vacancy_search

refresh = importlib.import_module(
    "vacancies.migrations.0011_versioned_signed_search_words"
).refresh_search_words

pytestmark = pytest.mark.django_db


def found(text: str) -> list[int]:
    return [vacancy.pk for vacancy in vacancy_search(SearchQuery(text=text)).results]


def test_rows_holding_a_versioned_language_get_their_words_again_and_are_found():
    versioned = VacancyFactory(title="Разработчик", requirements="<li>C++17, C#10</li>")
    other = VacancyFactory(title="Бухгалтер")
    # As the previous release wrote them.
    Vacancy.objects.filter(pk=versioned.pk).update(
        search_title="разработчик", search_document="разработчик c 17 c 10"
    )
    Vacancy.objects.filter(pk=other.pk).update(search_document="stale")
    assert found("C++") == []

    refresh(apps, None)

    versioned.refresh_from_db()
    assert versioned.search_document == "разработчик cplusplus 17 csharp 10"
    assert Vacancy.objects.get(pk=other.pk).search_document == "stale"
    assert found("C++") == found("C++17") == found("c#") == [versioned.pk]


def test_it_costs_one_query_on_an_empty_table():
    with CaptureQueriesContext(connection) as queries:
        refresh(apps, None)

    assert len(queries) == 1
