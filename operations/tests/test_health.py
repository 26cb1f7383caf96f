import datetime as dt
import json
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from operations.checks import database_sanity_check, python_sanity_check
from operations.health import FAIL, INFO, OK, WARN, database_sanity, readiness
from operations.models import BackupRecord, BackupStatus, Heartbeat
from workdays.models import CalendarDay

TOKEN = "s3cret-health-token"


@pytest.fixture
def healthy(db, clock, folders, settings):
    """A portal whose worker beats and whose backup is an hour old."""
    settings.HEALTH_DISK_MIN_FREE_MB = 1
    settings.HEALTH_TOKEN = TOKEN
    Heartbeat.objects.create(name="worker", beat_at=clock.now)
    BackupRecord.objects.create(
        set_id="20260615-090000-aaaaaa", status=BackupStatus.SUCCEEDED,
        started_at=clock.now - dt.timedelta(hours=1),
        finished_at=clock.now - dt.timedelta(hours=1), database_vendor="sqlite",
    )
    return clock


def statuses(result) -> dict[str, str]:
    return {check.name: check.status for check in result.checks}


def failing(result) -> list[str]:
    return sorted(check.name for check in result.checks if check.status == FAIL)


def test_it_answers_live_without_touching_the_database(client):
    response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_monitoring_may_probe_with_head(client, healthy):
    live = client.head("/health/live")
    ready = client.head("/health/ready")

    assert (live.status_code, ready.status_code) == (200, 200)
    assert live.content == b"" and ready.content == b""
    assert client.post("/health/live").status_code == 405


def test_it_is_ready_when_every_check_passes(healthy):
    result = readiness()

    assert result.ok
    assert failing(result) == []
    assert statuses(result)["database"] == OK
    assert statuses(result)["task_queue"] == OK
    assert statuses(result)["worker"] == OK
    assert statuses(result)["storage"] == OK
    assert statuses(result)["backup"] == OK
    assert statuses(result)["calendar"] == INFO
    assert statuses(result)["disk_backups"] == OK


