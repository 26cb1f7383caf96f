"""English readers meet the portal's English names of KATO units."""

import html

import pytest
from django.core.cache import cache
from django.core.management import call_command

from classifiers.models import KatoUnit
from classifiers.services import kato_units_load
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    # The home counts are cached; each test counts its own vacancies.
    cache.clear()
    yield
    cache.clear()


def test_load_classifiers_gives_the_shipped_english_names(capsys):
    call_command("load_classifiers")

    assert KatoUnit.objects.get(code="630000000").name_en == "East Kazakhstan Region"
    assert "0 rejected" in capsys.readouterr().out.splitlines()[0]


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", "Almaty", "г.Алматы"), ("ru", "г.Алматы", "Almaty"),
     ("kk", "Алматы қ.", "Almaty")],
)
def test_home_names_the_region_in_the_language_of_the_page(
    client, language, shown, not_shown
):
    almaty = KatoUnit.objects.create(
        code="750000000", version="NK RK 11-2025", level=1, name_kk="Алматы қ.",
        name_ru="г.Алматы", name_en="Almaty", tree_prefix="75",
    )
    VacancyFactory(oblast=almaty, region=almaty, region_code="750000000")

    body = client.get(f"/{language}/").content.decode()

    assert f"?region=750000000\">{shown}</a>" in body
    assert f">{not_shown}</a>" not in body


@pytest.fixture
def abai_district(tmp_path):
    """A district of Abai Region loaded as load_classifiers loads it."""
    kato = tmp_path / "kato.csv"
    kato.write_text(
        "code,level,type_code,name_ru,name_kk\n"
        "100000000,oblast,0,область Абай,Абай облысы\n"
        "103200000,district,2,Абайский район,Абай ауданы\n",
        encoding="utf-8",
    )
    english = tmp_path / "kato_en.csv"
    english.write_text("code,name_en\n100000000,Abai Region\n", encoding="utf-8")
    kato_units_load(path=kato, english=english)
    return tuple(KatoUnit.objects.filter(code__in=["100000000", "103200000"]))


@pytest.mark.parametrize(
    ("language", "place"),
    [
        ("en", "Abay District, Abai Region"),
        ("ru", "Абайский район, область Абай"),
        ("kk", "Абай ауданы, Абай облысы"),
    ],
)
def test_vacancy_pages_name_a_district_in_the_language_of_the_page(
    client, abai_district, language, place
):
    abai, district = abai_district
    vacancy = VacancyFactory(
        title="Бухгалтер", oblast=abai, region=district, region_code=district.code
    )

    search = client.get(f"/{language}/vacancies/", {"region": "100000000"})
    detail = client.get(f"/{language}/vacancies/{vacancy.pk}/")

    assert place in html.unescape(search.content.decode())
    assert place in html.unescape(detail.content.decode())
