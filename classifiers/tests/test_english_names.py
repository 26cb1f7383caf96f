"""English readers meet the portal's English names of regions and cities."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from classifiers.models import KatoUnit
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
