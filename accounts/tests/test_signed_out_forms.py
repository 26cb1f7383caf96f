"""A form sent after the session ended keeps what was typed on the page."""

import html

import pytest

from tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db

ABOUT = "Бес жыл бухгалтер болып жұмыс істедім.\nОтчётность, 1С."


def text_of(response):
    return html.unescape(response.content.decode())


def test_a_resume_saved_after_signing_out_elsewhere_shows_the_text_back(
    client, job_seeker
):
    resume = ResumeFactory(owner=job_seeker)
    path = f"/kk/resumes/{resume.pk}/edit/"
    client.force_login(job_seeker)
    assert client.get(path).status_code == 200
    client.logout()  # another tab

    response = client.post(path, {
        "title": "Бас бухгалтер", "about": ABOUT, "csrfmiddlewaretoken": "x",
    })

    page = text_of(response)
    assert response.status_code == 403
    assert "Сіз жүйеден шығып кеткенсіз: ештеңе сақталмады" in page
    assert "Бас бухгалтер</textarea>" in page
    assert f">{ABOUT}</textarea>" in page
    back = f"%2Fkk%2Fresumes%2F{resume.pk}%2Fedit%2F"
    assert f'href="/kk/accounts/login/?next={back}"' in page
    assert "no-cache" in response["Cache-Control"]
    resume.refresh_from_db()
    assert resume.title != "Бас бухгалтер"


def test_secrets_are_never_shown_back(client):
    response = client.post("/en/accounts/password/change/", {
        "old_password": "hunter2-old", "new_password1": "hunter2-new",
        "new_password2": "hunter2-new",
    })

    page = text_of(response)
    assert response.status_code == 403
    assert "You were signed out: nothing was saved" in page
    assert "hunter2" not in page
    assert "<textarea" not in page


def test_a_get_still_leads_to_the_sign_in_page(client, job_seeker):
    resume = ResumeFactory(owner=job_seeker)

    response = client.get(f"/en/resumes/{resume.pk}/edit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_signing_out_still_leads_home(client, job_seeker):
    client.force_login(job_seeker)

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert not response["Location"].startswith("/en/accounts/login/")


def test_a_foreign_referer_is_never_the_way_back(client, job_seeker):
    resume = ResumeFactory(owner=job_seeker)
    path = f"/en/resumes/{resume.pk}/edit/"

    response = client.post(path, {"about": "Text"},
                           headers={"referer": "https://evil.example/en/info/"})

    assert "evil.example" not in text_of(response)
    assert f'?next=%2Fen%2Fresumes%2F{resume.pk}%2Fedit%2F"' in text_of(response)
