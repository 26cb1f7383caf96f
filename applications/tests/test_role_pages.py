"""Cabinet pages of one role opened by another: the reason is on the page."""

import html

import pytest

from tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


def test_an_employer_is_told_the_seekers_cabinet_is_for_job_seekers(
    client, employer_user
):
    client.force_login(employer_user)

    response = client.get("/kk/applications/my/")

    page = text_of(response)
    assert response.status_code == 403
    assert "Бұл кабинет жұмыс іздеушілерге арналған." in page
    assert 'class="site-header"' in page


def test_a_job_seeker_is_told_that_employers_receive_applications(
    client, job_seeker
):
    client.force_login(job_seeker)

    response = client.get("/ru/applications/received/")

    assert response.status_code == 403
    assert "Отклики получают только работодатели." in text_of(response)


def test_a_job_seeker_is_told_why_they_cannot_invite(client, job_seeker):
    resume = ResumeFactory()
    client.force_login(job_seeker)

    response = client.get(f"/en/applications/invite/{resume.pk}/")

    assert response.status_code == 403
    assert "Only employers can view the resumes of job seekers." in text_of(response)


def test_a_job_seeker_opening_the_vacancy_cabinet_is_told_why(client, job_seeker):
    client.force_login(job_seeker)

    response = client.get("/en/cabinet/vacancies/new/")

    assert response.status_code == 403
    assert "Your account is not linked to a company yet" in text_of(response)
