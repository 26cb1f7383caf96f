"""Operations and the security room: backups in the journal, the SOC link watched."""

import re
from unittest import mock

import pytest

from operations.backup import BackupFailed, backup_create
from operations.health import FAIL, INFO, OK, WARN, readiness
from operations.restore import RestoreRefused, backup_restore, backup_verify
from security.models import OutboxEntry, SecurityEvent
from security.selectors import security_journal_verify
from security.services import security_event_record

METRICS_TOKEN = "metrics-token-42"


def events(prefix: str = "sys_") -> list[tuple[str, str]]:
    return list(
        SecurityEvent.objects.filter(name__startswith=prefix)
        .order_by("pk").values_list("name", "outcome")
    )


def yes(question: str) -> bool:
    return True


# Backups, restore checks and restores in the journal ----------------------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_and_its_restore_check_are_recorded(folders):
    record = backup_create(trigger="scheduled")
    backup_verify(reference=record.set_id)

    assert events() == [
        ("sys_backup_created", "success"), ("sys_backup_verified", "success"),
    ]
    created = SecurityEvent.objects.get(name="sys_backup_created")
    assert created.object_ref == f"backup_set:{record.set_id}"
    assert created.details["trigger"] == "scheduled"
    assert created.details["size_bytes"] == record.size_bytes


@pytest.mark.django_db(transaction=True)
def test_a_failed_backup_is_recorded_by_the_type_of_its_error(folders, settings):
    settings.LOG_INCIDENTS = False
    with mock.patch("operations.backup.engine_for",
                    side_effect=RuntimeError("pg_dump at /usr/lib is missing")):
        with pytest.raises(BackupFailed):
            backup_create()

    event = SecurityEvent.objects.get(name="sys_backup_failed")
    assert event.outcome == "failure"
    assert event.level == "WARN"
    assert event.details == {"trigger": "manual", "error": "RuntimeError"}


@pytest.mark.django_db(transaction=True)
def test_a_failed_restore_check_is_recorded(folders, settings):
    settings.LOG_INCIDENTS = False
    record = backup_create()
    manifest = folders / "backups" / record.set_id / f"{record.set_id}.manifest.json"
    database = next(manifest.parent.glob("*.database.*"))
    database.write_bytes(database.read_bytes() + b"tampered")

    check = backup_verify(reference=record.set_id)

    assert not check.ok
    assert events()[-1] == ("sys_backup_verify_failed", "failure")


@pytest.mark.django_db(transaction=True)
def test_a_restore_is_recorded_in_the_restored_journal_whose_chain_holds(folders):
    record = backup_create()

    backup_restore(reference=record.set_id, confirm=yes, keep_previous=False)

    # The set was written before its own "created" event: the restored
    # journal holds the restore, chained onto what the set brought back.
    assert events() == [("sys_restore_completed", "success")]
    assert security_journal_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_refused_restore_is_recorded_as_a_failure(folders):
    record = backup_create()

    with pytest.raises(RestoreRefused):
        backup_restore(reference=record.set_id, confirm=lambda question: False)

    event = SecurityEvent.objects.get(name="sys_restore_refused")
    assert event.outcome == "failure"
    assert event.details == {"reason": "not confirmed; nothing was changed"}


# The SOC link in readiness and metrics -------------------------------------------


@pytest.fixture
def soc_on(settings, db):
    settings.SECURITY_SOC_HOST = "soc.invalid"
    settings.HEALTH_SOC_MAX_LAG_MINUTES = 15


def queue_one() -> None:
    security_event_record(name="authn_login_fail", outcome="failure")


def soc_check(result):
    [check] = [check for check in result.checks if check.name == "soc_forwarding"]
    return check


def test_readiness_says_when_forwarding_is_off(db, settings):
    settings.SECURITY_SOC_HOST = ""

    assert soc_check(readiness()).status == INFO


def test_readiness_passes_while_the_backlog_is_fresh(soc_on, clock):
    queue_one()
    clock.advance(minutes=14)

    check = soc_check(readiness())

    assert (check.status, check.message) == (OK, "1 events queued, oldest 840 s")


def test_readiness_fails_when_the_oldest_queued_event_is_too_old(soc_on, clock):
    queue_one()
    clock.advance(minutes=16)

    result = readiness()

    assert soc_check(result).status == FAIL
    assert soc_check(result).message == "1 events queued, oldest 960 s, limit 900 s"
    assert not result.ok


def test_readiness_warns_about_events_that_failed_to_send(soc_on, clock):
    queue_one()
    OutboxEntry.objects.update(attempts=2)

    check = soc_check(readiness())

    assert check.status == WARN
    assert check.message == "1 events queued, oldest 0 s, 1 failed to send"


def test_metrics_show_the_soc_backlog_and_its_lag(soc_on, clock, client, settings):
    settings.METRICS_TOKEN = METRICS_TOKEN
    queue_one()
    queue_one()
    OutboxEntry.objects.filter(pk=OutboxEntry.objects.order_by("pk")[0].pk).update(
        attempts=1
    )
    clock.advance(seconds=90)

    text = client.get(
        "/metrics", HTTP_AUTHORIZATION=f"Bearer {METRICS_TOKEN}"
    ).content.decode()

    assert re.search(r"^elx_soc_forwarding_backlog 2\.0$", text, re.MULTILINE)
    assert re.search(r"^elx_soc_forwarding_lag_seconds 90\.0$", text, re.MULTILINE)
    assert re.search(r"^elx_soc_forwarding_failing 1\.0$", text, re.MULTILINE)
