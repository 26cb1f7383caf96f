"""Moving an incident along open -> acknowledged -> resolved -> closed."""

import pytest

from accounts.models import Role
from core.errors import Conflict, Forbidden, ValidationFailed
from incidents.models import EventKind, Function, Incident, Severity, Source, Status
from incidents.services import (
    LinkTarget,
    incident_acknowledge,
    incident_assign,
    incident_close,
    incident_comment,
    incident_link,
    incident_open_by_specialist,
    incident_reopen,
    incident_report,
    incident_resolve,
    incident_resolve_by_fingerprint,
)
from tests.factories import UserFactory


def report(fingerprint: str = "probe:api") -> Incident:
    incident, _ = incident_report(
        source=Source.MONITORING,
        title="API answers 502",
        fingerprint=fingerprint,
        severity=Severity.CRITICAL,
        function=Function.API,
        actor="monitoring",
    )
    return incident


@pytest.mark.django_db
def test_it_walks_an_incident_through_its_life_and_records_each_step(
    clock, administrator
):
    incident = report()
    clock.advance(minutes=7)
    incident_acknowledge(incident=incident, actor=administrator)
    clock.advance(minutes=30)
    incident_resolve(incident=incident, actor=administrator, resolution=" Restarted ")
    clock.advance(hours=2)
    incident = incident_close(incident=incident, actor=administrator)

    assert incident.status == Status.CLOSED
    assert incident.resolution == "Restarted"
    assert (incident.closed_at - incident.opened_at).total_seconds() == 9420
    timeline = [
        (event.kind, event.actor_name, event.before.get("status"),
         event.after.get("status"))
        for event in incident.events.all()
    ]
    assert timeline == [
        (EventKind.OPENED, "monitoring", None, "open"),
        (EventKind.ACKNOWLEDGED, "admin@example.kz", "open", "acknowledged"),
        (EventKind.RESOLVED, "admin@example.kz", "acknowledged", "resolved"),
        (EventKind.CLOSED, "admin@example.kz", "resolved", "closed"),
    ]


@pytest.mark.django_db
def test_it_refuses_to_acknowledge_twice(clock, administrator):
    incident = incident_acknowledge(incident=report(), actor=administrator)

    with pytest.raises(ValidationFailed) as caught:
        incident_acknowledge(incident=incident, actor=administrator)

    assert str(caught.value) == (
        "Incident INC-2026-000001 is “Acknowledged”; only an open incident can be "
        "acknowledged."
    )


@pytest.mark.django_db
def test_it_refuses_to_close_an_incident_that_is_not_resolved(clock, administrator):
    incident = report()

    with pytest.raises(ValidationFailed) as caught:
        incident_close(incident=incident, actor=administrator)

    assert str(caught.value) == (
        "Incident INC-2026-000001 is “Open”; only a resolved incident can be closed."
    )
    incident.refresh_from_db()
    assert incident.status == Status.OPEN
    assert incident.events.count() == 1


@pytest.mark.django_db
def test_it_refuses_to_reopen_a_closed_incident(clock, administrator):
    incident = report()
    incident_resolve(incident=incident, actor=administrator, resolution="Fixed")
    incident_close(incident=incident, actor=administrator)

    with pytest.raises(ValidationFailed, match="only a resolved incident can be "
                       "reopened"):
        incident_reopen(incident=incident, actor=administrator, reason="Back again")


@pytest.mark.django_db
def test_it_refuses_to_resolve_without_saying_how(clock, administrator):
    with pytest.raises(ValidationFailed) as caught:
        incident_resolve(incident=report(), actor=administrator, resolution="  ")

    assert (caught.value.field, str(caught.value)) == (
        "resolution", "Say how the failure was eliminated."
    )


@pytest.mark.django_db
def test_it_reopens_a_resolved_incident_and_forgets_the_resolution(
    clock, administrator
):
    incident = incident_acknowledge(incident=report(), actor=administrator)
    acknowledged_at = incident.acknowledged_at
    incident_resolve(incident=incident, actor=administrator, resolution="Fixed")
    clock.advance(hours=1)

    incident = incident_reopen(
        incident=incident, actor=administrator, reason="502 again"
    )

    assert (incident.status, incident.resolution, incident.resolved_at) == (
        Status.OPEN, "", None
    )
    assert incident.acknowledged_at == acknowledged_at
    event = incident.events.get(kind=EventKind.REOPENED)
    assert (event.note, event.before["resolution"]) == ("502 again", "Fixed")


