"""Units without a curated English name get their Kazakh name romanised."""

import csv
import re
from importlib import import_module

import pytest
from django.apps import apps

from classifiers.models import KatoUnit
from classifiers.romanisation import kato_english_name, romanise_kazakh
from classifiers.services import kato_units_load
from classifiers.sources import KATO_FILE
from tests.factories import KatoUnitFactory

migration = import_module("classifiers.migrations.0005_kato_romanised_english_names")


@pytest.mark.parametrize(
    ("name_kk", "english"),
    [
        # Each Kazakh letter (ә ғ қ ң ө ұ ү һ і) and the type words, real names.
        ("Сәтбаев а.о.", "Sätbaev rural district"),
        ("Ғабит Мүсірепов атын.ауданы", "Ghabīt Müsirepov District"),
        ("Қараауыл а.о.", "Qaraaūyl rural district"),
        ("Кеңгірбай би а.", "Kenggirbay bī village"),
        ("Бөрлі ауданы", "Börli District"),
        ("Қасқабұлақ а.", "Qasqabulaq village"),
        ("Мәшһүр Жүсіп а.", "Mäshhür Zhüsip village"),
        ("Абай облысы", "Abay Region"),
        ("Семей Қ.Ә.", "Semey city administration"),
        ("Ақтау Г.А.", "Aqtaū city administration"),
        ("Өскемен қ.", "Öskemen city"),
        ("Шаған к.ә.", "Shaghan settlement administration"),
        ("Шаған к.", "Shaghan settlement"),
        ("Тайтөбе а.ә.", "Taytöbe rural administration"),
        ("Жаңабаз қыстауы", "Zhangabaz winter camp"),
        ("Ақбұлақ ст.", "Aqbulaq station"),
    ],
)
def test_a_kazakh_name_is_romanised_with_its_type_word_in_english(name_kk, english):
    assert kato_english_name(name_kk) == english


def test_the_type_mark_must_be_a_word_of_its_own():
    # "ат а." ends "Арқат а." but is not the "атын./ат." of "named after".
    assert kato_english_name("Арқат а.") == "Arqat village"
    assert kato_english_name("Темір Масин ат.а.о.") == "Temir Masīn rural district"


def test_published_quirks_are_read_as_the_letters_they_stand_for():
    # Old-font letters, a stray space in the mark, a no-break space.
    assert kato_english_name("Форт-Шевченко ќ.") == "Fort-Shevchenko city"
    assert kato_english_name("Нўрғазы а.") == "Nurghazy village"
    assert kato_english_name("Бурыл а.о .") == "Būryl rural district"
    assert kato_english_name("Қарабұлақ  \xa0а.ә.") == "Qarabulaq rural administration"


def test_a_name_without_a_known_mark_is_romanised_whole():
    assert kato_english_name("ХПП кенті") == "KHPP settlement"
    assert kato_english_name("Арғынбай мекені") == "Arghynbay mekeni"
    assert romanise_kazakh("Шымкент") == "Shymkent"
    assert romanise_kazakh("«Сарбасов К.» № 5") == "«Sarbasov K.» № 5"


def test_every_shipped_unit_gets_a_latin_english_name():
    with open(KATO_FILE, encoding="utf-8-sig", newline="") as handle:
        names = [row["name_kk"] for row in csv.DictReader(handle)]

    english = [kato_english_name(name) for name in names]

    assert len(english) == 15594
    assert [name for name in english if re.search("[\u0400-\u04ff]", name)] == []
    assert min(len(name) for name in english) > 0


@pytest.fixture
def kato_files(tmp_path):
    kato = tmp_path / "kato.csv"
    kato.write_text(
        "code,level,type_code,name_ru,name_kk\n"
        "190000000,oblast,0,Алматинская область,Алматы облысы\n"
        "191000000,district,3,Қонаев Г.А.,Қонаев Қ.Ә.\n"
        "191010000,sub_district,1,г.Қонаев,Қонаев қ.\n"
        "194083000,sub_district,2,Шелекский с.о.,Шелек а.о.\n",
        encoding="utf-8",
    )
    english = tmp_path / "kato_en.csv"
    english.write_text(
        "code,name_en\n190000000,Almaty Region\n191010000,Konaev\n", encoding="utf-8"
    )
    return kato, english


def names(code: str) -> tuple[str, bool]:
    unit = KatoUnit.objects.get(code=code)
    return unit.name_en, unit.name_en_romanised


@pytest.mark.django_db
def test_a_curated_english_name_wins_over_the_romanised_one(kato_files):
    kato, english = kato_files

    result = kato_units_load(path=kato, english=english)

    assert result.problems == []
    assert names("190000000") == ("Almaty Region", False)
    assert names("191010000") == ("Konaev", False)
    assert names("191000000") == ("Qonaev city administration", True)
    assert names("194083000") == ("Shelek rural district", True)


@pytest.mark.django_db
def test_a_curated_name_added_later_replaces_the_romanised_one(kato_files):
    kato, english = kato_files
    kato_units_load(path=kato, english=english)

    with open(english, "a", encoding="utf-8") as handle:
        handle.write("194083000,Shelek Rural District\n")
    again = kato_units_load(path=kato, english=english)

    assert again.updated == 1
    assert names("194083000") == ("Shelek Rural District", False)


@pytest.mark.django_db
def test_the_migration_romanises_the_units_loaded_before_it():
    curated = KatoUnitFactory(code="190000000", name_kk="Алматы облысы",
                              name_en="Almaty Region")
    district = KatoUnitFactory(code="194000000", level=2, parent=curated,
                               name_kk="Еңбекшіқазақ ауданы", name_en="")

    migration.romanise_missing_english_names(apps, None)

    assert names(curated.code) == ("Almaty Region", False)
    assert names(district.code) == ("Engbekshiqazaq District", True)


@pytest.mark.django_db
def test_a_load_after_the_migration_changes_nothing(kato_files):
    kato, english = kato_files
    kato_units_load(path=kato, english=english)
    KatoUnit.objects.filter(name_en_romanised=True).update(
        name_en="", name_en_romanised=False
    )
    migration.romanise_missing_english_names(apps, None)

    again = kato_units_load(path=kato, english=english, force=True)

    assert (again.updated, again.unchanged) == (0, 4)

