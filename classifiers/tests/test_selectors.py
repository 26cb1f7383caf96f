from pathlib import Path

import pytest
from django.utils import timezone, translation

from classifiers.models import DataLoad
from classifiers.selectors import (
    data_load_is_current,
    kato_by_code,
    kato_find_places,
    kato_oblasts,
    occupation_by_code,
    occupation_major_choices,
    occupation_major_groups,
    region_choices,
)
from classifiers.services import (
    kato_units_load,
    occupation_titles_load,
    occupations_load,
)

SMALL_KATO = Path(__file__).parent / "data" / "kato_small.csv"


@pytest.fixture
def classifiers(db):
    kato_units_load(path=SMALL_KATO)
    occupations_load()
    occupation_titles_load()


def test_it_finds_units_and_groups_by_code(classifiers):
    assert kato_by_code("351010000").name_ru == "г.Караганда"
    assert kato_by_code("351010000", version="NK RK 2019") is None
    assert kato_by_code("000000000") is None
    assert occupation_by_code("2512").title_en == "Software developers"
    assert occupation_by_code("99") is None


def test_region_choices_are_the_level_one_units_named_in_the_active_language(
    classifiers,
):
    with translation.override("kk"):
        kazakh = region_choices()
    with translation.override("ru"):
        russian = region_choices()

    assert kato_oblasts().count() == 9
    assert [name for _code, name in kazakh] == [
        "Ақмола облысы",
        "Алматы қ.",
        "Алматы облысы",
        "Астана қ.",
        "Батыс Қазақстан облысы",
        "Қарағанды облысы",
        "Солтүстік Қазақстан облысы",
        "Шығыс Қазақстан облысы",
        "Шымкент қ.",
    ]
    assert [name for _code, name in russian[:4]] == [
        "Акмолинская область",
        "Алматинская область",
        "г.Алматы",
        "г.Астана",
    ]
    assert {code for code, _name in russian} == {code for code, _name in kazakh}


def test_occupation_major_groups_are_the_ten_with_translated_titles(classifiers):
    assert [group.code for group in occupation_major_groups()] == [
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
    ]
    with translation.override("ru"):
        assert occupation_major_choices()[2] == (
            "2",
            "Специалисты высшего уровня квалификации",
        )
    with translation.override("en"):
        assert occupation_major_choices()[2] == ("2", "Professionals")


def test_it_finds_places_by_the_city_names_people_write(classifiers):
    assert [unit.code for unit in kato_find_places("Қарағанды")] == ["351010000"]
    assert [unit.code for unit in kato_find_places("Нур-Султан")] == ["710000000"]
    assert [unit.code for unit in kato_find_places("Өскемен")] == ["631010000"]
    assert kato_find_places("Минск") == []


@pytest.mark.django_db
def test_only_the_last_finished_load_of_the_same_file_counts_as_current():
    now = timezone.now()
    DataLoad.objects.create(
        source="kato",
        path="/data/kato.csv",
        sha256="a" * 64,
        context="c",
        started_at=now,
        finished_at=now,
    )
    DataLoad.objects.create(
        source="kato",
        path="/data/kato.csv",
        sha256="b" * 64,
        context="c",
        started_at=now,
        finished_at=None,
    )

    def current(sha256: str, context: str = "c", path: str = "/data/kato.csv") -> bool:
        return data_load_is_current(
            source="kato", path=path, sha256=sha256, context=context
        )

    assert current("a" * 64) is True
    assert current("b" * 64) is False  # never finished
    assert current("a" * 64, context="d") is False
    assert current("a" * 64, path="/other/kato.csv") is False


def test_the_regions_named_oblast_first_sort_by_their_own_name(db):
    from tests.factories import KatoUnitFactory

    for code, name_ru in [
        ("100000000", "область Абай"), ("110000000", "Акмолинская область"),
        ("330000000", "область Жетісу"), ("750000000", "г.Алматы"),
    ]:
        KatoUnitFactory(code=code, name_ru=name_ru)

    with translation.override("ru"):
        names = [name for _code, name in region_choices()]

    assert names == [
        "область Абай", "Акмолинская область", "г.Алматы", "область Жетісу"
    ]
