"""Wrong current passwords on the cabinet's change form are limited per user.

Someone at an unattended signed-in session must not be able to guess the
current password without end: PASSWORD_CHANGE_RATE_LIMIT (5 per 15 minutes).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts.tests.test_passwords import FakeClock
from security.models import SecurityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "correct-horse-42"  # what UserFactory sets
NEW_PASSWORD = "steppe-wind-2024"
WRONG = "This is not your current password. Type it again; letter case matters."
LOCKED_RU = "Смена пароля заблокирована"


@pytest.fixture(autouse=True)
def fresh_counters():
    """The counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change(client: Client, current: str, language: str = "ru"):
    return client.post(f"/{language}/accounts/password/change/", {
        "old_password": current,
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })


def _guess(client: Client, times: int, language: str = "ru"):
    response = None
    for attempt in range(times):
        response = _change(client, f"guess-number-{attempt}", language)
    return response


def _t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _locked_message(language: str, minutes: int) -> str:
    with translation.override(language):
        return translation.ngettext(
            "Changing the password is locked after too many wrong current "
            "passwords. Try again in %(minutes)d minute; until then even the "
            "right password is not accepted.",
            "Changing the password is locked after too many wrong current "
            "passwords. Try again in %(minutes)d minutes; until then even the "
            "right password is not accepted.",
            minutes,
        ) % {"minutes": minutes}


def test_four_wrong_passwords_are_refused_one_by_one_and_the_right_one_still_works():
    user = UserFactory(email="aigerim@example.kz")
    client = _signed_in(user)

    for response in [_change(client, f"guess-{n}") for n in range(4)]:
        assert response.status_code == 200
        assert _t("ru", WRONG) in response.content.decode()
        assert LOCKED_RU not in response.content.decode()

    changed = _change(client, OLD_PASSWORD)

    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_fifth_wrong_password_locks_the_form_and_says_until_when():
    user = UserFactory(email="aigerim@example.kz")
    client = _signed_in(user)

    locked = _guess(client, 5)

    assert locked.status_code == 429
    assert 840 < int(locked["Retry-After"]) <= 900
    page = locked.content.decode()
    assert _locked_message("ru", 15) in page
    assert LOCKED_RU in page and "15 минут" in page
    assert _t("ru", WRONG) not in page
    assert "guess-number-4" not in page  # nothing typed comes back
    assert SecurityEvent.objects.filter(
        name="authn_login_lock", actor_id=user.pk,
        details__via="password_change", details__reason="maxretries",
    ).count() == 1
    assert SecurityEvent.objects.filter(
        name="authn_password_change_fail", actor_id=user.pk,
        details__reason="current_password_wrong",
    ).count() == 5


def test_the_right_password_is_refused_as_locked_not_as_wrong():
    user = UserFactory(email="aigerim@example.kz")
    client = _signed_in(user)
    _guess(client, 5)

    refused = _change(client, OLD_PASSWORD)

    assert refused.status_code == 429
    page = refused.content.decode()
    assert LOCKED_RU in page
    assert _t("ru", WRONG) not in page
    assert OLD_PASSWORD not in page and NEW_PASSWORD not in page
    user.refresh_from_db()
    assert user.check_password(OLD_PASSWORD)
    assert not SecurityEvent.objects.filter(
        name="authn_password_change", actor_id=user.pk).exists()
    assert SecurityEvent.objects.filter(
        name="authn_password_change_fail", actor_id=user.pk,
        details__reason="locked",
    ).count() == 1


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_lock_is_told_in_the_language_of_the_page(language):
    client = _signed_in(UserFactory())

    locked = _guess(client, 6, language)

    assert locked.status_code == 429
    assert _locked_message(language, 15) in locked.content.decode()


def test_the_lock_holds_in_every_session_of_the_person_but_not_for_others():
    aigerim = UserFactory(email="aigerim@example.kz")
    daniyar = UserFactory(email="daniyar@example.kz")
    _guess(_signed_in(aigerim), 5)

    # Another browser of the same person is locked as well.
    assert _change(_signed_in(aigerim), OLD_PASSWORD).status_code == 429
    # Someone else, from the same address, is not.
    neighbour = _change(_signed_in(daniyar), OLD_PASSWORD)
    assert neighbour.status_code == 302
    daniyar.refresh_from_db()
    assert daniyar.check_password(NEW_PASSWORD)


def test_the_lock_ends_with_its_window(monkeypatch):
    user = UserFactory(email="aigerim@example.kz")
    client = _signed_in(user)
    clock = FakeClock(monkeypatch)
    _guess(client, 5)

    clock.advance(minutes=10)
    still_locked = _change(client, OLD_PASSWORD)
    assert still_locked.status_code == 429
    assert "5 минут" in still_locked.content.decode()

    clock.advance(minutes=6)
    assert _change(client, OLD_PASSWORD).status_code == 302


def test_a_successful_change_forgets_the_wrong_passwords_before_it():
    user = UserFactory(email="aigerim@example.kz")
    client = _signed_in(user)
    _guess(client, 4)
    assert _change(client, OLD_PASSWORD).status_code == 302

    # The count starts again: one more wrong password is just wrong.
    after = _change(client, "one-more-guess")

    assert after.status_code == 200
    assert _t("ru", WRONG) in after.content.decode()
