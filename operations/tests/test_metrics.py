import datetime as dt
import re
import sys
import types

import pytest

from incidents.services import incident_report
from operations.models import (
    BackupRecord,
    BackupStatus,
    Heartbeat,
    ProbeResult,
    TaskStat,
    VerificationRecord,
)
from operations.services import task_failure_record

TOKEN = "metrics-token-42"


@pytest.fixture
def scrape(client, settings, db):
    settings.METRICS_TOKEN = TOKEN

    def get() -> str:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return response.content.decode()

    return get


def value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    assert match, f"{series} is not in the scrape"
    return float(match.group(1))


def test_it_refuses_metrics_without_the_token(client, settings, db):
    settings.METRICS_TOKEN = TOKEN

    anonymous = client.get("/metrics")
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess")

    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert wrong.status_code == 401


def test_it_uses_the_health_token_when_metrics_has_none(client, settings, db):
    settings.HEALTH_TOKEN = "health-token"

    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer health-token")

    assert response.status_code == 200


def test_it_serves_metrics_to_the_back_office_unless_told_not_to(
    client, settings, operator, job_seeker
):
    client.force_login(job_seeker)
    seeker = client.get("/metrics")
    client.force_login(operator)
    allowed = client.get("/metrics")
    settings.METRICS_ALLOW_STAFF = False
    refused = client.get("/metrics")

    assert seeker.status_code == 401
    assert allowed.status_code == 200
    assert refused.status_code == 401


def test_it_counts_requests_by_view_and_status(client, scrape):
    series = 'elx_http_requests_total{method="GET",status="200",view="health-live"}'
    before = value(scrape(), series) if series in scrape() else 0.0

    client.get("/health/live")
    client.get("/health/live")

    text = scrape()
    assert value(text, series) == before + 2
    assert 'elx_http_request_duration_seconds_bucket{le="0.005",method="GET",' \
        'view="health-live"}' in text


def test_it_labels_unknown_addresses_without_their_path(client, scrape):
    client.get("/no-such-page-7f3a/")

    text = scrape()
    assert "no-such-page-7f3a" not in text
    assert 'view="unresolved"' in text


def test_it_reports_queue_failures_incidents_backups_and_probes(scrape, clock):
    task_failure_record(task="config.tasks.backup_if_due")
    task_failure_record(task="config.tasks.backup_if_due")
    incident_report(
        source="monitoring", title="Search is down", fingerprint="probe:search",
        severity="high", function="search", actor="monitoring",
    )
    BackupRecord.objects.create(
        set_id="s1", status=BackupStatus.SUCCEEDED, database_vendor="sqlite",
        started_at=clock.now - dt.timedelta(hours=2),
        finished_at=clock.now - dt.timedelta(hours=1),
    )
    VerificationRecord.objects.create(
        set_id="s1", ok=True, started_at=clock.now - dt.timedelta(days=2),
        finished_at=clock.now - dt.timedelta(days=1),
    )
    ProbeResult.objects.create(function="search", checked_at=clock.now, ok=False,
                               status_code=502, latency_ms=1500)
    Heartbeat.objects.create(
        name="worker", beat_at=clock.now - dt.timedelta(seconds=30)
    )

    text = scrape()

    assert value(text, "elx_task_queue_pending") == 0
    assert value(
        text, 'elx_task_failures_total{task="config.tasks.backup_if_due"}'
    ) == 2
    assert value(
        text, 'elx_incidents_open{severity="high",source="monitoring"}'
    ) == 1
    assert value(text, 'elx_incidents_open{severity="low",source="soc"}') == 0
    assert value(text, "elx_backup_last_success_age_seconds") == 3600
    assert value(text, "elx_restore_last_verified_age_seconds") == 86400
    assert value(text, 'elx_probe_up{function="search"}') == 0
    assert value(text, 'elx_probe_latency_seconds{function="search"}') == 1.5
    assert value(text, "elx_worker_heartbeat_age_seconds") == 30
    assert TaskStat.objects.get().failures == 2


def test_it_reads_the_real_desk_queue(scrape):
    text = scrape()

    assert value(text, "elx_feedback_requests_open") == 0
    assert value(text, "elx_feedback_requests_overdue") == 0


def test_it_leaves_feedback_metrics_out_while_the_desk_has_no_selector(
    scrape, monkeypatch
):
    without = types.ModuleType("helpdesk.selectors")
    monkeypatch.setitem(sys.modules, "helpdesk.selectors", without)

    assert "elx_feedback_requests_open" not in scrape()


def test_it_reads_feedback_counts_through_the_desks_selector(scrape, monkeypatch):
    selectors = types.ModuleType("helpdesk.selectors")
    selectors.queue_counts = lambda *, now: types.SimpleNamespace(
        open=5, overdue=2, due_soon=1
    )
    monkeypatch.setitem(sys.modules, "helpdesk.selectors", selectors)

    text = scrape()

    assert value(text, "elx_feedback_requests_open") == 5
    assert value(text, "elx_feedback_requests_overdue") == 2


def test_a_broken_figure_does_not_hide_the_others(scrape, monkeypatch):
    from huey.contrib.djhuey import HUEY

    def unreachable():
        raise OSError("queue is gone")

    monkeypatch.setattr(HUEY, "pending_count", unreachable)

    text = scrape()

    assert "elx_task_queue_pending" not in text
    assert "elx_incidents_open" in text
