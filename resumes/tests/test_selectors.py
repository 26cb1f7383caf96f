import datetime as dt

import pytest

from core.errors import Forbidden, NotFound, ValidationFailed
from resumes.models import Visibility
from resumes.selectors import (
    resume_get_for_owner,
    resume_get_for_viewer,
    resume_search_public,
)
from resumes.services import EducationData, ExperienceData, ResumeData, resume_create
from tests.factories import (
    KatoUnitFactory,
    OccupationFactory,
    ResumeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def titles(resumes):
    return sorted(resume.title for resume in resumes)


# The field cases of search (cases/search.json), as resume titles.
FIELD_CASES = {
    "V1": "ҚАЗАҚ ТІЛІ МҰҒАЛІМІ",
    "V2": "Программист Python",
    "V3": "Әкімшілік қызметкер",
    "V4": "Ведущие программисты, опыт с Пётр-ERP",
    "V5": "Менеджер по продажам",
    "V6": "Бағдарламашылар қажет",
    "V7": "Ағылшын тiлiн бiлу міндетті",  # Latin i inside Kazakh words
}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("қазақ", ["V1"]),
        ("ПРОГРАММИСТ", ["V2", "V4"]),
        ("әкімшілік", ["V3"]),
        ("python", ["V2"]),
        ("программистов", ["V2", "V4"]),
        ("Петр", ["V4"]),
        ("менеджеры", ["V5"]),
        ("бағдарламашы", ["V6"]),
        ("тілін", ["V7"]),
        ("программ python", ["V2"]),
        ("повар", []),
        ("", list(FIELD_CASES)),
    ],
)
def test_it_finds_public_resumes_whatever_the_case_and_letters(
    employer_user, query, found
):
    owner = UserFactory()
    for title in FIELD_CASES.values():
        resume_create(owner=owner, data=ResumeData(title=title))

    resumes = resume_search_public(viewer=employer_user, text=query)

    assert titles(resumes) == sorted(FIELD_CASES[key] for key in found)


def test_it_searches_occupation_titles_and_experience(employer_user):
    occupation = OccupationFactory(code="2411", title_en="Accountants")
    resume_create(
        owner=UserFactory(),
        data=ResumeData(
            title="Главный специалист", desired_occupation=occupation,
            experience=[ExperienceData(
                employer_name="Kaspi", position="Кассир",
                started_on=dt.date(2020, 1, 1),
            )],
            education=[EducationData(institution="КазЭУ")],
        ),
    )

    for query in ["accountant", "кассиры", "KASPI", "казэу"]:
        assert titles(resume_search_public(viewer=employer_user, text=query)) == [
            "Главный специалист"
        ], query


def test_it_leaves_out_hidden_resumes(employer_user):
    ResumeFactory(title="Повар открытый")
    ResumeFactory(title="Повар скрытый", visibility=Visibility.HIDDEN)

    resumes = resume_search_public(viewer=employer_user, text="повар")

    assert titles(resumes) == ["Повар открытый"]


def test_it_filters_by_region_and_everything_below_it(employer_user):
    almaty = KatoUnitFactory(code="750000000")
    district = KatoUnitFactory(code="751110000", level=2, parent=almaty)
    astana = KatoUnitFactory(code="710000000")
    ResumeFactory(title="В городе", region=almaty)
    ResumeFactory(title="В районе", region=district)
    ResumeFactory(title="В Астане", region=astana)

    resumes = resume_search_public(viewer=employer_user, region=almaty)

    assert titles(resumes) == ["В городе", "В районе"]


def test_it_filters_by_occupation_group(employer_user):
    professionals = OccupationFactory(code="2")
    accountants = OccupationFactory(code="2411")
    cooks = OccupationFactory(code="5120")
    ResumeFactory(title="Бухгалтер", desired_occupation=accountants)
    ResumeFactory(title="Повар", desired_occupation=cooks)

    resumes = resume_search_public(viewer=employer_user, occupation=professionals)

    assert titles(resumes) == ["Бухгалтер"]


def test_job_seekers_cannot_search_resumes(job_seeker):
    with pytest.raises(Forbidden):
        resume_search_public(viewer=job_seeker, text="повар")


def test_staff_can_search_resumes(operator):
    ResumeFactory(title="Повар")

    assert titles(resume_search_public(viewer=operator)) == ["Повар"]


def test_it_refuses_a_search_text_too_long(employer_user):
    with pytest.raises(ValidationFailed) as refused:
        resume_search_public(viewer=employer_user, text="а" * 201)

    assert refused.value.field == "q"


def test_the_owner_reads_a_hidden_resume_others_do_not(job_seeker, employer_user):
    resume = ResumeFactory(owner=job_seeker, visibility=Visibility.HIDDEN)

    assert resume_get_for_viewer(resume_id=resume.pk, viewer=job_seeker) == resume
    assert resume_get_for_owner(resume_id=resume.pk, owner=job_seeker) == resume
    with pytest.raises(NotFound):
        resume_get_for_viewer(resume_id=resume.pk, viewer=employer_user)


def test_an_employer_reads_a_public_resume_another_seeker_does_not(
    job_seeker, employer_user
):
    resume = ResumeFactory()

    assert resume_get_for_viewer(resume_id=resume.pk, viewer=employer_user) == resume
    with pytest.raises(Forbidden):
        resume_get_for_viewer(resume_id=resume.pk, viewer=job_seeker)
    with pytest.raises(NotFound):
        resume_get_for_owner(resume_id=resume.pk, owner=job_seeker)
