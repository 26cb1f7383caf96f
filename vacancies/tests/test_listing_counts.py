"""The whole listing's counts and the home page's are counted by the worker every
minute, so that no visitor waits for a count over every vacancy."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import tasks
from tests.factories import KatoUnitFactory, OccupationFactory, VacancyFactory
from vacancies.selectors import LISTING_CACHE_KEY
from vacancies.stats import CACHE_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def counted(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured if "vacancies_vacancy" in query["sql"]
            and "COUNT(" in query["sql"].upper()]


def test_after_the_workers_round_the_home_page_and_listing_count_nothing(client):
    VacancyFactory.create_batch(2)
    tasks.refresh_listing_counts()

    assert counted(client, "/en/") == []
    assert counted(client, "/en/vacancies/") == []
    assert "2 open vacancies in Kazakhstan" in client.get("/en/").content.decode()


def test_a_new_vacancy_is_counted_at_the_next_round(client):
    VacancyFactory()
    tasks.refresh_listing_counts()
    VacancyFactory()

    assert "1 open vacancy in Kazakhstan" in client.get("/en/").content.decode()
    tasks.refresh_listing_counts()
    assert "2 open vacancies in Kazakhstan" in client.get("/en/").content.decode()


def test_without_the_worker_a_visitor_counts_and_keeps_it_a_minute(client):
    VacancyFactory()

    assert counted(client, "/en/") != []
    assert cache.get(CACHE_KEY).total == 1
    assert cache.get(LISTING_CACHE_KEY)[0] == 1
    assert counted(client, "/en/") == []


def test_the_home_counts_are_the_listings_counts():
    almaty = KatoUnitFactory(code="750000000", name_ru="г.Алматы")
    managers = OccupationFactory(code="1", level=1)
    VacancyFactory.create_batch(2, oblast=almaty, occupation_major=managers)
    VacancyFactory(oblast=None, is_abroad=True, city="Минск", country_code="BY")
    VacancyFactory(oblast=almaty, occupation_major=None)

    counts = tasks.home_counts_refresh()

    assert (counts.total, counts.abroad, counts.in_kazakhstan) == (4, 1, 3)
    assert [(row.unit.pk, row.count) for row in counts.regions] == [(almaty.pk, 3)]
    assert [(row.group.pk, row.count) for row in counts.occupations] == [
        (managers.pk, 2)
    ]
    assert counts.unclassified == 2
