"""Resumes holding C#, C++ or 1C are found by those words, old ones included."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resumes.models import Resume
from resumes.selectors import resume_search_public
from resumes.services import ExperienceData, ResumeData, resume_create
from tests.factories import UserFactory

refresh = importlib.import_module(
    "resumes.migrations.0005_signed_search_words"
).refresh_search_text
refresh_versions = importlib.import_module(
    "resumes.migrations.0006_versioned_signed_search_words"
).refresh_search_text

pytestmark = pytest.mark.django_db


def titles(resumes):
    return sorted(resume.title for resume in resumes)


@pytest.fixture
def resumes(db):
    owner = UserFactory()
    for title, skills in [
        ("Разработчик", "C#, .NET"),
        ("Программист", "C++"),
        ("Водитель", "Категории B, C"),
        ("Бухгалтер", "1С:Бухгалтерия"),
    ]:
        resume_create(owner=owner, data=ResumeData(title=title, skills=skills))


@pytest.mark.parametrize(
    ("query", "found"),
    [("C#", ["Разработчик"]), ("c++", ["Программист"]), ("1C", ["Бухгалтер"])],
)
def test_a_language_named_by_signs_finds_only_its_resumes(
    resumes, employer_user, query, found
):
    assert titles(resume_search_public(viewer=employer_user, text=query)) == found


def test_the_migration_writes_the_words_of_old_resumes_again(employer_user):
    resume = resume_create(
        owner=UserFactory(),
        data=ResumeData(
            title="Инженер",
            experience=[ExperienceData(
                employer_name="ТОО 1C-Рейтинг", position="C++ developer",
                started_on=dt.date(2020, 1, 1),
            )],
        ),
    )
    Resume.objects.filter(pk=resume.pk).update(search_text=" инженер")

    refresh(apps, None)

    found = resume_search_public(viewer=employer_user, text="C++")
    assert titles(found) == ["Инженер"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("C++", ["Программист", "Разработчик игр"]),
        ("C++17", ["Разработчик игр"]),
        ("C#", ["Разработчик"]),
        ("c#10", []),
    ],
)
def test_a_language_written_with_its_version_finds_its_resumes(
    resumes, employer_user, query, found
):
    resume_create(
        owner=UserFactory(),
        data=ResumeData(title="Разработчик игр", skills="C++17, Unreal Engine"),
    )

    assert titles(resume_search_public(viewer=employer_user, text=query)) == found


def test_the_migration_writes_the_words_of_versioned_languages_again(employer_user):
    resume = resume_create(
        owner=UserFactory(),
        data=ResumeData(
            title="Инженер",
            experience=[ExperienceData(
                employer_name="Kaspi", position="C#10 developer",
                started_on=dt.date(2020, 1, 1),
            )],
        ),
    )
    other = resume_create(owner=UserFactory(), data=ResumeData(title="Бухгалтер"))
    # As the previous release wrote them.
    Resume.objects.filter(pk=resume.pk).update(search_text=" инженер c 10 develop")
    Resume.objects.filter(pk=other.pk).update(search_text=" stale")

    refresh_versions(apps, None)

    assert titles(resume_search_public(viewer=employer_user, text="C#")) == ["Инженер"]
    assert Resume.objects.get(pk=other.pk).search_text == " stale"


def test_the_migration_costs_one_query_on_an_empty_table():
    with CaptureQueriesContext(connection) as queries:
        refresh_versions(apps, None)

    assert len(queries) == 1
