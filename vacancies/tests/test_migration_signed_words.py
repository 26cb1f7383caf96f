"""Migration 0010 refreshes the search words of rows holding C#, C++ or 1C."""

import importlib

import pytest
from django.apps import apps

from tests.factories import VacancyFactory
from vacancies.models import Vacancy
from vacancies.selectors import SearchQuery, vacancy_search

refresh = importlib.import_module(
    "vacancies.migrations.0010_signed_search_words"
).refresh_search_words

pytestmark = pytest.mark.django_db


def test_rows_holding_the_signs_get_their_words_again_and_are_found():
    sharp = VacancyFactory(title="C# developer", description="Знание 1C")
    other = VacancyFactory(title="Бухгалтер")
    # As the previous release wrote them.
    Vacancy.objects.filter(pk=sharp.pk).update(
        search_title="c develop", search_document="c develop знан 1c"
    )
    Vacancy.objects.filter(pk=other.pk).update(search_document="stale")

    refresh(apps, None)

    sharp.refresh_from_db()
    assert sharp.search_title == "csharp develop"
    assert sharp.search_document == "csharp develop знан 1с"
    assert Vacancy.objects.get(pk=other.pk).search_document == "stale"
    results = vacancy_search(SearchQuery(text="C#")).results
    assert [vacancy.pk for vacancy in results] == [sharp.pk]
