"""Pages of one role opened by another: refused on opening, with the reason."""

import html

import pytest

from resumes.models import Resume
from tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


def test_an_employer_is_refused_the_new_resume_form_before_typing(
    client, employer_user
):
    client.force_login(employer_user)

    response = client.get("/kk/resumes/new/")

    page = text_of(response)
    assert response.status_code == 403
    assert "Түйіндемені тек жұмыс іздеушілер жасай алады." in page
    assert 'name="title"' not in page
    assert 'class="site-header"' in page


def test_an_employer_who_sends_the_resume_form_anyway_is_told_why(
    client, employer_user
):
    client.force_login(employer_user)

    response = client.post("/ru/resumes/new/", {"title": "Бухгалтер"})

    assert response.status_code == 403
    assert "Создавать резюме могут только соискатели." in text_of(response)
    assert not Resume.objects.exists()


def test_a_job_seeker_still_opens_the_new_resume_form(client, job_seeker):
    client.force_login(job_seeker)

    response = client.get("/kk/resumes/new/")

    assert response.status_code == 200
    assert 'name="title"' in text_of(response)


def test_a_job_seeker_is_told_that_resume_search_is_for_employers(
    client, job_seeker
):
    client.force_login(job_seeker)

    response = client.get("/en/resumes/")

    assert response.status_code == 403
    assert "Only employers can search the resumes of job seekers." in text_of(
        response
    )


def test_a_job_seeker_is_told_why_another_seekers_resume_is_closed(
    client, job_seeker
):
    other = ResumeFactory()
    client.force_login(job_seeker)

    response = client.get(f"/kk/resumes/{other.pk}/")

    assert response.status_code == 403
    assert "Жұмыс іздеушілердің түйіндемелерін тек жұмыс берушілер көре алады." in (
        text_of(response)
    )
