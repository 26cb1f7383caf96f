import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_create, user_set_role
from security.models import JournalHead, SecurityEvent
from security.privacy import pseudonym
from security.selectors import security_journal_verify
from security.services import security_event_record, security_journal_prune


def _request(**meta):
    request = RequestFactory().get("/en/", **meta)
    request.request_id = "req-42"
    return request


@pytest.mark.django_db
def test_it_records_who_where_and_which_request(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = _request(
        REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.9",
        HTTP_USER_AGENT="Firefox/140",
    )

    event = security_event_record(
        name="authz_fail", outcome="failure", actor_id=7, request=request,
        object_ref="vacancy:12",
    )

    event.refresh_from_db()
    assert (event.source_ip, event.user_agent, event.request_id) == (
        "203.0.113.7", "Firefox/140", "req-42",
    )
    assert (event.actor_id, event.object_ref, event.level) == (7, "vacancy:12", "WARN")
    assert event.occurred_at.tzinfo is not None


@pytest.mark.django_db
def test_it_ignores_a_forwarded_address_from_an_untrusted_peer(settings):
    settings.TRUSTED_PROXIES = []
    request = _request(REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.2.3.4")

    event = security_event_record(name="authz_fail", outcome="failure", request=request)

    assert event.source_ip == "198.51.100.1"


@pytest.mark.django_db
def test_it_refuses_a_name_outside_the_vocabulary():
    with pytest.raises(ValueError, match="login_ok"):
        security_event_record(name="login_ok", outcome="success")


@pytest.mark.django_db
def test_it_accepts_names_of_the_open_families():
    event = security_event_record(name="sys_backup_created", outcome="success")
    assert event.name == "sys_backup_created"


@pytest.mark.django_db
def test_it_keeps_emails_phones_and_iins_out_of_the_journal():
    event = security_event_record(
        name="input_validation_fail", outcome="failure",
        object_ref="profile of aigerim@example.kz",
        details={"phone": "+7 701 123 45 67", "note": "IIN 900101300123 given"},
        subject="Aigerim@Example.kz",
    )

    event.refresh_from_db()
    stored = str(event.details) + event.object_ref + event.subject
    for secret in ("aigerim", "701 123", "900101300123"):
        assert secret not in stored.lower()
    assert event.subject == pseudonym("aigerim@example.kz")
    assert event.details["phone"] == pseudonym("77011234567")


@pytest.mark.django_db
def test_it_chains_each_event_to_the_one_before():
    first = security_event_record(name="authn_login_success", outcome="success")
    second = security_event_record(name="session_logout", outcome="success")

    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash
    assert JournalHead.objects.get(pk=1).last_hash == second.hash
    assert security_journal_verify().ok


def _three_events():
    return [
        security_event_record(
            name="authn_login_fail", outcome="failure", subject=str(i)
        )
        for i in range(3)
    ]


@pytest.mark.django_db
def test_verify_command_reports_an_intact_chain(capsys):
    _three_events()
    call_command("security_journal_verify")
    assert "chain intact: 3 events verified" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_command_names_the_first_changed_event():
    events = _three_events()
    SecurityEvent.objects.filter(pk=events[1].pk).update(outcome="success")

    with pytest.raises(CommandError) as failure:
        call_command("security_journal_verify")

    assert f"pk={events[1].pk} id={events[1].event_id}" in str(failure.value)
    assert "contents changed" in str(failure.value)
    assert failure.value.returncode == 1


@pytest.mark.django_db
def test_verify_names_the_event_after_a_removed_one():
    events = _three_events()
    SecurityEvent.objects.filter(pk=events[1].pk).delete()

    result = security_journal_verify()

    assert result.broken.pk == events[2].pk
    assert result.broken.reason == "previous hash differs"


@pytest.mark.django_db
def test_verify_notices_a_cut_tail():
    events = _three_events()
    SecurityEvent.objects.filter(pk=events[2].pk).delete()

    result = security_journal_verify()

    assert result.broken.pk == events[1].pk
    assert "missing" in result.broken.reason


@pytest.mark.django_db
def test_pruning_removes_old_events_logs_itself_and_keeps_the_chain(settings):
    settings.SECURITY_JOURNAL_RETENTION_DAYS = 30
    old = _three_events()
    SecurityEvent.objects.filter(pk__in=[e.pk for e in old[:2]]).update(
        occurred_at=timezone.now() - dt.timedelta(days=31)
    )
    # The update above breaks those two links on purpose: they are the ones
    # pruning removes, and the chain of what is kept must verify.

    deleted = security_journal_prune()

    assert deleted == 2
    names = list(SecurityEvent.objects.order_by("pk").values_list("name", flat=True))
    assert names == ["authn_login_fail", "sys_journal_pruned"]
    pruned = SecurityEvent.objects.get(name="sys_journal_pruned")
    assert pruned.details["deleted"] == 2
    assert pruned.details["anchor_hash"] == JournalHead.objects.get().anchor_hash
    assert security_journal_verify().ok


@pytest.mark.django_db
def test_pruning_with_nothing_old_changes_nothing():
    _three_events()
    assert security_journal_prune() == 0
    assert SecurityEvent.objects.count() == 3


@pytest.mark.django_db
def test_signing_in_and_out_and_failing_are_recorded(client, job_seeker):
    url = reverse("accounts:login")
    client.post(url, {"username": "aigerim@example.kz", "password": "wrong-horse"})
    client.post(url, {"username": "aigerim@example.kz", "password": "correct-horse-42"})
    client.post(reverse("accounts:logout"))

    events = list(SecurityEvent.objects.order_by("pk"))
    assert [(e.name, e.outcome) for e in events] == [
        ("authn_login_fail", "failure"),
        ("authn_login_success", "success"),
        ("session_logout", "success"),
    ]
    assert events[0].subject == pseudonym("aigerim@example.kz")
    assert events[1].actor_id == events[2].actor_id == job_seeker.pk
    assert events[1].source_ip == "127.0.0.1"


@pytest.mark.django_db
def test_a_role_change_is_recorded_with_before_and_after(administrator):
    user = user_create(email="o@example.kz", password="a-long-passphrase-1")

    user_set_role(user=user, role=Role.OPERATOR, by=administrator)

    created = SecurityEvent.objects.get(name="user_created")
    changed = SecurityEvent.objects.get(name="privilege_permissions_changed")
    assert created.object_ref == changed.object_ref == f"user:{user.pk}"
    assert changed.actor_id == administrator.pk
    assert changed.details == {"role_before": "job_seeker", "role_after": "operator"}


@pytest.mark.django_db
def test_a_password_change_in_the_admin_is_recorded(client, administrator, job_seeker):
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[job_seeker.pk])

    client.post(url, {"password1": "Another-long-pass-9", "password2":
                      "Another-long-pass-9", "set_usable_password": "true"})

    event = SecurityEvent.objects.get(name="authn_password_change")
    assert event.actor_id == administrator.pk
    assert event.object_ref == f"user:{job_seeker.pk}"


@pytest.mark.django_db
def test_the_admin_offers_no_way_to_change_or_delete_events(client, administrator):
    event = security_event_record(name="authz_fail", outcome="failure")
    client.force_login(administrator)

    delete = client.post(
        reverse("admin:security_securityevent_delete", args=[event.pk]), {"post": "yes"}
    )
    change = client.post(
        reverse("admin:security_securityevent_change", args=[event.pk]),
        {"outcome": "success"},
    )

    assert delete.status_code == 403
    assert change.status_code == 403
    event.refresh_from_db()
    assert event.outcome == "failure"


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain():
    def append(worker):
        try:
            for index in range(10):
                security_event_record(
                    name="authn_login_fail", outcome="failure",
                    subject=f"{worker}-{index}",
                )
        finally:
            connections.close_all()

    # The lock matters on PostgreSQL; the suite's in-memory SQLite database
    # is shared between threads only through table locks that refuse writes.
    threads_count = 8 if connection.vendor == "postgresql" else 1
    threads = [threading.Thread(target=append, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert SecurityEvent.objects.count() == 10 * threads_count
    assert security_journal_verify().ok
