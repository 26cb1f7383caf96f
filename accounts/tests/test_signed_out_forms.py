"""A form sent after the session ended keeps what was typed on the page."""

import html
import re

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


def test_only_what_was_typed_is_shown_back_not_codes_ids_or_counters(
    client, job_seeker
):
    client.force_login(job_seeker)
    client.logout()

    response = client.post("/kk/resumes/new/", {
        "title": "Аспаз", "region": "184", "visibility": "public",
        "experience-TOTAL_FORMS": "2", "experience-MAX_NUM_FORMS": "1000",
        "next": "/kk/applications/received/1/", "skills": "Python, SQL",
        "email": "aigerim@example.kz",
    })

    boxes = re.findall(r"<textarea[^>]*>([^<]*)</textarea>", text_of(response))
    assert boxes == ["Аспаз", "Python, SQL", "aigerim@example.kz"]


def test_a_button_alone_says_nothing_was_saved_without_a_list(client):
    response = client.post("/kk/applications/received/1/", {"decision": "accept"})

    page = text_of(response)
    assert response.status_code == 403
    assert "Сіз жүйеден шығып кеткенсіз: ештеңе сақталмады" in page
    assert "<textarea" not in page
    assert "Төменде сіз терген мәтін" not in page