def test_it_shows_details_only_to_a_token_holder(healthy, client):
    anonymous = client.get("/health/ready")
    wrong = client.get("/health/ready", HTTP_AUTHORIZATION="Bearer nope")
    right = client.get("/health/ready", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert anonymous.status_code == 200
    assert anonymous.json() == {"status": "ok"}
    assert wrong.json() == {"status": "ok"}
    body = right.json()
    assert body["status"] == "ok"
    database = next(c for c in body["checks"] if c["name"] == "database")
    assert database["status"] == "ok"
    assert database["duration_ms"] >= 0


def test_it_shows_details_to_the_back_office(healthy, client, operator):
    client.force_login(operator)

    body = client.get("/health/ready").json()

    assert "checks" in body


def test_it_keeps_secrets_out_of_the_details(healthy, client, settings):
    settings.SECRET_KEY = "do-not-show-this-key-anywhere"
    body = client.get(
        "/health/ready", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    ).content.decode()

    assert TOKEN not in body
    assert settings.SECRET_KEY not in body
    assert str(settings.BACKUP_DIR) not in body
    assert str(connection.settings_dict["NAME"]) not in body


def test_it_fails_when_the_database_is_down(healthy, client):
    refusal = OperationalError("connection to server at 10.0.0.5 refused")
    with mock.patch.object(CursorWrapper, "execute", side_effect=refusal):
        response = client.get("/health/ready", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    database = next(c for c in body["checks"] if c["name"] == "database")
    assert database == {
        "name": "database", "status": "fail",
        "message": "check raised OperationalError",
        "duration_ms": database["duration_ms"],
    }
    assert "10.0.0.5" not in response.content.decode()


def test_it_answers_503_without_details_to_anonymous_callers(healthy, client):
    Heartbeat.objects.filter(name="worker").delete()

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json() == {"status": "fail"}


def test_it_fails_when_the_worker_has_stopped(healthy, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 180
    healthy.advance(seconds=181)

    result = readiness()

    assert not result.ok
    assert failing(result) == ["worker"]
    worker = next(c for c in result.checks if c.name == "worker")
    assert worker.message == "last heartbeat 181 s ago, limit 180 s"


def test_it_fails_when_the_worker_never_reported(healthy):
    Heartbeat.objects.all().delete()

    assert failing(readiness()) == ["worker"]


def test_it_fails_when_free_disk_is_below_the_threshold(healthy, settings):
    settings.HEALTH_DISK_MIN_FREE_MB = 10**9  # a petabyte

    result = readiness()

    assert not result.ok
    assert "disk_backups" in failing(result)
    assert "disk_files" in failing(result)


def test_it_fails_when_the_last_backup_is_too_old(healthy, settings):
    settings.BACKUP_MAX_AGE_HOURS = 26
    healthy.advance(hours=26, minutes=1)
    Heartbeat.objects.filter(name="worker").update(beat_at=healthy.now)

    result = readiness()

    assert failing(result) == ["backup"]
    backup = next(c for c in result.checks if c.name == "backup")
    assert backup.message == "last successful backup 27.0 h ago, limit 26.0 h"


def test_it_ignores_a_failed_backup_when_judging_age(healthy):
    BackupRecord.objects.update(status=BackupStatus.FAILED)

    result = readiness()

    assert failing(result) == ["backup"]
    assert next(c for c in result.checks if c.name == "backup").message == (
        "no successful backup yet"
    )


def test_it_fails_when_storage_cannot_be_written(healthy):
    with mock.patch(
        "django.core.files.storage.FileSystemStorage.save",
        side_effect=PermissionError("/srv/media is read-only"),
    ):
        result = readiness()

    assert failing(result) == ["storage"]


def test_it_fails_when_the_task_queue_is_unreachable(healthy):
    from huey.contrib.djhuey import HUEY

    with mock.patch.object(HUEY, "pending_count", side_effect=OSError("gone")):
        result = readiness()

    assert failing(result) == ["task_queue"]


def test_it_wants_next_years_calendar_from_the_first_of_december(healthy):
    healthy.set(2026, 12, 1, 9, 0)
    Heartbeat.objects.filter(name="worker").update(beat_at=healthy.now)
    BackupRecord.objects.update(finished_at=healthy.now)

    missing = readiness()
    CalendarDay.objects.create(
        date=dt.date(2027, 1, 1), kind="day_off", reason="New Year",
        confirmed=True, legal_reference="Labour Code, art. 84",
    )
    with mock.patch("workdays.selectors.provisional_days", return_value=[]):
        settled = readiness()

    assert failing(missing) == ["calendar"]
    assert statuses(settled)["calendar"] == OK
    assert settled.ok


def test_it_warns_on_november_thirtieth_that_the_calendar_is_due(healthy):
    healthy.set(2026, 11, 30, 23, 59)
    Heartbeat.objects.filter(name="worker").update(beat_at=healthy.now)
    BackupRecord.objects.update(finished_at=healthy.now)

    result = readiness()

    calendar = next(check for check in result.checks if check.name == "calendar")
    assert calendar.status == WARN
    assert calendar.message == (
        "the calendar is valid until 2026-12-31; settle 2027 by 2026-12-01"
    )
    assert result.ok


def test_it_only_notes_the_calendar_early_in_the_year(healthy, settings):
    settings.REFERENCE_WARN_DAYS = 45
    healthy.set(2026, 10, 16, 12, 0)
    early = statuses(readiness())["calendar"]
    healthy.set(2026, 10, 17, 12, 0)
    warned = statuses(readiness())["calendar"]

    assert (early, warned) == (INFO, WARN)


def test_it_warns_before_a_classifier_passes_its_valid_until(healthy, settings):
    settings.CLASSIFIERS_VALID_UNTIL = [
        "kato=2026-07-15", "isco=2030-12-31", "extra=2026-06-01",
    ]

    result = readiness()

    checks = {check.name: check for check in result.checks}
    assert checks["classifier_kato"].status == WARN
    assert checks["classifier_kato"].message == (
        "kato (NK RK 11-2025) is valid until 2026-07-15"
    )
    assert checks["classifier_isco"].status == OK
    assert checks["classifier_extra"].status == FAIL
    assert failing(result) == ["classifier_extra"]


def test_it_notes_classifiers_without_a_valid_until(healthy):
    assert statuses(readiness())["classifiers"] == INFO


def test_a_malformed_valid_until_is_refused_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    from operations.conf import classifiers_valid_until

    settings.CLASSIFIERS_VALID_UNTIL = ["kato=31.12.2026"]

    with pytest.raises(ImproperlyConfigured):
        classifiers_valid_until()


def test_it_checks_case_folding_and_the_almaty_offset_of_the_database(db):
    results = {check.name: check for check in database_sanity(connection)}

    if connection.vendor == "postgresql":
        assert results["case_folding"].status == OK
        assert results["time_zone"].message == (
            "Asia/Almaty is +05:00 in Python and in PostgreSQL"
        )
        assert results["collation"].status in (OK, WARN)
    else:
        assert results["case_folding"].status == INFO
        assert results["case_folding"].message == (
            "sqlite upper() is ASCII-only; search folds text in Python, which works"
        )
        assert results["time_zone"].status == OK


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's zone data")
def test_it_reports_stale_zone_data_of_postgresql(db):
    with mock.patch("operations.health._fetch_one", return_value=(21600,)):
        results = {check.name: check for check in database_sanity(connection)}

    assert results["time_zone"].status == FAIL
    assert results["time_zone"].message.startswith(
        "PostgreSQL puts Asia/Almaty at +06:00 on 2024-06-01"
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's locale")
def test_it_reports_a_database_that_cannot_fold_kazakh(db):
    with mock.patch("operations.health._fetch_one", return_value=(False,)):
        checks = database_sanity(connection)
        result = next(c for c in checks if c.name == "case_folding")

    assert result.status == FAIL


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's locale")
def test_it_warns_about_a_code_point_collation(db):
    with mock.patch("operations.health._fetch_one", return_value=("C", "C")):
        result = next(c for c in database_sanity(connection) if c.name == "collation")

    assert result.status == WARN
    assert result.message.startswith("collation C, ctype C:")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's locale")
def test_it_reports_a_real_database_created_with_the_c_locale(db):
    from contextlib import closing

    from psycopg import sql

    from operations.dbengines import PG_MAINTENANCE_DB, PostgresEngine

    engine = PostgresEngine(connection)
    name = engine.scratch_name("ctype")
    with closing(engine.connect(PG_MAINTENANCE_DB)) as conn:
        conn.execute(sql.SQL(
            "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C' LC_CTYPE 'C'"
        ).format(sql.Identifier(name)))
    # A second wrapper under the alias the test may use, on the other database.
    live = connections["default"]
    other = type(live)({**live.settings_dict, "NAME": name}, "default")
    try:
        results = {check.name: check for check in database_sanity(other)}
    finally:
        try:
            other.close()
        finally:
            engine.drop_database(name)

    assert results["case_folding"].status == FAIL
    assert results["collation"].status == WARN
    assert results["time_zone"].status == OK


def test_the_start_up_check_warns_about_stale_python_zone_data():
    with mock.patch(
        "operations.health._python_offset",
        return_value=mock.Mock(name="time_zone", status=FAIL, message="old"),
    ) as stale:
        stale.return_value.name = "time_zone"
        warnings = python_sanity_check()

    assert [warning.id for warning in warnings] == ["operations.W003"]


def test_the_start_up_check_is_quiet_on_a_sane_database(db):
    warnings = database_sanity_check(databases=["default"])

    assert [w.id for w in warnings] in ([], ["operations.W002"])


def test_the_ready_answer_is_json_and_never_cached(healthy, client):
    response = client.get("/health/ready")

    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert json.loads(response.content) == {"status": "ok"}


def test_it_counts_time_in_aware_datetimes(healthy):
    assert timezone.is_aware(Heartbeat.objects.get(name="worker").beat_at)
