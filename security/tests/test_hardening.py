import datetime as dt
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import SecurityEvent
from tests.factories import VacancyFactory
from workdays.services import calendar_day_set

LOGIN = "/en/accounts/login/"
ADMIN = "/en/admin/"


def _fail(client, email, address, forwarded=None):
    meta = {"REMOTE_ADDR": address}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": email, "password": "wrong-horse"}, **meta)


def _sign_in(client, email, address, forwarded=None):
    meta = {"REMOTE_ADDR": address}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        LOGIN, {"username": email, "password": "correct-horse-42"}, **meta
    )


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_from_that_address_only(
    client, job_seeker, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for _attempt in range(5):
        _fail(client, "aigerim@example.kz", "10.0.0.1", forwarded="203.0.113.9")

    locked = _sign_in(client, "AIGERIM@example.kz", "10.0.0.1", forwarded="203.0.113.9")
    elsewhere = _sign_in(client, "aigerim@example.kz", "10.0.0.1",
                         forwarded="198.51.100.4")

    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.content.decode()
    # The same proxy carries another client: that client is not locked out.
    assert elsewhere.status_code == 302
    locks = SecurityEvent.objects.filter(name="authn_login_lock")
    assert {lock.source_ip for lock in locks} == {"203.0.113.9"}


@pytest.mark.django_db
def test_an_attacker_at_a_shared_address_cannot_lock_out_others(
    client, job_seeker, operator
):
    for _attempt in range(6):
        _fail(client, "aigerim@example.kz", "192.0.2.50")

    response = _sign_in(client, "operator@example.kz", "192.0.2.50")

    assert response.status_code == 302


@pytest.fixture
def two_factor_on(settings):
    settings.SECURITY_REQUIRE_2FA = True


def _code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.django_db
def test_staff_must_set_up_an_authenticator_before_the_admin(
    client, administrator, two_factor_on
):
    client.force_login(administrator)

    first = client.get(ADMIN)
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("security:two_factor_setup"))

    page = client.get(first["Location"])
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    done = client.post(first["Location"], {"token": _code(device), "next": ADMIN})

    assert len(done.context["codes"]) == 10
    assert client.get(ADMIN).status_code == 200
    assert SecurityEvent.objects.filter(name="authn_mfa_enrolled").exists()


@pytest.mark.django_db
def test_a_wrong_code_is_refused_with_a_message(client, administrator, two_factor_on):
    client.force_login(administrator)
    setup = reverse("security:two_factor_setup")

    wrong = client.post(setup, {"token": "000000", "next": ADMIN})

    assert "The code is not right" in wrong.content.decode()
    assert client.get(ADMIN).status_code == 302
    assert SecurityEvent.objects.filter(name="authn_mfa_fail").exists()


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, administrator, two_factor_on):
    client.force_login(administrator)
    setup = reverse("security:two_factor_setup")
    client.get(setup)
    device = TOTPDevice.objects.get(user=administrator)
    codes = client.post(setup, {"token": _code(device)}).context["codes"]
    client.logout()

    client.force_login(administrator)
    redirect = client.get(ADMIN)
    assert redirect["Location"].startswith(reverse("security:two_factor_verify"))
    client.post(reverse("security:two_factor_verify"),
                {"token": codes[0], "next": ADMIN})
    assert client.get(ADMIN).status_code == 200

    client.logout()
    client.force_login(administrator)
    again = client.post(reverse("security:two_factor_verify"), {"token": codes[0]})
    assert "was used already" in again.content.decode()
    assert client.get(ADMIN).status_code == 302


@pytest.mark.django_db
def test_public_pages_do_not_ask_staff_for_a_second_factor(
    client, operator, two_factor_on
):
    client.force_login(operator)
    assert client.get("/en/").status_code == 200


@pytest.mark.django_db
def test_staff_sessions_end_after_half_an_hour_idle(client, operator):
    client.force_login(operator)
    client.get("/en/")
    assert client.session.get_expiry_age() == 1800


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/en/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_settings_pass_the_deployment_checks(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(secrets.token_urlsafe(64))
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "HTTPS"))
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
        "SECRET_KEY_FILE": str(secret), "HTTPS": "true",
        "ALLOWED_HOSTS": "enbek.example.kz", "VAR_DIR": str(tmp_path / "var"),
    })
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(django_settings.BASE_DIR), env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_an_admin_change_to_a_user_keeps_before_and_after(client, administrator,
                                                            job_seeker):
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[job_seeker.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields
            if name not in ("password", "groups")}
    data.update(full_name="Айгерім Сейітова", preferred_language="kk",
                is_active="on")

    client.post(url, data)

    entry = LogEntry.objects.get_for_object(job_seeker).latest("timestamp")
    assert entry.actor == administrator
    assert entry.changes_dict["full_name"] == ["Айгерім Сәрсенова", "Айгерім Сейітова"]
    assert entry.remote_addr == "127.0.0.1"


@pytest.mark.django_db
def test_vacancy_and_calendar_changes_enter_the_audit_trail():
    vacancy = VacancyFactory(title="Повар")
    vacancy.title = "Бас аспаз"
    vacancy.save()
    day = calendar_day_set(day=dt.date(2027, 3, 21), kind="day_off",
                           reason="Наурыз мейрамы")

    change = LogEntry.objects.get_for_object(vacancy).latest("timestamp")
    assert change.changes_dict["title"] == ["Повар", "Бас аспаз"]
    assert LogEntry.objects.get_for_object(day).exists()
