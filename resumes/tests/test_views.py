import html

import pytest
from django.urls import reverse
from django.utils import translation

from resumes.models import Resume, Visibility
from tests.factories import KatoUnitFactory, OccupationFactory, ResumeFactory

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text_of(response):
    return html.unescape(response.content.decode())


def resume_post(**fields):
    data = {
        "title": "Бухгалтер", "desired_occupation": "", "region": "",
        "salary_expectation": "300000", "skills": "1С", "languages": "Қазақ, русский",
        "about": "", "visibility": "public",
        "experience-TOTAL_FORMS": "2", "experience-INITIAL_FORMS": "0",
        "experience-MIN_NUM_FORMS": "0", "experience-MAX_NUM_FORMS": "1000",
        "experience-0-employer_name": "ТОО Алатау Сервис",
        "experience-0-position": "Кассир",
        "experience-0-started_on": "2019-03-01",
        "experience-0-ended_on": "2023-08-31",
        "experience-0-description": "",
        "education-TOTAL_FORMS": "1", "education-INITIAL_FORMS": "0",
        "education-MIN_NUM_FORMS": "0", "education-MAX_NUM_FORMS": "1000",
        "education-0-institution": "КазЭУ", "education-0-degree": "",
        "education-0-graduated_in": "2018",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_resume_pages_render_in_each_language(client, job_seeker, language):
    resume = ResumeFactory(owner=job_seeker)
    client.force_login(job_seeker)

    for page in [
        url("resumes:create", language),
        url("resumes:edit", language, resume_id=resume.pk),
        url("resumes:detail", language, resume_id=resume.pk),
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<html lang="{language}">' in response.content.decode()


def test_a_job_seeker_creates_a_resume_with_entries(client, job_seeker):
    region = KatoUnitFactory(code="750000000")
    occupation = OccupationFactory(code="2411", title_en="Accountants")
    client.force_login(job_seeker)

    response = client.post(
        url("resumes:create"),
        resume_post(region=str(region.pk), desired_occupation=str(occupation.pk)),
    )

    resume = Resume.objects.get(owner=job_seeker)
    assert response.status_code == 302
    assert response["Location"] == url("resumes:detail", resume_id=resume.pk)
    assert (resume.title, resume.region, resume.desired_occupation) == (
        "Бухгалтер", region, occupation,
    )
    assert [e.position for e in resume.experience.all()] == ["Кассир"]
    assert [e.institution for e in resume.education.all()] == ["КазЭУ"]


def test_a_refused_resume_keeps_what_was_typed(client, job_seeker):
    client.force_login(job_seeker)

    response = client.post(
        url("resumes:create"),
        resume_post(**{
            "salary_expectation": "-100",
            "experience-1-employer_name": "Кафе", "experience-1-position": "Повар",
            "experience-1-started_on": "2024-01-15",
        }),
    )

    body = text_of(response)
    assert response.status_code == 400
    assert "The expected salary cannot be negative." in body
    assert 'value="-100"' in body
    assert 'value="Кассир"' in body
    assert 'value="Повар"' in body
    assert 'value="2024-01-15"' in body
    assert not Resume.objects.exists()


def translated(language, text):
    with translation.override(language):
        message = translation.gettext(text)
    assert message != text, f"no {language} translation of {text!r}"
    return message


def error_of(field_id, message):
    return f'<span class="errorlist" id="id_{field_id}_error">{message}</span>'


def test_every_fault_of_a_submission_is_shown_at_once(client, job_seeker):
    client.force_login(job_seeker)

    response = client.post(
        url("resumes:create", "kk"),
        resume_post(**{
            "salary_expectation": "-100",
            "experience-0-started_on": "2023-08-31",
            "experience-0-ended_on": "2019-03-01",
            "education-0-graduated_in": "1812",
        }),
    )

    body = text_of(response)
    assert response.status_code == 400
    assert '<html lang="kk">' in body
    assert translated("kk", "The expected salary cannot be negative.") in body
    assert error_of("experience-0-ended_on", translated(
        "kk", "The end date is before the start date."
    )) in body
    assert 'id="id_education-0-graduated_in_error"' in body
    assert 'value="-100"' in body and 'value="1812"' in body
    assert 'value="2023-08-31"' in body and 'value="2019-03-01"' in body
    assert 'value="Кассир"' in body
    assert not Resume.objects.exists()


def test_faults_the_service_finds_join_those_of_the_form(client, job_seeker):
    client.force_login(job_seeker)

    response = client.post(
        url("resumes:create", "ru"),
        resume_post(**{
            "title": "",
            "salary_expectation": "-100",
            "experience-0-ended_on": "2010-01-01",
            "experience-1-employer_name": "Кафе", "experience-1-position": "Повар",
            "experience-1-started_on": "31.02.2024",
        }),
    )

    body = text_of(response)
    assert response.status_code == 400
    required = translated("ru", "This field is required.")
    # The form's own complaint, once: the empty title is not refused twice.
    assert body.count(error_of("title", required)) == 1
    assert translated("ru", "State the position you are looking for.") not in body
    assert translated("ru", "The expected salary cannot be negative.") in body
    assert error_of("experience-0-ended_on", translated(
        "ru", "The end date is before the start date."
    )) in body
    assert 'id="id_experience-1-started_on_error"' in body
    assert 'value="31.02.2024"' in body and 'value="Повар"' in body
    assert not Resume.objects.exists()


def test_a_filled_row_without_a_start_date_is_refused(client, job_seeker):
    client.force_login(job_seeker)

    response = client.post(
        url("resumes:create"), resume_post(**{"experience-1-position": "Повар"})
    )

    body = text_of(response)
    assert response.status_code == 400
    assert (
        '<span class="errorlist" id="id_experience-1-started_on_error">'
        "This field is required.</span>"
    ) in body
    assert not Resume.objects.exists()


def test_an_entry_error_is_shown_on_its_row(client, job_seeker):
    client.force_login(job_seeker)
    # The first row is left blank: the error belongs to the second one.
    rows = {
        "experience-0-employer_name": "", "experience-0-position": "",
        "experience-0-started_on": "", "experience-0-ended_on": "",
        "experience-1-employer_name": "Кафе", "experience-1-position": "Повар",
        "experience-1-started_on": "2020-05-01", "experience-1-ended_on": "2010-01-01",
    }

    response = client.post(url("resumes:create"), resume_post(**rows))

    body = text_of(response)
    assert response.status_code == 400
    assert (
        '<span class="errorlist" id="id_experience-1-ended_on_error">'
        "The end date is before the start date.</span>"
    ) in body


def test_editing_keeps_untouched_entries_and_removes_marked_ones(client, job_seeker):
    client.force_login(job_seeker)
    client.post(url("resumes:create"), resume_post())
    resume = Resume.objects.get()
    edit = url("resumes:edit", resume_id=resume.pk)
    page = client.get(edit)
    assert 'value="Кассир"' in text_of(page)

    keep = resume_post(**{
        "title": "Главный бухгалтер",
        "experience-INITIAL_FORMS": "1", "experience-TOTAL_FORMS": "3",
        "education-INITIAL_FORMS": "1", "education-TOTAL_FORMS": "2",
        "education-0-DELETE": "on",
    })
    response = client.post(edit, keep)

    resume.refresh_from_db()
    assert response.status_code == 302
    assert resume.title == "Главный бухгалтер"
    assert [e.position for e in resume.experience.all()] == ["Кассир"]
    assert resume.education.count() == 0


def test_nobody_edits_another_persons_resume(client, job_seeker):
    resume = ResumeFactory()
    client.force_login(job_seeker)

    response = client.post(url("resumes:edit", resume_id=resume.pk), resume_post())

    assert response.status_code == 404


def test_an_employer_reads_a_public_resume_and_may_invite(client, employer_user):
    resume = ResumeFactory(title="Повар", owner__full_name="Айгерім Сәрсенова")
    client.force_login(employer_user)

    body = text_of(client.get(url("resumes:detail", resume_id=resume.pk)))

    assert "Айгерім Сәрсенова" in body
    assert f'href="{url("applications:invite", resume_id=resume.pk)}"' in body


def test_a_hidden_resume_is_not_found_for_employers(client, employer_user):
    resume = ResumeFactory(visibility=Visibility.HIDDEN)
    client.force_login(employer_user)

    response = client.get(url("resumes:detail", resume_id=resume.pk))

    assert response.status_code == 404


def test_a_job_seeker_cannot_read_or_search_other_resumes(client, job_seeker):
    resume = ResumeFactory()
    client.force_login(job_seeker)

    assert client.get(url("resumes:detail", resume_id=resume.pk)).status_code == 403
    assert client.get(url("resumes:search")).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(url("resumes:search"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login"))


def test_an_employer_searches_resumes_by_text_region_and_group(client, employer_user):
    almaty = KatoUnitFactory(code="750000000", name_ru="г.Алматы")
    group = OccupationFactory(code="2")
    accountants = OccupationFactory(code="2411")
    ResumeFactory(
        title="Главный БУХГАЛТЕР", region=almaty, desired_occupation=accountants
    )
    ResumeFactory(title="Бухгалтер в Астане")
    client.force_login(employer_user)

    response = client.get(
        url("resumes:search", "ru"),
        {"q": "бухгалтеры", "region": "750000000", "occupation": group.code},
    )

    body = text_of(response)
    assert response.status_code == 200
    assert "Главный БУХГАЛТЕР" in body
    assert "Бухгалтер в Астане" not in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "99"}, "Select a valid choice."),
        ({"q": "а" * 10_000}, "The search text is too long"),
    ],
)
def test_a_bad_resume_search_gives_a_message(client, employer_user, params, message):
    client.force_login(employer_user)

    response = client.get(url("resumes:search"), params)

    assert response.status_code == 400
    assert message in text_of(response)
