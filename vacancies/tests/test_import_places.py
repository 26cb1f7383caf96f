from pathlib import Path

import pytest

from classifiers.places import PlaceIndex
from classifiers.sources import read_kato
from vacancies.importing.places import PlaceResolver

SAMPLE_KATO = Path(__file__).parent / "data" / "kato_sample.csv"


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    rows, _problems = read_kato(SAMPLE_KATO)
    # Database ids stand in as the code itself, which keeps assertions readable.
    index = PlaceIndex(
        (int(row.code), row.code, row.level, row.name_ru, row.name_kk) for row in rows
    )
    return PlaceResolver(index)


def where(resolver, text, **hints):
    place = resolver.resolve(text, **hints)
    return place.city, place.country_code, place.region_code, place.is_abroad


@pytest.mark.parametrize(
    ("text", "city", "code"),
    [
        ("Алматы", "Алматы", "750000000"),
        ("Астана", "Астана", "710000000"),
        ("Нур-Султан", "Астана", "710000000"),
        ("Нұр-Сұлтан", "Астана", "710000000"),
        ("Караганда", "Караганда", "351010000"),
        ("Қарағанды", "Караганда", "351010000"),
        ("Шымкент", "Шымкент", "790000000"),
        ("Петропавловск", "Петропавловск", "591010000"),
        ("Усть-Каменогорск", "Усть-Каменогорск", "631010000"),
        ("Капчагай", "Қонаев", "191010000"),
        ("Аксай (Казахстан)", "Аксай", "273620100"),
        ("Сергеевка (Северо-Казахстанская область)", "Сергеевка", "595620100"),
    ],
)
def test_it_puts_kazakh_cities_on_their_kato_unit(resolver, text, city, code):
    assert where(resolver, text) == (city, "KZ", code, False)


@pytest.mark.parametrize(
    "text",
    [
        "Алматы, Абая",
        "Алматы, Москва",
        "Алматы, Алатау и еще 1 ",
        "Алматы, Абая и еще 2",
    ],
)
def test_what_follows_a_comma_is_a_station_not_a_place(resolver, text):
    # "Москва" and "Алатау" here are metro stations of Almaty.
    assert where(resolver, text) == ("Алматы", "KZ", "750000000", False)


def test_it_fills_the_oblast_of_a_city_inside_an_oblast(resolver):
    place = resolver.resolve("Караганда")

    assert (place.region_id, place.oblast_id) == (351010000, 350000000)


@pytest.mark.parametrize(
    ("text", "area_id", "currency", "city", "country"),
    [
        ("Москва", "1", None, "Москва", "RU"),
        ("Санкт-Петербург", "2", "RUB", "Санкт-Петербург", "RU"),
        ("Петропавловск-Камчатский", "44", "RUB", "Петропавловск-Камчатский", "RU"),
        ("Минск", "1002", "BYN", "Минск", "BY"),
        ("Дзержинск (Беларусь)", "2314", None, "Дзержинск", "BY"),
        ("Горки (Республика Беларусь)", "2337", "BYN", "Горки", "BY"),
        (
            "Озерск (Челябинская область)",
            "1403",
            "RUB",
            "Озерск (Челябинская область)",
            "RU",
        ),
        ("Тбилиси", "2758", "USD", "Тбилиси", "GE"),
        ("Ташкент", "2759", "UZS", "Ташкент", "UZ"),
        ("Россия", "113", "RUB", "", "RU"),
        # Unknown towns: the salary's currency tells the country.
        ("Неизвестновск", None, "RUB", "Неизвестновск", "RU"),
        ("Неизвестнополь", None, "BYN", "Неизвестнополь", "BY"),
    ],
)
def test_it_marks_vacancies_abroad_with_their_country(
    resolver, text, area_id, currency, city, country
):
    assert where(resolver, text, area_id=area_id, currency=currency) == (
        city,
        country,
        "",
        True,
    )


def test_a_foreign_town_wins_over_a_kazakh_village_of_the_same_name(resolver):
    # Глубокое is a town in Belarus and a village in East Kazakhstan.
    assert where(resolver, "Глубокое", area_id="2257") == ("Глубокое", "BY", "", True)


def test_a_salary_in_tenge_keeps_the_village_in_kazakhstan(resolver):
    assert where(resolver, "Глубокое", currency="KZT") == (
        "Глубокое",
        "KZ",
        "634030100",
        False,
    )


def test_an_unknown_town_without_hints_stays_in_kazakhstan_without_a_region(resolver):
    assert where(resolver, "Актогай") == ("Актогай", "KZ", "", False)
    assert where(resolver, "") == ("", "KZ", "", False)
