"""The employer's region select: oblasts by name, cities under their own name."""

import pytest
from django.utils import translation

from classifiers.selectors import place_name_key
from classifiers.services import kato_units_load
from classifiers.sources import KATO_ENGLISH_FILE
from vacancies.forms import VacancyForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def kato():
    kato_units_load(english=KATO_ENGLISH_FILE)


def choices(language):
    with translation.override(language):
        return VacancyForm().fields["region"].choices


def group(language, name):
    return dict(choices(language)[1:])[name]


def test_a_city_stands_in_its_administration_s_place_under_its_own_name(kato):
    labels = [label for _pk, label in group("kk", "Абай облысы")]

    assert "Семей қ." in labels
    assert "Семей Қ.Ә." not in labels
    english = [label for _pk, label in group("en", "Abai Region")]
    assert "Semey" in english and "Semey city administration" not in english


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [("kk", "Абай облысы", "Ақмола облысы"),
     ("ru", "область Абай", "Акмолинская область"),
     ("en", "Abai Region", "Akmola Region")],
)
def test_oblasts_come_by_name_in_the_page_s_language(kato, language, first, second):
    groups = [name for name, _options in choices(language)[1:]]

    assert groups[:2] == [first, second]
    assert len(groups) == 20


def test_each_group_lists_its_oblast_first_then_the_rest_by_name(kato):
    labels = [label for _pk, label in group("ru", "Карагандинская область")]

    assert labels[0] == "Карагандинская область"
    assert labels[1:] == sorted(labels[1:], key=place_name_key)
    assert "г.Караганда" in labels and "Караганда Г.А." not in labels
