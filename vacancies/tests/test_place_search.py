"""A vacancy is found by where it is: "бухгалтер алматы" finds the accountants
of Almaty, in any of the three languages, and a city abroad by its country."""

from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import EmployerFactory, KatoUnitFactory, VacancyFactory
from vacancies.models import Vacancy
from vacancies.selectors import SearchQuery, vacancy_search
from vacancies.services import (
    vacancy_create,
    vacancy_publish,
    vacancy_search_words_catch_up,
    vacancy_update,
)

pytestmark = pytest.mark.django_db

migration = import_module("vacancies.migrations.0013_place_search_words")


def found(text: str) -> set[str]:
    return {vacancy.title for vacancy in vacancy_search(SearchQuery(text=text)).results}


@pytest.fixture
def almaty():
    return KatoUnitFactory(code="750000000", name_kk="Алматы қ.", name_ru="г.Алматы",
                           name_en="Almaty")


@pytest.fixture
def astana():
    return KatoUnitFactory(code="710000000", name_kk="Астана қ.", name_ru="г.Астана",
                           name_en="Astana")


@pytest.fixture
def places(almaty, astana):
    VacancyFactory(title="Бухгалтер", oblast=almaty, region=almaty, city="Алматы")
    VacancyFactory(title="Бухгалтер-кассир", oblast=astana, region=astana)
    VacancyFactory(title="Водитель", is_abroad=True, country_code="RU", city="Москва")
    VacancyFactory(title="Аналитик", is_abroad=True, country_code="GE", city="Тбилиси")


@pytest.mark.parametrize("text", ["бухгалтер алматы", "Бухгалтер Almaty",
                                  "бухгалтер Алматыда", "бухгалтер г. Алматы"])
def test_a_job_and_a_city_find_the_vacancies_there(places, text):
    assert found(text) == {"Бухгалтер"}


@pytest.mark.parametrize(("text", "title"), [
    ("водитель москва", "Водитель"), ("driver Moscow", set()), ("Moscow", "Водитель"),
    ("Ресей", "Водитель"), ("россия", "Водитель"), ("Tbilisi", "Аналитик"),
    ("грузия", "Аналитик"), ("Georgia", "Аналитик"),
])
def test_a_place_abroad_is_found_by_its_city_and_country_in_any_language(
    places, text, title
):
    assert found(text) == ({title} if isinstance(title, str) else title)


@pytest.mark.parametrize("text", ["облысы", "область", "город", "district", "қ"])
def test_a_word_for_a_kind_of_place_finds_no_place(places, text):
    assert found(text) == set()


def test_moving_a_vacancy_moves_its_place_words(employer_user, almaty, astana):
    employer = employer_user.employers.get()
    vacancy = vacancy_create(employer=employer, by=employer_user, title="Повар",
                             region=almaty, expires_on=None)
    vacancy_publish(vacancy=vacancy, by=employer_user)
    assert found("повар алматы") == {"Повар"}

    vacancy_update(vacancy=Vacancy.objects.get(), by=employer_user,
                   changes={"region": astana})

    assert found("повар алматы") == set()
    assert found("повар астана") == {"Повар"}


def test_a_renamed_employers_vacancies_keep_their_place_words(employer_user, almaty):
    employer = employer_user.employers.get()
    VacancyFactory(title="Бухгалтер", employer=employer, oblast=almaty, region=almaty)
    employer.name = "ТОО Жетісу Логистик"
    employer.save()

    assert vacancy_search_words_catch_up() == 1

    assert found("жетісу алматы") == {"Бухгалтер"}


def test_the_migration_adds_the_places_to_vacancies_stored_before_it(almaty):
    vacancy = VacancyFactory(title="Повар", oblast=almaty, region=almaty,
                             employer=EmployerFactory(name="Dostyq"))
    Vacancy.objects.filter(pk=vacancy.pk).update(search_document="повар")

    migration.add_names_and_places(apps, None)

    assert found("повар almaty") == {"Повар"}
