import pytest

from classifiers.places import PlaceIndex, fold_place_name
from classifiers.sources import KATO_FILE, read_kato


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    """The index of the shipped KATO file, ids standing in for database ids."""
    rows, _problems = read_kato(KATO_FILE)
    return PlaceIndex(
        (number, row.code, row.level, row.name_ru, row.name_kk)
        for number, row in enumerate(rows, start=1)
    )


def code_of(index: PlaceIndex, name: str, **options) -> str | None:
    unit = index.find(name, **options)
    return unit.code if unit else None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Алматы", "750000000"),
        ("Астана", "710000000"),
        ("Нур-Султан", "710000000"),
        ("Нұр-Сұлтан", "710000000"),
        ("Караганда", "351010000"),
        ("Қарағанды", "351010000"),
        ("Шымкент", "790000000"),
        ("Костанай", "391010000"),
        ("Павлодар", "551010000"),
        ("Атырау", "231010000"),
        ("Петропавловск", "591010000"),
        ("Петропавл", "591010000"),
        ("Усть-Каменогорск", "631010000"),
        ("Өскемен", "631010000"),
        ("Уральск", "271010000"),
        ("Актобе", "151010000"),
        ("Семей", "101010000"),
        ("Кульсары", "233620100"),
        ("Щучинск", "117020100"),
        ("Капчагай", "191010000"),
        ("Сарканд", "334820100"),
        ("Отеген-Батыр", "196830100"),
        ("Чунджа", "196630100"),
        ("г. Караганда", "351010000"),
        ("г.Актобе", "151010000"),
        ("  УСТЬ – КАМЕНОГОРСК ", "631010000"),
        ("Алматы қ.", "750000000"),
    ],
)
def test_it_finds_kazakh_cities_by_russian_kazakh_and_old_names(index, name, code):
    assert code_of(index, name) == code


def test_it_prefers_the_city_of_almaty_over_the_astana_district_and_villages(index):
    # "район Алматы" in Astana and villages named Алматы lose to the city.
    assert code_of(index, "Алматы") == "750000000"


def test_a_city_wins_over_villages_of_the_same_name(index):
    # г.Сергеевка (North Kazakhstan) and с.Сергеевка (Akmola) both exist.
    assert code_of(index, "Сергеевка") == "595620100"


def test_an_oblast_named_in_a_hint_narrows_the_choice(index):
    akmola = index.oblast_code("Акмолинская область")
    north = index.oblast_code("Северо-Казахстанская область")

    assert (akmola, north) == ("110000000", "590000000")
    assert code_of(index, "Сергеевка", oblast_code=akmola) == "113857100"
    assert index.oblast_code("ВКО") == "630000000"
    assert index.oblast_code("Акмолинская обл.") == "110000000"


def test_villages_of_one_name_in_one_district_give_the_district(index):
    # Two villages "Атасу" in the Zhanaarka district of Ulytau.
    assert code_of(index, "Атасу") == "623600000"


def test_villages_of_one_name_in_different_oblasts_give_nothing(index):
    assert len(index.candidates("Актогай")) > 2
    assert code_of(index, "Актогай") is None


def test_a_name_that_is_no_kazakh_place_gives_nothing(index):
    assert code_of(index, "Москва") is None
    assert code_of(index, "") is None


def test_the_found_place_carries_its_russian_name_without_the_type_mark(index):
    unit = index.find("Нур-Султан")

    assert (unit.name, unit.rank, unit.oblast_code) == ("Астана", 0, "710000000")
    assert index.find("Қонаев").name == "Қонаев"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("г.Алматы", "алматы"),
        ("Г. Алматы", "алматы"),
        ("Алматы қ.", "алматы"),
        ("Усть - Каменогорск", "усть-каменогорск"),
        ("Орёл", "орел"),
        ("Форт-Шевченко ќ.", "форт-шевченко"),
        ("Нур\u00a0Султан", "нур султан"),
    ],
)
def test_it_folds_names_as_people_write_them(written, folded):
    assert fold_place_name(written) == folded
