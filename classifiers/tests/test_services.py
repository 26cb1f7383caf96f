import re
from pathlib import Path

import pytest
from django.utils import translation

from classifiers.models import DataLoad, KatoUnit, Occupation
from classifiers.services import (
    kato_units_load,
    occupation_titles_load,
    occupations_load,
)
from classifiers.sources import KATO_ENGLISH_FILE, RowProblem


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def kato(code: str):
    return KatoUnit.objects.get(version="NK RK 11-2025", code=code)


@pytest.mark.django_db
def test_it_loads_all_15594_kato_units_with_parents_and_tree_prefixes():
    result = kato_units_load()

    assert (result.created, result.updated, result.problems) == (15594, 0, [])
    assert KatoUnit.objects.count() == 15594
    counts = {
        level: KatoUnit.objects.filter(level=level).count() for level in (1, 2, 3, 4)
    }
    assert counts == {1: 20, 2: 209, 3: 2379, 4: 12986}
    karaganda = kato("351010000")
    assert (karaganda.name_ru, karaganda.name_kk) == ("г.Караганда", "Қарағанды қ.")
    assert karaganda.tree_prefix == "351010"
    assert karaganda.parent.code == "351000000"
    assert karaganda.parent.parent.code == "350000000"
    assert kato("350000000").tree_prefix == "35"
    assert kato("351000000").tree_prefix == "3510"
    assert kato("351010000").parent.tree_prefix == "3510"
    assert KatoUnit.objects.filter(level=1, parent__isnull=False).count() == 0
    assert KatoUnit.objects.filter(level__gt=1, parent__isnull=True).count() == 0


@pytest.mark.django_db
def test_it_hangs_units_without_their_direct_parent_under_the_nearest_unit_above():
    kato_units_load()

    # Districts of Astana, a city of republican significance: no AABB00000 row.
    astana_district = kato("711110000")
    assert astana_district.parent.code == "710000000"
    assert astana_district.tree_prefix == "711110"
    # A town with no rural district above it hangs under its district.
    assert kato("113820100").parent.code == "113800000"
    # A settlement coded under a district (CC = 00) hangs under the district.
    assert kato("351600200").parent.code == "351600000"


@pytest.mark.django_db
def test_it_keeps_ids_and_changes_nothing_when_loaded_twice(write):
    path = write(
        "kato.csv", (Path(__file__).parent / "data" / "kato_small.csv").read_text()
    )
    kato_units_load(path=path)
    ids = dict(KatoUnit.objects.values_list("code", "id"))

    again = kato_units_load(path=path, force=True)

    assert (again.created, again.updated, again.unchanged) == (0, 0, len(ids))
    assert dict(KatoUnit.objects.values_list("code", "id")) == ids


@pytest.mark.django_db
def test_it_skips_an_unchanged_file_and_loads_a_changed_one(write):
    text = (Path(__file__).parent / "data" / "kato_small.csv").read_text()
    path = write("kato.csv", text)
    kato_units_load(path=path)

    assert kato_units_load(path=path).skipped is True

    path.write_text(text.replace("г.Караганда", "г. Караганда"), encoding="utf-8")
    changed = kato_units_load(path=path)
    assert (changed.skipped, changed.created, changed.updated) == (False, 0, 1)
    assert kato("351010000").name_ru == "г. Караганда"
    assert (
        DataLoad.objects.filter(source="kato", finished_at__isnull=False).count() == 2
    )


@pytest.mark.django_db
def test_it_rejects_bad_kato_rows_with_their_line_and_loads_the_rest(write):
    path = write(
        "kato.csv",
        "code,level,type_code,name_ru,name_kk\n"
        "750000000,oblast,1,г.Алматы,Алматы қ.\n"
        "75111000,sub_district,1,Алмалинский район,Алмалы ауданы\n"
        "751210000,quarter,1,Алатауский район,Алатау ауданы\n"
        "751310000,sub_district,1,,Әуезов ауданы\n"
        "750000000,oblast,1,г.Алматы,Алматы қ.\n",
    )

    result = kato_units_load(path=path)

    assert result.created == 1
    assert result.problems == [
        RowProblem(3, "KATO code must be 9 digits: 75111000"),
        RowProblem(4, "Unknown KATO level: quarter"),
        RowProblem(5, "KATO unit 751310000 has no name"),
        RowProblem(6, "Code 750000000 repeats line 2"),
    ]


