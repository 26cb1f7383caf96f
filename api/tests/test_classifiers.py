import pytest

from api.tests.helpers import LANGUAGES, api_get, error_of, translated
from classifiers.selectors import UNKNOWN_CODE, UNKNOWN_EDITION
from classifiers.sources import KATO_VERSION
from tests.factories import KatoUnitFactory, OccupationFactory

pytestmark = pytest.mark.django_db

EDITION = KATO_VERSION


@pytest.fixture
def almaty_tree():
    """Two regions of the 2025 edition, one of them with a district."""
    abai = KatoUnitFactory(code="100000000", name_kk="Абай облысы",
                           name_ru="область Абай")
    almaty = KatoUnitFactory(code="750000000", name_kk="Алматы",
                             name_ru="г.Алматы", name_en="Almaty")
    district = KatoUnitFactory(
        code="751110000", level=2, parent=almaty, name_kk="Алатау ауданы",
        name_ru="Алатауский район",
    )
    return abai, almaty, district


def region(unit, *, parent_code=None, has_children=False):
    return {
        "id": unit.pk,
        "code": unit.code,
        "version": unit.version,
        "level": unit.level,
        "name_kk": unit.name_kk,
        "name_ru": unit.name_ru,
        "name_en": unit.name_en or None,
        "name_en_romanised": unit.name_en_romanised,
        "parent_code": parent_code,
        "has_children": has_children,
    }


def occupation(group, *, parent_code=None, has_children=False):
    return {
        "id": group.pk,
        "code": group.code,
        "version": group.version,
        "level": group.level,
        "title_en": group.title_en,
        "title_kk": group.title_kk,
        "title_ru": group.title_ru,
        "titles_official": group.titles_official,
        "parent_code": parent_code,
        "has_children": has_children,
    }


def test_it_lists_the_top_level_regions_without_a_parent(client, almaty_tree):
    abai, almaty, _district = almaty_tree

    response = api_get(client, "/api/v1/classifiers/regions")

    assert response.status_code == 200
    assert response.json() == {
        "items": [region(abai), region(almaty, has_children=True)]
    }


def test_it_lists_the_children_of_a_region(client, almaty_tree):
    _abai, _almaty, district = almaty_tree

    response = api_get(client, "/api/v1/classifiers/regions", parent="750000000")

    assert response.json() == {"items": [region(district, parent_code="750000000")]}


def test_it_lists_nothing_under_a_unit_without_children(client, almaty_tree):
    response = api_get(client, "/api/v1/classifiers/regions", parent="751110000")

    assert response.json() == {"items": []}


def test_it_gives_one_region_by_code(client, almaty_tree):
    _abai, almaty, _district = almaty_tree

    response = api_get(client, "/api/v1/classifiers/regions/750000000")

    assert response.status_code == 200
    assert response.json() == region(almaty, has_children=True)
    assert response.json()["name_en"] == "Almaty"


def test_a_unit_without_an_english_name_gives_null(client, almaty_tree):
    response = api_get(client, "/api/v1/classifiers/regions/751110000")

    assert response.json()["name_en"] is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_an_unknown_parent(client, almaty_tree, language):
    response = api_get(
        client, "/api/v1/classifiers/regions", language, parent="999999999"
    )

    assert error_of(response, status=400, language=language) == {
        "code": "invalid",
        "message": translated(UNKNOWN_CODE, language, code="999999999"),
        "field": "parent",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_answers_404_for_an_unknown_region_code(client, almaty_tree, language):
    response = api_get(client, "/api/v1/classifiers/regions/999999999", language)

    assert error_of(response, status=404, language=language) == {
        "code": "not_found",
        "message": translated(UNKNOWN_CODE, language, code="999999999"),
        "field": None,
    }


def test_it_refuses_a_parent_code_of_ten_thousand_characters(client, almaty_tree):
    response = api_get(client, "/api/v1/classifiers/regions", parent="7" * 10_000)

    error = error_of(response, status=400, language="kk")
    assert (error["code"], error["field"]) == ("invalid", "parent")


def test_it_reads_the_current_edition_unless_told_otherwise(client):
    # Loaded after the current one on purpose: load order must not matter.
    new = KatoUnitFactory(code="750000000", version=EDITION, name_ru="г.Алматы")
    old = KatoUnitFactory(code="750000000", version="NK RK 2021", name_ru="Алматы")

    newest = api_get(client, "/api/v1/classifiers/regions/750000000")
    older = api_get(
        client, "/api/v1/classifiers/regions/750000000", version="NK RK 2021"
    )
    top = api_get(client, "/api/v1/classifiers/regions", version="NK RK 2021")

    assert newest.json() == region(new)
    assert older.json() == region(old)
    assert top.json() == {"items": [region(old)]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_an_edition_that_is_not_loaded(client, almaty_tree, language):
    response = api_get(
        client, "/api/v1/classifiers/regions", language, version="KATO 1999"
    )

    assert error_of(response, status=400, language=language) == {
        "code": "invalid",
        "message": translated(UNKNOWN_EDITION, language, version="KATO 1999"),
        "field": "version",
    }


@pytest.fixture
def isco_tree():
    managers = OccupationFactory(code="1", title_en="Managers")
    clerks = OccupationFactory(code="4", title_en="Clerical support workers")
    executives = OccupationFactory(
        code="11", parent=managers, title_en="Chief executives, senior officials",
        title_ru="Руководители высшего звена", titles_official=True,
    )
    return managers, clerks, executives


def test_it_lists_the_major_groups_of_isco(client, isco_tree):
    managers, clerks, _executives = isco_tree

    response = api_get(client, "/api/v1/classifiers/occupations")

    assert response.status_code == 200
    assert response.json() == {
        "items": [occupation(managers, has_children=True), occupation(clerks)]
    }


def test_it_lists_the_groups_under_an_isco_group(client, isco_tree):
    _managers, _clerks, executives = isco_tree

    response = api_get(client, "/api/v1/classifiers/occupations", parent="1")

    assert response.json() == {"items": [occupation(executives, parent_code="1")]}


def test_it_gives_one_isco_group_by_code(client, isco_tree):
    _managers, _clerks, executives = isco_tree

    response = api_get(client, "/api/v1/classifiers/occupations/11")

    assert response.json() == occupation(executives, parent_code="1")


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_answers_404_for_an_unknown_isco_code(client, isco_tree, language):
    response = api_get(client, "/api/v1/classifiers/occupations/9999", language)

    assert error_of(response, status=404, language=language) == {
        "code": "not_found",
        "message": translated(UNKNOWN_CODE, language, code="9999"),
        "field": None,
    }


def test_it_refuses_an_unknown_isco_parent(client, isco_tree):
    response = api_get(client, "/api/v1/classifiers/occupations", parent="7")

    error = error_of(response, status=400, language="kk")
    assert (error["code"], error["field"]) == ("invalid", "parent")


def test_it_writes_kazakh_and_russian_letters_unescaped(client, almaty_tree):
    response = api_get(client, "/api/v1/classifiers/regions/100000000")

    assert "Абай облысы".encode() in response.content