@pytest.mark.django_db
def test_it_refuses_to_reopen_beside_a_newer_incident_of_the_same_failure(
    clock, administrator
):
    old = report()
    incident_resolve(incident=old, actor=administrator, resolution="Fixed")
    newer = report()

    with pytest.raises(Conflict) as caught:
        incident_reopen(incident=old, actor=administrator, reason="Back")

    assert str(caught.value) == (
        f"Incident {newer.number} with the same fingerprint is still active; "
        "add to it instead."
    )
    old.refresh_from_db()
    assert old.status == Status.RESOLVED


@pytest.mark.django_db
def test_it_lets_monitoring_resolve_by_fingerprint_on_recovery(clock):
    incident = report("probe:search")

    resolved = incident_resolve_by_fingerprint(
        fingerprint="probe:search", actor="monitoring", resolution="Probe green"
    )

    assert resolved.pk == incident.pk
    assert resolved.status == Status.RESOLVED
    assert resolved.events.last().actor_name == "monitoring"
    assert incident_resolve_by_fingerprint(
        fingerprint="probe:search", actor="monitoring", resolution="Probe green"
    ) is None


@pytest.mark.django_db
def test_it_refuses_changes_from_a_job_seeker(clock, job_seeker):
    incident = report()

    with pytest.raises(Forbidden, match="You may not change incidents."):
        incident_acknowledge(incident=incident, actor=job_seeker)
    with pytest.raises(Forbidden):
        incident_comment(incident=incident, actor=job_seeker, text="Hello")


@pytest.mark.django_db
def test_it_assigns_a_specialist_and_records_the_change(clock, administrator, operator):
    incident = incident_assign(
        incident=report(), actor=administrator, assignee=operator
    )
    incident = incident_assign(incident=incident, actor=administrator, assignee=None)

    assert incident.assignee is None
    changes = [
        (event.before["assignee"], event.after["assignee"])
        for event in incident.events.filter(kind=EventKind.ASSIGNED)
    ]
    assert changes == [(None, "operator@example.kz"), ("operator@example.kz", None)]


@pytest.mark.django_db
def test_it_refuses_to_assign_an_incident_to_a_job_seeker(
    clock, administrator, job_seeker
):
    with pytest.raises(ValidationFailed) as caught:
        incident_assign(incident=report(), actor=administrator, assignee=job_seeker)

    assert caught.value.field == "assignee"


@pytest.mark.django_db
def test_it_keeps_comments_in_the_timeline_even_after_closing(clock, administrator):
    incident = report()
    incident_resolve(incident=incident, actor=administrator, resolution="Fixed")
    incident_close(incident=incident, actor=administrator)

    event = incident_comment(
        incident=incident, actor=administrator, text=" Post-mortem "
    )

    assert (event.kind, event.note) == (EventKind.COMMENT, "Post-mortem")


@pytest.mark.django_db
def test_it_links_an_incident_to_an_outside_object_once(clock, administrator):
    incident = report()

    first = incident_link(incident=incident, kind="probe", reference="api-health",
                          note="Probe of /api/v1/health", actor=administrator)
    again = incident_link(incident=incident, kind="probe", reference="api-health")

    assert first.pk == again.pk
    assert incident.events.filter(kind=EventKind.LINKED).count() == 1


@pytest.mark.django_db
def test_it_opens_an_incident_for_a_specialist(clock, administrator):
    incident = incident_open_by_specialist(
        by=administrator,
        title="Cabinet shows another company's vacancies",
        severity=Severity.CRITICAL,
        function=Function.CABINETS,
        link=LinkTarget(kind="feedback_request", reference="FB-2026-000003"),
    )

    assert (incident.source, incident.created_by, incident.fingerprint) == (
        Source.SPECIALIST, administrator, ""
    )
    assert [event.kind for event in incident.events.all()] == [
        EventKind.OPENED, EventKind.LINKED
    ]


@pytest.mark.django_db
def test_it_opens_many_specialist_incidents_without_fingerprints(clock, administrator):
    for _ in range(2):
        incident_open_by_specialist(
            by=administrator, title="Slow pages", severity=Severity.LOW,
            function=Function.OTHER,
        )

    assert Incident.objects.filter(status=Status.OPEN).count() == 2


@pytest.mark.django_db
def test_it_points_a_specialist_to_the_active_incident_of_the_same_failure(
    clock, administrator
):
    existing = report("probe:api")

    with pytest.raises(Conflict) as caught:
        incident_open_by_specialist(
            by=administrator, title="API down", severity=Severity.HIGH,
            function=Function.API, fingerprint="probe:api",
        )

    assert existing.number in str(caught.value)


@pytest.mark.django_db
def test_it_refuses_a_specialist_incident_from_an_auditor(clock):
    auditor = UserFactory(role=Role.AUDITOR, is_staff=True)

    with pytest.raises(Forbidden):
        incident_open_by_specialist(
            by=auditor, title="x", severity=Severity.LOW, function=Function.OTHER
        )
