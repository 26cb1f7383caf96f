"""incident_report: the one way in, and its deduplication by fingerprint."""

import datetime as dt

import pytest

from core.errors import ValidationFailed
from core.localtime import ALMATY
from incidents.models import (
    EventKind,
    Function,
    Incident,
    IncidentLink,
    Severity,
    Source,
    Status,
)
from incidents.services import (
    LinkTarget,
    incident_report,
    incident_resolve,
)

PROBE_DOWN = {
    "source": Source.MONITORING,
    "title": "Search does not answer",
    "fingerprint": "probe:search",
    "severity": Severity.HIGH,
    "function": Function.SEARCH,
    "actor": "monitoring",
}


@pytest.mark.django_db
def test_it_opens_a_numbered_incident_on_the_first_report(clock):
    incident, created = incident_report(**PROBE_DOWN, description=" Timeout 30 s ")

    assert created is True
    assert incident.number == "INC-2026-000001"
    assert (incident.status, incident.occurrences) == (Status.OPEN, 1)
    assert incident.description == "Timeout 30 s"
    assert incident.opened_at == incident.first_seen == incident.last_seen == clock.now
    event = incident.events.get()
    assert (event.kind, event.actor_name, event.actor_user) == (
        EventKind.OPENED, "monitoring", None
    )
    assert event.after["severity"] == "high"


@pytest.mark.django_db
def test_it_adds_an_occurrence_while_the_failure_is_open(clock):
    first, _ = incident_report(**PROBE_DOWN)
    clock.advance(minutes=5)

    again, created = incident_report(**PROBE_DOWN)

    assert created is False
    assert again.pk == first.pk
    assert Incident.objects.count() == 1
    again.refresh_from_db()
    assert again.occurrences == 2
    assert again.last_seen == clock.now
    event = again.events.get(kind=EventKind.OCCURRENCE)
    assert (event.before["occurrences"], event.after["occurrences"]) == (1, 2)


@pytest.mark.django_db
def test_it_raises_the_severity_when_the_failure_gets_worse(clock):
    incident_report(**PROBE_DOWN)
    incident_report(**{**PROBE_DOWN, "severity": Severity.CRITICAL})
    incident_report(**{**PROBE_DOWN, "severity": Severity.LOW})

    incident = Incident.objects.get()
    assert incident.severity == Severity.CRITICAL
    assert incident.occurrences == 3


@pytest.mark.django_db
def test_it_keeps_the_earliest_time_a_late_log_line_reports(clock):
    incident, _ = incident_report(**PROBE_DOWN)
    earlier = clock.now - dt.timedelta(hours=1)

    incident_report(**PROBE_DOWN, occurred_at=earlier)

    incident.refresh_from_db()
    assert (incident.first_seen, incident.last_seen) == (earlier, clock.now)


@pytest.mark.django_db
def test_it_opens_a_new_incident_once_the_old_one_is_resolved(clock, administrator):
    old, _ = incident_report(**PROBE_DOWN)
    incident_resolve(incident=old, actor="monitoring", resolution="Probe green")

    new, created = incident_report(**PROBE_DOWN)

    assert created is True
    assert new.pk != old.pk
    assert new.number == "INC-2026-000002"


@pytest.mark.django_db
def test_it_keeps_different_failures_apart(clock):
    incident_report(**PROBE_DOWN)
    _, created = incident_report(**{**PROBE_DOWN, "fingerprint": "probe:api"})

    assert created is True
    assert Incident.objects.count() == 2


@pytest.mark.django_db
def test_it_numbers_incidents_by_the_year_in_almaty(clock):
    # 19:30 UTC on 31 December 2025 is already 2026 in Almaty.
    clock.now = dt.datetime(2025, 12, 31, 19, 30, tzinfo=dt.timezone.utc)
    incident, _ = incident_report(**PROBE_DOWN)

    assert incident.number == "INC-2026-000001"


@pytest.mark.django_db
def test_it_links_the_report_to_its_feedback_request_once(clock):
    link = LinkTarget(kind="feedback_request", reference="FB-2026-000017")
    report = {**PROBE_DOWN, "source": Source.USER_FEEDBACK, "actor": "helpdesk"}

    incident, _ = incident_report(**report, link=link)
    incident_report(**report, link=link)
    incident_report(**report, link=LinkTarget("feedback_request", "FB-2026-000018"))

    links = IncidentLink.objects.filter(incident=incident)
    references = list(links.values_list("reference", flat=True))
    assert references == ["FB-2026-000017", "FB-2026-000018"]
    assert incident.events.filter(kind=EventKind.LINKED).count() == 2


@pytest.mark.django_db
def test_it_cuts_a_long_title_from_a_log_line(clock):
    incident, _ = incident_report(**{**PROBE_DOWN, "title": "x" * 500})

    assert incident.title == "x" * 199 + "…"


@pytest.mark.django_db
def test_it_hashes_a_fingerprint_longer_than_its_column(clock):
    long_key = "trace:" + "a" * 300
    first, _ = incident_report(**{**PROBE_DOWN, "fingerprint": long_key})
    _, created = incident_report(**{**PROBE_DOWN, "fingerprint": long_key})

    assert first.fingerprint.startswith("sha256:")
    assert len(first.fingerprint) == 71
    assert created is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"source": "twitter"}, "source", "Choose a source of the list."),
        ({"severity": "urgent"}, "severity", "Choose a severity of the list."),
        ({"function": "payroll"}, "function", "Choose a function of the list."),
        ({"title": "   "}, "title", "Give the incident a title."),
        (
            {"fingerprint": " "},
            "fingerprint",
            "A report needs a fingerprint that names the failure.",
        ),
        (
            {"occurred_at": dt.datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)},
            "occurred_at",
            "The failure cannot have happened in the future.",
        ),
        (
            {"link": LinkTarget(kind="", reference="FB-1")},
            "link",
            "A link needs a kind of up to 50 characters and a reference of up to 100.",
        ),
    ],
)
def test_it_refuses_a_malformed_report(clock, change, field, message):
    with pytest.raises(ValidationFailed) as caught:
        incident_report(**{**PROBE_DOWN, **change})

    assert (caught.value.field, str(caught.value)) == (field, message)
    assert Incident.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_naive_occurrence_time(clock):
    with pytest.raises(ValueError, match="timezone-aware"):
        incident_report(**PROBE_DOWN, occurred_at=dt.datetime(2026, 3, 2, 8, 0))


@pytest.mark.django_db
def test_it_records_the_user_who_reported(clock, operator):
    incident, _ = incident_report(**{**PROBE_DOWN, "actor": operator})

    event = incident.events.get()
    assert (incident.created_by, event.actor_user, event.actor_name) == (
        operator, operator, "operator@example.kz"
    )
