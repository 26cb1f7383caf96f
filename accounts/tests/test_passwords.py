"""Forgotten and changed passwords, as a person meets them through the pages."""

import re
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts.models import Role
from security.models import SecurityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "correct-horse-42"  # what UserFactory sets
NEW_PASSWORD = "steppe-wind-2024"
LINK = re.compile(r"https?://\S+/accounts/password/reset/\S+/")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The counters of the reset form live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def _t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _ask_for_link(client: Client, email: str, language: str = "kk"):
    return client.post(f"/{language}/accounts/password/forgot/", {"email": email})


def _link_in(message) -> str:
    return LINK.search(message.body).group(0)


def _set_password(client: Client, link: str, password: str = NEW_PASSWORD):
    # Django swaps the token in the address for one kept in the session, so
    # the address bar and the Referer no longer carry it.
    form_page = client.get(link, follow=True)
    return form_page, client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def _signs_in(password: str, email: str = "aigerim@example.kz") -> bool:
    client = Client()
    client.post("/kk/accounts/login/", {"username": email, "password": password})
    return get_user(client).is_authenticated


def test_the_sign_in_page_links_to_the_forgotten_password_form(client):
    page = client.get("/ru/accounts/login/").content.decode()

    assert 'href="/ru/accounts/password/forgot/"' in page
    assert _t("ru", "Forgot your password?") in page


def test_the_lockout_page_links_to_the_forgotten_password_form(client, settings):
    settings.AXES_FAILURE_LIMIT = 1
    UserFactory(email="aigerim@example.kz")
    client.post("/kk/accounts/login/", {"username": "aigerim@example.kz",
                                        "password": "wrong-password"})

    response = client.post("/kk/accounts/login/", {
        "username": "aigerim@example.kz", "password": "wrong-password"})

    assert response.status_code == 429
    assert 'href="/kk/accounts/password/forgot/"' in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_forgotten_password_is_replaced_through_the_mailed_link(client, language):
    user = UserFactory(email="aigerim@example.kz")

    response = _ask_for_link(client, "Aigerim@Example.kz ", language)

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/password/forgot/sent/"
    assert [message.to for message in mail.outbox] == [["aigerim@example.kz"]]
    message = mail.outbox[0]
    # The email speaks the language of the page where it was asked for.
    assert message.subject == _t(
        language, "Electronic Labor Exchange: set a new password")
    assert _t(language, "The link works once, for 24 hours.") in message.body
    link = _link_in(message)
    assert f"/{language}/accounts/password/reset/" in link
    assert SecurityEvent.objects.filter(
        name="authn_token_created", actor_id=user.pk, source_ip="127.0.0.1"
    ).exists()

    form_page, saved = _set_password(client, link)

    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    assert saved.status_code == 302
    assert saved["Location"] == f"/{language}/accounts/login/"
    assert _signs_in(NEW_PASSWORD)
    assert not _signs_in(OLD_PASSWORD)
    assert SecurityEvent.objects.filter(
        name="authn_password_change", actor_id=user.pk, details__via="reset"
    ).exists()


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client):
    UserFactory(email="aigerim@example.kz")
    known = _ask_for_link(client, "aigerim@example.kz")
    known_page = client.get(known["Location"]).content.decode()
    mail.outbox.clear()

    unknown = _ask_for_link(client, "nobody@example.kz")

    assert (unknown.status_code, unknown["Location"]) == (302, known["Location"])
    assert client.get(unknown["Location"]).content.decode() == known_page
    assert mail.outbox == []


def test_a_used_link_is_refused_with_a_clear_message(client):
    UserFactory(email="aigerim@example.kz")
    _ask_for_link(client, "aigerim@example.kz", "ru")
    link = _link_in(mail.outbox[0])
    _set_password(client, link)

    again = Client().get(link, follow=True)

    assert not again.context["validlink"]
    assert _t("ru", "This link does not work") in again.content.decode()
    assert 'href="/ru/accounts/password/forgot/"' in again.content.decode()
    assert _signs_in(NEW_PASSWORD)


def test_an_expired_link_is_refused(client, settings, monkeypatch):
    user = UserFactory(email="aigerim@example.kz")
    past = PasswordResetTokenGenerator()._now()
    # The link was mailed a second longer ago than a link lives.
    monkeypatch.setattr(
        PasswordResetTokenGenerator, "_now",
        lambda self: past - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1),
    )
    _ask_for_link(client, "aigerim@example.kz")
    monkeypatch.undo()

    page, saved = _set_password(client, _link_in(mail.outbox[0]))

    assert not page.context["validlink"]
    assert _t("kk", "This link does not work") in page.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD_PASSWORD)


