"""A vacancy's place reads in the page's language: the country by name, and on
English pages the source's Cyrillic city in Latin letters."""

import html

import pytest

from classifiers.romanisation import romanise_place_name
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Tbilisi, Georgia (abroad)"),
    ("ru", "Тбилиси, Грузия (за рубежом)"),
    ("kk", "Тбилиси, Грузия (шетелде)"),
])
def test_a_city_abroad_is_shown_with_its_country_in_the_pages_language(
    client, language, expected
):
    VacancyFactory(oblast=None, is_abroad=True, city="Тбилиси", country_code="GE",
                   title="Аналитик")

    response = client.get(f"/{language}/vacancies/?abroad=1")
    page = html.unescape(response.content.decode())

    assert expected in page


@pytest.mark.parametrize(("source", "english"), [
    ("Москва", "Moscow"),
    ("Санкт-Петербург", "Saint Petersburg"),
    ("Екатеринбург", "Yekaterinburg"),
    ("Набережные Челны", "Naberezhnyye Chelny"),
    ("Могилев", "Mogilev"),
])
def test_an_english_page_names_a_russian_spelled_city_in_latin_letters(
    client, source, english
):
    VacancyFactory(oblast=None, is_abroad=True, city=source, country_code="RU")

    page = html.unescape(client.get("/en/vacancies/?abroad=1").content.decode())

    assert f"{english}, Russia (abroad)" in page
    assert source not in page


def test_a_country_without_a_city_is_still_named(client):
    VacancyFactory(oblast=None, is_abroad=True, city="", country_code="BY")

    page = html.unescape(client.get("/en/vacancies/?abroad=1").content.decode())

    assert "Belarus (abroad)" in page


def test_a_kazakh_spelled_name_is_romanised_as_kazakh_and_latin_stays():
    assert romanise_place_name("Ақтөбе") == "Aqtöbe"
    assert romanise_place_name("Актобе") == "Aktobe"
    assert romanise_place_name("Tbilisi") == "Tbilisi"
