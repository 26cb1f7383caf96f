import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import translation

from core.localtime import local_today
from tests.factories import KatoUnitFactory, OccupationFactory, VacancyFactory
from vacancies.models import CloseReason, Status
from vacancies.stats import home_counts


@pytest.fixture(autouse=True)
def empty_cache(db):
    # The home counts are cached; each test counts its own vacancies.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def almaty(db):
    return KatoUnitFactory(code="750000000", name_kk="Алматы қ.", name_ru="г.Алматы")


@pytest.fixture
def astana(db):
    return KatoUnitFactory(code="710000000", name_kk="Астана қ.", name_ru="г.Астана")


@pytest.fixture
def managers(db):
    return OccupationFactory(code="1", title_en="Managers", title_ru="Руководители")


@pytest.fixture
def professionals(db):
    return OccupationFactory(code="2", title_en="Professionals")


def test_it_counts_listable_vacancies_by_region_and_abroad(almaty, astana):
    VacancyFactory.create_batch(2, oblast=almaty)
    VacancyFactory(oblast=astana)
    VacancyFactory(is_abroad=True, country_code="RU")

    counts = home_counts()

    assert [(row.unit.code, row.count) for row in counts.regions] == [
        ("710000000", 1),
        ("750000000", 2),
    ]
    assert counts.abroad == 1
    assert counts.total == 4


def test_it_counts_vacancies_by_occupation_group_and_unclassified(
    managers, professionals
):
    VacancyFactory(occupation_major=professionals)
    VacancyFactory.create_batch(3, occupation_major=managers)
    VacancyFactory.create_batch(2, occupation_major=None)

    counts = home_counts()

    assert [(row.group.code, row.count) for row in counts.occupations] == [
        ("1", 3),
        ("2", 1),
    ]
    assert counts.unclassified == 2


def test_it_leaves_out_drafts_closed_and_expired_vacancies(almaty):
    today = local_today()
    VacancyFactory(oblast=almaty, expires_on=today)
    VacancyFactory(oblast=almaty, expires_on=None)
    VacancyFactory(oblast=almaty, status=Status.DRAFT, published_at=None)
    VacancyFactory(oblast=almaty, status=Status.CLOSED, close_reason=CloseReason.FILLED)
    VacancyFactory(oblast=almaty, expires_on=today - dt.timedelta(days=1))

    counts = home_counts()

    assert [(row.unit.code, row.count) for row in counts.regions] == [("750000000", 2)]
    assert counts.total == 2


def test_it_serves_cached_counts_until_the_cache_expires(almaty):
    VacancyFactory(oblast=almaty)
    assert home_counts().total == 1

    VacancyFactory(oblast=almaty)
    assert home_counts().total == 1

    cache.clear()
    assert home_counts().total == 2


def test_cached_names_follow_the_language_of_the_request(almaty, managers):
    VacancyFactory(oblast=almaty, occupation_major=managers)
    home_counts()

    with translation.override("kk"):
        counts = home_counts()
        assert counts.regions[0].unit.name == "Алматы қ."
    with translation.override("ru"):
        counts = home_counts()
        assert counts.regions[0].unit.name == "г.Алматы"
        assert counts.occupations[0].group.title == "Руководители"


def test_it_counts_nothing_when_there_are_no_vacancies(db):
    counts = home_counts()

    assert counts.total == 0
    assert counts.regions == []
    assert counts.occupations == []
    assert (counts.abroad, counts.unclassified) == (0, 0)
