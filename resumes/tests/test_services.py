import datetime as dt

import pytest

from core.errors import Forbidden, ValidationErrors, ValidationFailed
from core.localtime import local_today
from resumes.models import Resume, Visibility
from resumes.selectors import resume_search_public
from resumes.services import (
    EducationData,
    ExperienceData,
    ResumeData,
    resume_check,
    resume_create,
    resume_search_text_rebuild,
    resume_update,
)
from tests.factories import KatoUnitFactory, OccupationFactory, UserFactory

pytestmark = pytest.mark.django_db


def experience(**fields):
    values = {
        "employer_name": "ТОО Алатау Сервис", "position": "Бухгалтер",
        "started_on": dt.date(2019, 3, 1), "ended_on": dt.date(2023, 8, 31),
        **fields,
    }
    return ExperienceData(**values)


def test_it_creates_a_resume_with_its_entries(job_seeker):
    region = KatoUnitFactory(code="750000000")
    occupation = OccupationFactory(code="2411", title_en="Accountants")
    data = ResumeData(
        title="  Главный БУХГАЛТЕР ",
        desired_occupation=occupation,
        region=region,
        salary_expectation=450000,
        skills="1С, МСФО",
        languages="Қазақ тілі, русский",
        visibility=Visibility.HIDDEN,
        experience=[experience()],
        education=[
            EducationData(institution="КазЭУ", degree="Бакалавр", graduated_in=2018)
        ],
    )

    resume = resume_create(owner=job_seeker, data=data)

    resume.refresh_from_db()
    assert (resume.owner, resume.title, resume.region, resume.desired_occupation) == (
        job_seeker, "Главный БУХГАЛТЕР", region, occupation,
    )
    assert (resume.salary_expectation, resume.visibility) == (450000, "hidden")
    entries = [(e.position, e.started_on, e.ended_on) for e in resume.experience.all()]
    assert entries == [("Бухгалтер", dt.date(2019, 3, 1), dt.date(2023, 8, 31))]
    assert [(e.institution, e.graduated_in) for e in resume.education.all()] == [
        ("КазЭУ", 2018)
    ]


def test_it_rejects_a_negative_salary_expectation(job_seeker):
    with pytest.raises(ValidationFailed) as refused:
        resume_create(
            owner=job_seeker, data=ResumeData(title="Повар", salary_expectation=-1)
        )

    assert refused.value.field == "salary_expectation"
    assert refused.value.message == "The expected salary cannot be negative."


def test_it_rejects_a_salary_beyond_the_column(job_seeker):
    with pytest.raises(ValidationFailed) as refused:
        resume_create(
            owner=job_seeker, data=ResumeData(title="Повар", salary_expectation=10**10)
        )

    assert refused.value.field == "salary_expectation"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (ResumeData(title="   "), "title", "State the position you are looking for."),
        (ResumeData(title="x" * 201), "title", "Use at most 200 characters."),
        (ResumeData(title="Повар", visibility="everyone"), "visibility",
         "Choose who can see the resume."),
        (
            ResumeData(title="Повар", experience=[
                experience(), experience(ended_on=dt.date(2018, 1, 1)),
            ]),
            "experience.1.ended_on", "The end date is before the start date.",
        ),
        (
            ResumeData(title="Повар", experience=[
                experience(
                    started_on=local_today() + dt.timedelta(days=1), ended_on=None
                ),
            ]),
            "experience.0.started_on", "The start date cannot be in the future.",
        ),
        (
            ResumeData(title="Повар", experience=[experience(position=" ")]),
            "experience.0.position", "This field is required.",
        ),
        (
            ResumeData(title="Повар", education=[EducationData(institution="")]),
            "education.0.institution", "This field is required.",
        ),
        (
            ResumeData(title="Повар", education=[
                EducationData(institution="КазНУ", graduated_in=1812)
            ]),
            "education.0.graduated_in", None,
        ),
    ],
)
def test_it_names_the_field_at_fault(job_seeker, data, field, message):
    with pytest.raises(ValidationFailed) as refused:
        resume_create(owner=job_seeker, data=data)

    assert refused.value.field == field
    if message is not None:
        assert refused.value.message == message