def test_the_new_password_must_pass_the_validators_and_match(client):
    UserFactory(email="aigerim@example.kz")
    _ask_for_link(client, "aigerim@example.kz", "ru")
    link = _link_in(mail.outbox[0])
    page = client.get(link, follow=True)

    response = client.post(page.redirect_chain[-1][0], {
        "new_password1": "12345", "new_password2": "54321"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["new_password2"] == [_t("ru", "The two passwords differ.")]
    # The weak password is refused in the same round, beside its own field.
    assert any("10" in error for error in errors["new_password1"])
    page_text = response.content.decode()
    assert _t("ru", "For your safety the password is not kept after an error: "
                    "type it again.") in page_text
    assert _signs_in(OLD_PASSWORD)


def test_requests_for_a_link_are_rate_limited(client, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    UserFactory(email="aigerim@example.kz")
    for _ in range(2):
        assert _ask_for_link(client, "aigerim@example.kz", "ru").status_code == 302

    refused = _ask_for_link(client, "aigerim@example.kz", "ru")

    assert refused.status_code == 429
    assert len(mail.outbox) == 2
    page = refused.content.decode()
    assert "минут" in page
    assert 'value="aigerim@example.kz"' in page  # what was typed stays


def test_a_flood_of_requests_for_one_email_is_limited_across_addresses(settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "1/h"
    UserFactory(email="aigerim@example.kz")
    first = Client(REMOTE_ADDR="192.0.2.1")
    second = Client(REMOTE_ADDR="192.0.2.2")

    assert _ask_for_link(first, "aigerim@example.kz").status_code == 302
    assert _ask_for_link(second, "aigerim@example.kz").status_code == 429
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", [Role.JOB_SEEKER, Role.EMPLOYER, Role.OPERATOR])
def test_a_signed_in_person_changes_the_password_and_stays_signed_in(role):
    user = UserFactory(email="aigerim@example.kz", role=role,
                       is_staff=role == Role.OPERATOR)
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.force_login(user)

    page = here.get("/ru/")
    assert 'href="/ru/accounts/password/change/"' in page.content.decode()
    response = here.post("/ru/accounts/password/change/", {
        "old_password": OLD_PASSWORD,
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })

    assert response.status_code == 302
    assert response["Location"] == "/ru/accounts/cabinet/"
    assert get_user(here).is_authenticated
    assert not get_user(elsewhere).is_authenticated
    assert _signs_in(NEW_PASSWORD)
    assert SecurityEvent.objects.filter(
        name="authn_password_change", actor_id=user.pk, details__via="cabinet"
    ).exists()


def test_a_wrong_current_password_is_refused_with_every_other_error(client):
    user = UserFactory(email="aigerim@example.kz")
    client.force_login(user)

    response = client.post("/kk/accounts/password/change/", {
        "old_password": "not-my-password",
        "new_password1": NEW_PASSWORD, "new_password2": "something-else-2024",
    })

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["old_password"] == [_t(
        "kk", "This is not your current password. Type it again; letter case "
              "matters.")]
    assert errors["new_password2"] == [_t("kk", "The two passwords differ.")]
    page = response.content.decode()
    assert errors["old_password"][0] in page
    assert 'value="not-my-password"' not in page
    user.refresh_from_db()
    assert user.check_password(OLD_PASSWORD)
    assert SecurityEvent.objects.filter(
        name="authn_password_change_fail", actor_id=user.pk).exists()


def test_the_change_page_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/kk/accounts/password/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/kk/accounts/login/")


def test_a_wrong_sign_in_shows_only_its_own_message(client):
    UserFactory(email="aigerim@example.kz")

    response = client.post("/ru/accounts/login/", {
        "username": "aigerim@example.kz", "password": "wrong-password"})

    page = response.content.decode()
    assert "Неверный адрес электронной почты или пароль" in page
    # Nothing is below: the summary must not point there.
    assert "ниже" not in page


def test_one_field_error_is_summed_up_in_the_singular(client):
    response = client.post("/ru/accounts/password/forgot/", {"email": "not-an-email"})

    page = response.content.decode()
    assert "Пожалуйста, исправьте ошибку ниже." in page
    assert "исправьте ошибки ниже" not in page


class FakeClock:
    """Moves the time that the cache and its counters see, without waiting."""

    def __init__(self, monkeypatch):
        import time as time_module

        from django.core.cache.backends import db as db_cache

        self.now = time_module.time()
        monkeypatch.setattr(time_module, "time", lambda: self.now)
        # The database cache compares row expiries with timezone.now().
        monkeypatch.setattr(
            db_cache, "tz_now",
            lambda: datetime.fromtimestamp(self.now, tz=dt_timezone.utc),
        )

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta).total_seconds()


def test_the_reset_request_limit_lasts_the_whole_hour_on_the_database_cache(
    client, settings, monkeypatch
):
    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    UserFactory(email="aigerim@example.kz")
    clock = FakeClock(monkeypatch)
    # The second count is the one the database cache's incr used to give
    # only five more minutes.
    for _ in range(2):
        assert _ask_for_link(client, "aigerim@example.kz").status_code == 302

    clock.advance(minutes=6)
    refused = _ask_for_link(client, "aigerim@example.kz", "ru")
    assert refused.status_code == 429
    # The wait is what is left of the hour, not a fresh hour.
    assert "54 минут" in refused.content.decode()

    clock.advance(minutes=55)
    assert _ask_for_link(client, "aigerim@example.kz").status_code == 302
    assert len(mail.outbox) == 3


def _lock_out(client: Client, email: str = "aigerim@example.kz"):
    for _ in range(5):
        response = client.post("/ru/accounts/login/", {
            "username": email, "password": "wrong-password"})
    return response


def _sign_in(client: Client, password: str, email: str = "aigerim@example.kz"):
    return client.post("/ru/accounts/login/", {"username": email, "password": password})


def test_the_lockout_page_says_how_long_and_that_a_new_password_lifts_it(client):
    UserFactory(email="aigerim@example.kz")

    locked = _lock_out(client)

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "15 минут" in page
    assert _t("ru", "Setting a new password by email lifts the block at once.") in page


def test_a_password_reset_through_the_mailed_link_lifts_the_sign_in_lockout(client):
    UserFactory(email="aigerim@example.kz")
    other_address = Client(REMOTE_ADDR="192.0.2.9")
    assert _lock_out(client).status_code == 429
    assert _lock_out(other_address).status_code == 429

    _ask_for_link(client, "Aigerim@Example.kz", "ru")
    _set_password(client, _link_in(mail.outbox[0]))

    for browser in (client, other_address):
        signed_in = _sign_in(browser, NEW_PASSWORD)
        assert signed_in.status_code == 302
        assert get_user(browser).is_authenticated


def test_a_password_change_in_the_cabinet_lifts_the_sign_in_lockout(client):
    user = UserFactory(email="aigerim@example.kz")
    assert _lock_out(client).status_code == 429
    cabinet = Client()
    cabinet.force_login(user)

    cabinet.post("/ru/accounts/password/change/", {
        "old_password": OLD_PASSWORD,
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })

    assert _sign_in(client, NEW_PASSWORD).status_code == 302
    assert get_user(client).is_authenticated


def test_the_current_password_is_refused_as_the_new_one(client):
    user = UserFactory(email="aigerim@example.kz")
    client.force_login(user)

    response = client.post("/ru/accounts/password/change/", {
        "old_password": OLD_PASSWORD,
        "new_password1": OLD_PASSWORD, "new_password2": OLD_PASSWORD,
    })

    assert response.status_code == 200
    message = _t("ru", "The new password is the same as the current one. Choose a "
                       "different password.")
    assert response.context["form"].errors["new_password1"] == [message]
    assert message in response.content.decode()
    assert not SecurityEvent.objects.filter(
        name="authn_password_change", actor_id=user.pk).exists()


@pytest.mark.parametrize(("language", "expected"), [
    # Django's own Russian splices the nominative label into "похож на ...".
    ("ru", "Пароль слишком похож на значение поля «{}»."),
    ("kk", "Құпиясөз мына өріске тым ұқсас: {}."),
])
def test_a_password_like_the_email_is_refused_in_grammatical_words(
    client, language, expected
):
    expected = expected.format(_t(language, "email"))
    response = client.post(f"/{language}/accounts/signup/", {
        "email": "aigerim.steppe@example.kz", "full_name": "Айгерим",
        "password": "aigerim.steppe", "password_confirm": "aigerim.steppe",
    })

    assert response.status_code == 200
    assert expected in response.content.decode()