@pytest.mark.django_db
def test_it_reads_the_statistics_bureau_export_as_well(write):
    path = write(
        "kz_kato_2025.csv",
        "kato,kato_version,level,type_code,name_ru,name_kk\n"
        "750000000,NK RK 11-2025,oblast,1,г.Алматы,Алматы қ.\n",
    )

    assert kato_units_load(path=path).created == 1
    assert kato("750000000").level == 1


@pytest.mark.django_db
def test_it_refuses_a_file_without_the_needed_columns(write):
    from core.errors import ValidationFailed

    path = write("kato.csv", "code,name\n750000000,Алматы\n")

    with pytest.raises(ValidationFailed) as raised:
        kato_units_load(path=path)
    assert (
        str(raised.value)
        == "kato.csv lacks the columns: level, name_kk, name_ru, type_code"
    )


@pytest.mark.django_db
def test_it_loads_all_619_isco_groups_with_parents_by_code_prefix():
    result = occupations_load()

    assert (result.created, result.problems) == (619, [])
    counts = {
        level: Occupation.objects.filter(level=level).count() for level in (1, 2, 3, 4)
    }
    assert counts == {1: 10, 2: 43, 3: 130, 4: 436}
    developers = Occupation.objects.get(code="2512")
    assert developers.title_en == "Software developers"
    assert developers.parent.code == "251"
    assert developers.parent.parent.parent.code == "2"
    assert developers.parent.parent.parent.parent is None


@pytest.mark.django_db
def test_it_gives_every_isco_group_unofficial_kazakh_and_russian_titles():
    occupations_load()

    result = occupation_titles_load()

    assert (result.updated, result.problems) == (619, [])
    managers = Occupation.objects.get(code="1")
    assert (managers.title_kk, managers.title_ru) == ("Басшылар", "Руководители")
    accounting = Occupation.objects.get(code="3313")
    assert (accounting.title_kk, accounting.title_ru) == (
        "Бухгалтерлік есеп саласындағы техник-мамандар",
        "Специалисты-техники в области бухгалтерского учёта",
    )
    untitled = Occupation.objects.filter(title_kk="") | Occupation.objects.filter(
        title_ru=""
    )
    assert list(untitled.values_list("code", flat=True)) == []
    assert not Occupation.objects.filter(titles_official=True).exists()
    with translation.override("kk"):
        assert accounting.title == accounting.title_kk


@pytest.mark.django_db
def test_an_unofficial_title_never_replaces_an_official_one(write):
    occupations_load()
    official = write(
        "official.csv",
        "code,title_kk,title_ru,official\n2512,Бағдарламалық жасақтама әзірлеушілері,"
        "Разработчики программного обеспечения,1\n",
    )
    unofficial = write(
        "unofficial.csv",
        "code,title_kk,title_ru,official\n2512,Бағдарламашылар,Программисты,0\n",
    )

    occupation_titles_load(path=official)
    result = occupation_titles_load(path=unofficial)

    group = Occupation.objects.get(code="2512")
    assert group.title_ru == "Разработчики программного обеспечения"
    assert group.titles_official is True
    assert (result.updated, result.unchanged) == (0, 1)


@pytest.mark.django_db
def test_it_rejects_titles_for_groups_that_do_not_exist(write):
    occupations_load()
    path = write(
        "titles.csv",
        "code,title_kk,title_ru,official\n9999,Жоқ,Нет,0\n25,Ақпарат,Информация,2\n",
    )

    result = occupation_titles_load(path=path)

    assert result.problems == [
        RowProblem(2, "No ISCO group 9999 to give titles to; load ISCO first"),
        RowProblem(3, "official must be 0 or 1, not 2"),
    ]


