"""A form sent after its page went stale: a portal page that leads back."""

import html
import re

import pytest
from django.test import Client

from tests.factories import UserFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EXPIRED = {
    "kk": "Беттің мерзімі өтті",
    "ru": "Срок действия страницы истёк",
    "en": "The page has expired",
}
BACK_KEEPS_TEXT = {
    "kk": "терген мәтініңіз формада сақталған",
    "ru": "набранный текст остался в форме",
    "en": "the text you typed is still in the form",
}
FEEDBACK_IN = {"kk": "Кері байланыс", "ru": "Обратная связь", "en": "Feedback"}


def token_of(response):
    return TOKEN.search(response.content.decode()).group(1)


def signed_in_elsewhere(client, language):
    """Sign in as another tab would: the protection token is replaced."""
    UserFactory(email="aigerim@example.kz")
    login = f"/{language}/accounts/login/"
    response = client.post(login, {
        "username": "aigerim@example.kz", "password": "correct-horse-42",
        "csrfmiddlewaretoken": token_of(client.get(login)),
    })
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_form_sent_after_signing_in_in_another_tab_explains_and_leads_back(
    language,
):
    client = Client(enforce_csrf_checks=True)
    form = f"/{language}/feedback/"
    stale_token = token_of(client.get(form))
    signed_in_elsewhere(client, language)

    response = client.post(
        form, {"text": "Менің хатым", "csrfmiddlewaretoken": stale_token},
        HTTP_REFERER=f"http://testserver{form}?topic=3",
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 403
    assert f'<html lang="{language}">' in page
    assert EXPIRED[language] in page and BACK_KEEPS_TEXT[language] in page
    assert 'class="site-header"' in page and FEEDBACK_IN[language] in page
    assert 'class="language-switcher"' in page
    assert f'class="button" href="http://testserver{form}?topic=3"' in page
    assert "DEBUG" not in page and "CSRF" not in page
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_expired_page_never_leads_to_another_site():
    client = Client(enforce_csrf_checks=True)
    client.get("/kk/feedback/")

    response = client.post(
        "/kk/feedback/", {"csrfmiddlewaretoken": "x" * 64},
        HTTP_REFERER="https://evil.example/kk/feedback/",
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert EXPIRED["kk"] in page
    assert "evil.example" not in page
    assert 'href="/kk/"' in page
