"""A company's vacancies are found by its name, without its legal form, and by
its new name a few minutes after it is renamed."""

import html
from importlib import import_module

import pytest
from django.apps import apps

from employers.services import employer_update
from tests.factories import EmployerFactory, VacancyFactory
from vacancies.models import Vacancy
from vacancies.selectors import SearchQuery, vacancy_search
from vacancies.services import vacancy_create, vacancy_search_words_catch_up

pytestmark = pytest.mark.django_db

migration = import_module("vacancies.migrations.0013_place_search_words")


def found(text: str) -> set[str]:
    return {vacancy.title for vacancy in vacancy_search(SearchQuery(text=text)).results}


@pytest.fixture
def kaspi_and_halyk():
    VacancyFactory(title="Аналитик", employer=EmployerFactory(name="АО «Kaspi Bank»"))
    VacancyFactory(title="Кассир", employer=EmployerFactory(name="АО «Halyk Bank»"))
    VacancyFactory(title="Юрист", description="Регистрация ТОО и АО под ключ")


@pytest.mark.parametrize("text", ["Kaspi", "kaspi bank", "АО «Kaspi Bank»",
                                  "аналитик kaspi"])
def test_a_search_by_the_company_finds_its_vacancies(kaspi_and_halyk, text):
    assert found(text) == {"Аналитик"}


@pytest.mark.parametrize("text", ["ТОО", "АО", "жшс", "LLP", "ТОО «»", "ип ооо"])
def test_a_legal_form_alone_is_refused_with_a_reason_on_the_page_and_the_api(
    client, kaspi_and_halyk, text
):
    page = client.get("/ru/vacancies/", {"q": text})
    body = client.get("/api/v1/vacancies", {"q": text},
                      headers={"accept-language": "en"})

    shown = html.unescape(page.content.decode())
    assert "Добавьте название компании" in shown
    assert f'value="{text}"' in shown  # what was typed stays in the box
    assert body.status_code == 400
    assert body.json()["error"]["code"] == "legal_form_only"
    assert body.json()["error"]["message"].startswith("Add the company's name")


def test_a_word_that_only_contains_a_legal_form_is_searched(kaspi_and_halyk):
    assert found("bank") == {"Аналитик", "Кассир"}
    assert found("ипотека") == set()  # "ип" inside a word is no legal form


def test_the_api_finds_a_company_by_name_too(client, kaspi_and_halyk):
    body = client.get("/api/v1/vacancies", {"q": "Halyk"}).json()

    assert [item["title"] for item in body["items"]] == ["Кассир"]


def test_a_vacancy_written_on_the_portal_carries_its_employers_name(
    employer_user,
):
    employer = employer_user.employers.get()
    vacancy_create(employer=employer, by=employer_user, title="Бухгалтер")

    vacancy = Vacancy.objects.get()  # a draft: not listed yet
    assert vacancy.search_employer_name == "ТОО Алатау Сервис"
    assert vacancy.search_document == "бухгалтер алата сервис"


def test_a_renamed_company_is_found_by_its_new_name_once_the_worker_catches_up(
    employer_user,
):
    employer = employer_user.employers.get()
    VacancyFactory.create_batch(3, title="Бухгалтер", employer=employer)
    VacancyFactory(title="Кассир")

    employer_update(employer=employer, by=employer_user,
                    changes={"name": "ТОО Жетісу Логистик"})
    assert found("Жетісу") == set()

    assert vacancy_search_words_catch_up(batch_size=2) == 3

    assert found("Жетісу") == {"Бухгалтер"}
    assert found("Алатау") == set()
    assert vacancy_search_words_catch_up() == 0


def test_the_migration_adds_the_names_to_vacancies_stored_before_it():
    vacancy = VacancyFactory(
        title="Повар", employer=EmployerFactory(name="ТОО «Dostyq Food»"),
        description="<p>Горячий цех</p>",
    )
    Vacancy.objects.filter(pk=vacancy.pk).update(
        search_document="повар горяч цех", search_employer_name=""
    )

    migration.add_names_and_places(apps, None)

    vacancy.refresh_from_db()
    assert vacancy.search_employer_name == "ТОО «Dostyq Food»"
    assert vacancy.search_document.endswith("dostyq food")
    assert found("dostyq") == {"Повар"}