def test_it_reports_every_field_at_fault_in_one_refusal(job_seeker):
    data = ResumeData(
        title=" ", salary_expectation=-1,
        experience=[
            experience(),
            experience(position="", started_on=dt.date(2020, 5, 1),
                       ended_on=dt.date(2010, 1, 1)),
        ],
        education=[EducationData(institution="КазНУ", graduated_in=1812)],
    )

    with pytest.raises(ValidationErrors) as refused:
        resume_create(owner=job_seeker, data=data)

    assert [(error.field, error.message) for error in refused.value.errors] == [
        ("title", "State the position you are looking for."),
        ("salary_expectation", "The expected salary cannot be negative."),
        ("experience.1.position", "This field is required."),
        ("experience.1.ended_on", "The end date is before the start date."),
        ("education.0.graduated_in",
         f"Give a year between 1940 and {local_today().year + 10}."),
    ]
    assert refused.value.field == "title"
    assert not Resume.objects.exists()


def test_an_update_reports_every_fault_and_changes_nothing(job_seeker):
    resume = resume_create(owner=job_seeker, data=ResumeData(title="Повар"))
    data = ResumeData(
        title="Бас аспаз", salary_expectation=-5, visibility="everyone",
        experience=[experience(ended_on=dt.date(2018, 1, 1))],
    )

    with pytest.raises(ValidationErrors) as refused:
        resume_update(resume=resume, by=job_seeker, data=data)

    assert [error.field for error in refused.value.errors] == [
        "salary_expectation", "visibility", "experience.0.ended_on",
    ]
    resume.refresh_from_db()
    assert (resume.title, resume.salary_expectation) == ("Повар", None)


def test_the_check_alone_refuses_as_the_create_does():
    with pytest.raises(ValidationFailed) as refused:
        resume_check(data=ResumeData(title="Повар", salary_expectation=-1))

    assert type(refused.value) is ValidationFailed
    assert refused.value.field == "salary_expectation"


def test_only_job_seekers_create_resumes(employer_user):
    with pytest.raises(Forbidden):
        resume_create(owner=employer_user, data=ResumeData(title="Повар"))


def test_an_update_replaces_fields_and_entries(job_seeker):
    resume = resume_create(
        owner=job_seeker,
        data=ResumeData(title="Повар", experience=[experience(), experience()]),
    )

    resume_update(
        resume=resume, by=job_seeker,
        data=ResumeData(title="Шеф-повар", salary_expectation=0,
                        experience=[experience(position="Су-шеф")]),
    )

    resume.refresh_from_db()
    assert (resume.title, resume.salary_expectation) == ("Шеф-повар", 0)
    assert [e.position for e in resume.experience.all()] == ["Су-шеф"]


def test_an_invalid_update_changes_nothing(job_seeker):
    resume = resume_create(
        owner=job_seeker, data=ResumeData(title="Повар", experience=[experience()])
    )

    with pytest.raises(ValidationFailed):
        resume_update(
            resume=resume, by=job_seeker,
            data=ResumeData(title="Шеф", salary_expectation=-5),
        )

    resume.refresh_from_db()
    assert resume.title == "Повар"
    assert resume.experience.count() == 1


def test_only_the_owner_updates_a_resume(job_seeker):
    resume = resume_create(owner=job_seeker, data=ResumeData(title="Повар"))
    stranger = UserFactory()

    with pytest.raises(Forbidden):
        resume_update(resume=resume, by=stranger, data=ResumeData(title="Взлом"))

    resume.refresh_from_db()
    assert resume.title == "Повар"


def test_a_rebuild_rewrites_stale_search_words(employer_user):
    resume = resume_create(
        owner=UserFactory(),
        data=ResumeData(title="Повар", experience=[experience(position="Кассир")]),
    )
    fresh = resume_create(owner=UserFactory(), data=ResumeData(title="Бухгалтер"))
    Resume.objects.filter(pk=resume.pk).update(search_text=" устаревш")

    changed = resume_search_text_rebuild()

    found = resume_search_public(viewer=employer_user, text="кассиры")
    assert changed == 1
    assert list(found) == [resume]
    assert Resume.objects.get(pk=fresh.pk).search_text == fresh.search_text