def test_the_shipped_titles_file_covers_every_isco_group_once_and_unofficially():
    from classifiers.sources import ISCO_FILE, ISCO_TITLES_FILE, read_isco, read_titles

    rows, problems = read_titles(ISCO_TITLES_FILE)
    groups, _problems = read_isco(ISCO_FILE)

    assert problems == []
    codes = [row.code for row in rows]
    assert sorted(codes) == sorted(group.code for group in groups)
    assert len(codes) == len(set(codes)) == 619
    assert all(row.title_kk and row.title_ru and not row.official for row in rows)
    # Latin letters inside Kazakh or Russian words are look-alike typos
    # ("c" for "с") that break search and sorting.
    latin = [
        row.code for row in rows if re.search("[A-Za-z]", row.title_kk + row.title_ru)
    ]
    assert latin == []


@pytest.mark.django_db
def test_regions_and_cities_get_curated_english_names_and_other_units_romanised():
    result = kato_units_load(english=KATO_ENGLISH_FILE)

    assert result.problems == []
    assert kato("190000000").name_en == "Almaty Region"
    assert kato("750000000").name_en == "Almaty"
    assert kato("351010000").name_en == "Karaganda"
    assert kato("711110000").name_en == "Almaty District"
    assert KatoUnit.objects.filter(name_en="").count() == 0
    assert KatoUnit.objects.filter(name_en_romanised=False).count() == 98
    assert KatoUnit.objects.filter(level=1, name_en_romanised=True).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Қарағанды қ."), ("ru", "г.Караганда"), ("en", "Karaganda")],
)
def test_a_unit_is_named_in_the_language_of_the_page(language, expected):
    kato_units_load(english=KATO_ENGLISH_FILE)

    with translation.override(language):
        assert kato("351010000").name == expected


@pytest.mark.django_db
def test_english_readers_get_the_romanised_name_where_there_is_no_curated_one():
    kato_units_load(english=KATO_ENGLISH_FILE)

    with translation.override("en"):
        assert kato("711110000").name == "Almaty District"


@pytest.mark.django_db
def test_english_readers_get_the_russian_name_of_a_unit_without_an_english_one():
    unit = KatoUnit.objects.create(
        code="711110000", version="NK RK 11-2025", level=2, name_kk="Алматы ауданы",
        name_ru="район Алматы", tree_prefix="7111",
    )

    with translation.override("en"):
        assert unit.name == "район Алматы"


@pytest.mark.django_db
def test_bad_english_names_are_reported_with_their_line(write):
    kato_path = write(
        "kato.csv",
        "code,level,type_code,name_ru,name_kk\n"
        "750000000,oblast,1,г.Алматы,Алматы қ.\n",
    )
    english = write(
        "kato_en.csv",
        "code,name_en\n"
        "750000000,Almaty\n"
        "75000000,Almaty\n"
        "790000000,Shymkent\n"
        "750000000,Alma-Ata\n",
    )

    result = kato_units_load(path=kato_path, english=english)

    assert kato("750000000").name_en == "Almaty"
    assert result.problems == [
        RowProblem(3, "KATO code must be 9 digits: 75000000"),
        RowProblem(4, "No KATO unit 790000000 to give an English name to"),
        RowProblem(5, "Code 750000000 repeats line 2"),
    ]


@pytest.mark.django_db
def test_a_changed_english_name_file_loads_the_units_again(write):
    kato_path = write(
        "kato.csv",
        "code,level,type_code,name_ru,name_kk\n"
        "750000000,oblast,1,г.Алматы,Алматы қ.\n",
    )
    english = write("kato_en.csv", "code,name_en\n750000000,Almaty\n")
    kato_units_load(path=kato_path, english=english)
    assert kato_units_load(path=kato_path, english=english).skipped is True

    english.write_text("code,name_en\n750000000,Almaty city\n", encoding="utf-8")
    again = kato_units_load(path=kato_path, english=english)

    assert (again.skipped, again.updated) == (False, 1)
    assert kato("750000000").name_en == "Almaty city"
