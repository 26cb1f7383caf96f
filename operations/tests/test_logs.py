import json
import logging
import sys

import pytest
from huey.contrib.djhuey import db_task

from incidents.models import Incident
from operations.logs import (
    IncidentLogHandler,
    JsonFormatter,
    PlainFormatter,
    RequestIdFilter,
    record_fingerprint,
)
from operations.requestid import (
    current_request_id,
    request_id_kwargs,
    request_id_reset,
    request_id_set,
)

PLAIN = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def make_record(msg, *args, name="portal.test", level=logging.ERROR, exc=None,
                func="handler"):
    record = logging.LogRecord(name, level, __file__, 10, msg, args, exc, func)
    RequestIdFilter().filter(record)
    return record


def raised(error):
    try:
        raise error
    except Exception:
        return sys.exc_info()


# --- Formats ------------------------------------------------------------------

def test_it_escapes_line_breaks_typed_by_a_user_in_plain_lines():
    typed = "Алматы\r\n2026-06-15 10:00:00 INFO fake.logger [x] all is well"
    record = make_record("search for %s", typed)

    line = PlainFormatter(PLAIN).format(record)

    assert "\n" not in line and "\r" not in line
    assert line.endswith(
        "search for Алматы\\r\\n2026-06-15 10:00:00 INFO fake.logger [x] all is well"
    )


def test_it_indents_every_line_of_a_traceback():
    record = make_record("failed", exc=raised(ValueError("bad\nFAKE LINE")))

    lines = PlainFormatter(PLAIN).format(record).splitlines()

    assert all(line.startswith("    ") for line in lines[1:])
    assert "    FAKE LINE" in lines


def test_it_writes_one_json_object_a_line_with_the_request_id():
    token = request_id_set("req-abc")
    try:
        record = make_record("user typed %s", "a\nb", exc=raised(KeyError("k")))
    finally:
        request_id_reset(token)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "user typed a\nb"
    assert entry["request_id"] == "req-abc"
    assert entry["level"] == "ERROR"
    assert entry["exc_type"] == "KeyError"


def test_it_keeps_plain_context_fields_and_drops_objects():
    record = make_record("vacancy closed")
    record.vacancy_id = 17
    record.request = object()

    entry = json.loads(JsonFormatter().format(record))

    assert entry["vacancy_id"] == 17
    assert "request" not in entry


# --- Request ids ----------------------------------------------------------------

def test_it_gives_every_request_an_id(client):
    first = client.get("/health/live")["X-Request-ID"]
    second = client.get("/health/live")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_it_ignores_a_request_id_from_an_untrusted_client(client, settings):
    settings.TRUSTED_PROXIES = []

    response = client.get("/health/live", HTTP_X_REQUEST_ID="forged-id")

    assert response["X-Request-ID"] != "forged-id"


def test_it_takes_the_request_id_of_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.0/8"]

    response = client.get("/health/live", HTTP_X_REQUEST_ID="nginx-4f2a")

    assert response["X-Request-ID"] == "nginx-4f2a"


