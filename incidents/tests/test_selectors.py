import datetime as dt

import pytest

from core.errors import NotFound, ValidationFailed
from incidents.models import Function, Severity, Source
from incidents.selectors import (
    DurationStats,
    incident_actions,
    incident_detail,
    incident_list,
    incident_monthly_figures,
    incidents_linked_to,
    incidents_open,
)
from incidents.services import (
    LinkTarget,
    incident_acknowledge,
    incident_report,
    incident_reopen,
    incident_resolve,
)

minutes = dt.timedelta(minutes=1)


def report(source: str, severity: str, key: str, **extra):
    incident, _ = incident_report(
        source=source, title=f"Failure {key}", fingerprint=key, severity=severity,
        function=Function.OTHER, actor="test", **extra,
    )
    return incident


@pytest.fixture
def march_2026(clock, administrator):
    """Five incidents around March 2026 in Almaty, with known times."""
    # 00:10 on 1 March in Almaty is still 28 February in UTC: it is March's.
    clock.set(2026, 3, 1, 0, 10)
    soc = report(Source.SOC, Severity.HIGH, "soc")
    clock.advance(minutes=20)
    incident_acknowledge(incident=soc, actor=administrator)  # 20 min

    clock.set(2026, 3, 2, 9, 0)
    probe = report(Source.MONITORING, Severity.CRITICAL, "probe")
    clock.advance(minutes=10)
    incident_acknowledge(incident=probe, actor=administrator)  # 10 min
    clock.advance(minutes=50)
    incident_resolve(incident=probe, actor="monitoring", resolution="Up")  # 60 min

    clock.set(2026, 3, 10, 12, 0)
    feedback = report(Source.USER_FEEDBACK, Severity.MEDIUM, "feedback")
    clock.advance(minutes=45)
    incident_acknowledge(incident=feedback, actor=administrator)  # 45 min
    clock.advance(minutes=255)
    incident_resolve(incident=feedback, actor=administrator, resolution="Fixed")
    # ... 300 min after opening; reopened and resolved again 8 hours in.
    clock.advance(minutes=60)
    incident_reopen(incident=feedback, actor=administrator, reason="Again")
    clock.advance(minutes=120)
    incident_resolve(incident=feedback, actor=administrator, resolution="Fixed")

    clock.set(2026, 3, 20, 15, 0)
    noticed = report(Source.SPECIALIST, Severity.LOW, "noticed")
    clock.advance(minutes=120)
    incident_resolve(incident=noticed, actor=administrator, resolution="Done")

    # 00:30 on 1 April in Almaty is still 31 March in UTC: it is April's.
    clock.set(2026, 4, 1, 0, 30)
    report(Source.SYSTEM_LOG, Severity.MEDIUM, "log")


@pytest.mark.django_db
def test_it_counts_the_month_by_source_and_severity_in_almaty_time(march_2026):
    figures = incident_monthly_figures(year=2026, month=3)

    assert figures.total == 4
    assert figures.by_source == {
        "user_feedback": 1, "specialist": 1, "monitoring": 1, "system_log": 0,
        "soc": 1,
    }
    assert figures.by_severity == {"critical": 1, "high": 1, "medium": 1, "low": 1}
    assert figures.by_source_and_severity == {
        ("soc", "high"): 1,
        ("monitoring", "critical"): 1,
        ("user_feedback", "medium"): 1,
        ("specialist", "low"): 1,
    }


@pytest.mark.django_db
def test_it_times_acknowledgement_and_resolution(march_2026):
    figures = incident_monthly_figures(year=2026, month=3)

    # Acknowledged after 20, 10 and 45 minutes; one never was.
    assert figures.to_acknowledge == DurationStats(
        count=3, median=20 * minutes, mean=25 * minutes
    )
    # Resolved after 60, 480 (reopened: the last resolution counts) and 120.
    assert figures.to_resolve == DurationStats(
        count=3, median=120 * minutes, mean=220 * minutes
    )


@pytest.mark.django_db
def test_it_takes_the_middle_of_two_for_an_even_median(clock, administrator):
    for key, wait in (("a", 10), ("b", 20)):
        incident = report(Source.MONITORING, Severity.LOW, key)
        clock.advance(minutes=wait)
        incident_acknowledge(incident=incident, actor=administrator)

    figures = incident_monthly_figures(year=2026, month=3)

    assert figures.to_acknowledge.median == 15 * minutes


@pytest.mark.django_db
def test_it_reports_an_empty_month_without_times(march_2026):
    figures = incident_monthly_figures(year=2026, month=2)

    assert figures.total == 0
    assert figures.to_resolve == DurationStats(count=0, median=None, mean=None)


@pytest.mark.django_db
def test_it_refuses_a_thirteenth_month():
    with pytest.raises(ValidationFailed) as caught:
        incident_monthly_figures(year=2026, month=13)

    assert caught.value.field == "month"


@pytest.mark.django_db
def test_it_lists_open_incidents_worst_first_then_oldest(clock, administrator):
    low = report(Source.MONITORING, Severity.LOW, "low")
    clock.advance(minutes=1)
    critical_late = report(Source.MONITORING, Severity.CRITICAL, "late")
    clock.advance(minutes=1)
    done = report(Source.MONITORING, Severity.CRITICAL, "done")
    incident_resolve(incident=done, actor=administrator, resolution="Fixed")
    clock.advance(minutes=1)
    critical_later = report(Source.SOC, Severity.CRITICAL, "later")
    incident_acknowledge(incident=critical_later, actor=administrator)

    assert list(incidents_open()) == [critical_late, critical_later, low]


@pytest.mark.django_db
def test_it_filters_the_list_by_source_and_status(clock, administrator):
    probe = report(Source.MONITORING, Severity.LOW, "probe")
    report(Source.SOC, Severity.LOW, "soc")
    incident_resolve(incident=probe, actor=administrator, resolution="Fixed")

    assert list(incident_list(source=Source.MONITORING, status="resolved")) == [probe]
    assert list(incident_list(source=Source.MONITORING, status="open")) == []


@pytest.mark.django_db
def test_it_gives_an_incident_with_its_timeline_and_allowed_actions(clock):
    incident = report(
        Source.USER_FEEDBACK, Severity.MEDIUM, "fb",
        link=LinkTarget(kind="feedback_request", reference="FB-2026-000001"),
    )

    detail = incident_detail(number=incident.number.lower())

    assert detail.incident == incident
    assert [event.kind for event in detail.events] == ["opened", "linked"]
    assert [link.reference for link in detail.links] == ["FB-2026-000001"]
    assert detail.actions == {"acknowledge", "resolve", "assign"}
    assert list(incidents_linked_to(kind="feedback_request",
                                    reference="FB-2026-000001")) == [incident]


@pytest.mark.django_db
def test_it_answers_not_found_for_an_unknown_number():
    with pytest.raises(NotFound) as caught:
        incident_detail(number="INC-2026-999999")

    assert str(caught.value) == "There is no incident INC-2026-999999."


@pytest.mark.django_db
def test_it_allows_only_closing_and_reopening_a_resolved_incident(clock):
    incident = report(Source.MONITORING, Severity.LOW, "x")
    incident = incident_resolve(incident=incident, actor="monitoring", resolution="Up")

    assert incident_actions(incident) == {"close", "reopen"}