def test_it_refuses_a_request_id_that_could_break_a_log_line(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.0/8"]

    response = client.get("/health/live", HTTP_X_REQUEST_ID="a b\tc")

    assert response["X-Request-ID"] != "a b\tc"
    assert len(response["X-Request-ID"]) == 32


@db_task()
def _seen_request_id(request_id=None):
    return current_request_id()


def test_it_carries_the_request_id_into_a_task(db):
    import operations.worker  # noqa: F401  (registers the signal handlers)

    token = request_id_set("req-from-web")
    try:
        result = _seen_request_id(**request_id_kwargs())
    finally:
        request_id_reset(token)

    assert result.get() == "req-from-web"


def test_a_task_queued_without_a_request_gets_its_own_id(db):
    import operations.worker  # noqa: F401  (registers the signal handlers)

    result = _seen_request_id()

    assert result.get().startswith("task-")


# --- Errors in the logs as incidents -------------------------------------------

@pytest.fixture
def handler(settings):
    settings.LOG_INCIDENTS = True
    settings.LOG_INCIDENTS_PER_MINUTE = 20
    return IncidentLogHandler()


def test_it_groups_repeats_of_one_error_under_one_fingerprint():
    first = make_record("payment %s failed for user %s", 1012, "a@b.kz")
    again = make_record("payment %s failed for user %s", 88, "c@d.kz")
    other = make_record("import of %s stopped", "file.csv")

    assert record_fingerprint(first) == record_fingerprint(again)
    assert record_fingerprint(first) != record_fingerprint(other)


def test_it_groups_an_exception_by_its_type_and_place():
    def failing():
        raise ValueError("id 123 is broken")

    def other_failing():
        raise KeyError("id 123 is broken")

    first = make_record("Internal Server Error: %s", "/kk/a/", exc=_catch(failing))
    again = make_record("Internal Server Error: %s", "/kk/b/", exc=_catch(failing))
    other = make_record("Internal Server Error: %s", "/kk/a/",
                        exc=_catch(other_failing))

    assert record_fingerprint(first) == record_fingerprint(again)
    assert record_fingerprint(first) != record_fingerprint(other)


def _catch(function):
    try:
        function()
    except Exception:
        return sys.exc_info()


@pytest.mark.django_db(transaction=True)
def test_it_opens_one_incident_per_error_and_counts_repeats(handler, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("operations.logs.time.monotonic", lambda: clock[0])

    handler.handle(make_record("export %s failed", 1))
    clock[0] += 61
    handler.handle(make_record("export %s failed", 2))

    incident = Incident.objects.get()
    assert incident.source == "system_log"
    assert incident.severity == "medium"
    assert incident.function == "other"
    assert incident.title == "portal.test: export 1 failed"
    assert incident.occurrences == 2
    assert incident.fingerprint.startswith("log:portal.test:")


@pytest.mark.django_db(transaction=True)
def test_it_reports_one_fingerprint_at_most_once_a_minute(handler):
    for number in range(50):
        handler.handle(make_record("export %s failed", number))

    assert Incident.objects.get().occurrences == 1
    assert handler.dropped == 49


@pytest.mark.django_db(transaction=True)
def test_it_caps_reports_a_minute_across_fingerprints(handler, settings):
    settings.LOG_INCIDENTS_PER_MINUTE = 3

    for number in range(10):
        handler.handle(make_record(f"failure kind {chr(97 + number)}"))

    assert Incident.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_critical_record_opens_a_high_incident(handler):
    handler.handle(make_record("disk gone", level=logging.CRITICAL))

    assert Incident.objects.get().severity == "high"


@pytest.mark.django_db(transaction=True)
def test_it_ignores_the_registrys_own_errors(handler):
    handler.handle(make_record("report failed", name="incidents.services"))

    assert Incident.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_it_never_raises_when_the_registry_fails(handler, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr("incidents.services.incident_report", broken)

    handler.handle(make_record("export failed"))

    assert Incident.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_it_does_nothing_when_switched_off(handler, settings):
    settings.LOG_INCIDENTS = False

    handler.handle(make_record("export failed"))

    assert Incident.objects.count() == 0


def test_it_waits_for_the_commit_inside_a_transaction(
    handler, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        handler.handle(make_record("export failed"))
        assert Incident.objects.count() == 0

    assert len(callbacks) == 1
    assert Incident.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_unhandled_exception_of_a_page_opens_an_incident(client, settings):
    from django.urls import path

    from operations.tests import urls_broken

    settings.ROOT_URLCONF = urls_broken.__name__
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    incident = Incident.objects.get()
    assert incident.source == "system_log"
    assert "ZeroDivisionError" in incident.title
    assert path  # the test urlconf is importable


def _record(error: Exception, status: int) -> logging.LogRecord:
    try:
        raise error
    except Exception:  # noqa: BLE001 - the record needs a live exc_info
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1,
                               "Forbidden (Permission denied): %s", ("/kk/x/",),
                               exc_info)
    record.status_code = status
    return record


def test_a_meant_refusal_is_logged_in_one_line_without_its_traceback():
    from django.core.exceptions import PermissionDenied

    from operations.logs import PlainFormatter, RefusalFilter

    record = _record(PermissionDenied("Only job seekers"), 403)

    assert RefusalFilter().filter(record) is True
    record.request_id = "-"
    line = PlainFormatter("%(levelname)s %(message)s").format(record)
    assert line == "WARNING Forbidden (Permission denied): /kk/x/"


def test_a_fault_keeps_its_traceback():
    from operations.logs import RefusalFilter

    record = _record(RuntimeError("boom"), 500)

    RefusalFilter().filter(record)

    assert record.exc_info is not None


def test_the_console_applies_the_refusal_filter():
    from django.conf import settings

    assert "refusal" in settings.LOGGING["handlers"]["console"]["filters"]
