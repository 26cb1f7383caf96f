"""Reads of the failure registry: lists, one incident, monthly figures."""

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from accounts.models import STAFF_ROLES, User
from accounts.selectors import user_is_back_office
from core.errors import NotFound, ValidationFailed
from core.localtime import ALMATY
from incidents.models import (
    ACTIVE_STATUSES,
    SEVERITY_RANK,
    Incident,
    IncidentEvent,
    IncidentLink,
    Severity,
    Source,
    Status,
)

Action = Literal["acknowledge", "resolve", "close", "reopen", "assign"]

# Closed is final: a failure that comes back after closing is a new incident.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "acknowledge": frozenset({Status.OPEN}),
    "resolve": frozenset(ACTIVE_STATUSES),
    "close": frozenset({Status.RESOLVED}),
    "reopen": frozenset({Status.RESOLVED}),
    "assign": frozenset(ACTIVE_STATUSES),
}


@dataclass(frozen=True)
class IncidentDetail:
    incident: Incident
    events: list[IncidentEvent]
    links: list[IncidentLink]
    actions: frozenset[str]


@dataclass(frozen=True)
class DurationStats:
    count: int
    median: dt.timedelta | None
    mean: dt.timedelta | None


@dataclass(frozen=True)
class MonthlyFigures:
    """Incidents opened in one Almaty calendar month, and how fast they moved."""

    year: int
    month: int
    total: int
    by_source: dict[str, int]  # every Source value, zeros included
    by_severity: dict[str, int]  # every Severity value, zeros included
    by_source_and_severity: dict[tuple[str, str], int]  # non-zero cells only
    to_acknowledge: DurationStats  # opened -> first acknowledged
    to_resolve: DurationStats  # opened -> resolved (last time, if reopened)


def user_may_manage_incidents(user: User | AnonymousUser) -> bool:
    """The back office (administrator's specialists, operators) acts on them."""
    return user_is_back_office(user)


def user_may_view_incidents(user: User | AnonymousUser) -> bool:
    """Back office and auditors read the registry."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.role in STAFF_ROLES


def incident_actions(incident: Incident) -> frozenset[str]:
    """Name the actions the incident's status allows now."""
    return frozenset(
        action for action, statuses in ALLOWED_FROM.items()
        if incident.status in statuses
    )


def incident_action_refusal(incident: Incident, action: Action) -> str | None:
    """Explain why the incident's status forbids ACTION, or return None."""
    if incident.status in ALLOWED_FROM[action]:
        return None
    params = {"number": incident.number, "status": incident.get_status_display()}
    messages = {
        "acknowledge": _(
            "Incident %(number)s is “%(status)s”; only an open incident can be "
            "acknowledged."
        ),
        "resolve": _(
            "Incident %(number)s is “%(status)s”; only an open or acknowledged "
            "incident can be resolved."
        ),
        "close": _(
            "Incident %(number)s is “%(status)s”; only a resolved incident can be "
            "closed."
        ),
        "reopen": _(
            "Incident %(number)s is “%(status)s”; only a resolved incident can be "
            "reopened. Report the failure again to open a new incident."
        ),
        "assign": _(
            "Incident %(number)s is “%(status)s”; only an open or acknowledged "
            "incident can be assigned."
        ),
    }
    return messages[action] % params


def incident_active_by_fingerprint(*, fingerprint: str) -> Incident | None:
    if not fingerprint:
        return None
    return Incident.objects.filter(
        fingerprint=fingerprint, status__in=ACTIVE_STATUSES
    ).first()


def incidents_open() -> QuerySet[Incident]:
    """Open and acknowledged incidents, worst first, then oldest first."""
    return _with_severity_rank(
        Incident.objects.filter(status__in=ACTIVE_STATUSES)
    ).order_by("-severity_rank", "opened_at", "id").select_related("assignee")


def incident_list(
    *,
    status: str | None = None,
    source: str | None = None,
    severity: str | None = None,
) -> QuerySet[Incident]:
    """Incidents, newest first, narrowed by the filters that are given."""
    queryset = Incident.objects.select_related("assignee")
    filters = {"status": status, "source": source, "severity": severity}
    for name, value in filters.items():
        if value:
            queryset = queryset.filter(**{name: value})
    return queryset.order_by("-opened_at", "-id")


def incidents_linked_to(*, kind: str, reference: str) -> QuerySet[Incident]:
    """Incidents linked to one object of another room, newest first."""
    return Incident.objects.filter(
        links__kind=kind, links__reference=reference
    ).order_by("-opened_at", "-id")


def incident_detail(*, number: str) -> IncidentDetail:
    incident = (
        Incident.objects.select_related("assignee", "created_by")
        .filter(number=number.strip().upper())
        .first()
    )
    if incident is None:
        raise NotFound(
            _("There is no incident %(number)s.") % {"number": number},
            field="number",
        )
    events = list(incident.events.select_related("actor_user"))
    return IncidentDetail(
        incident=incident,
        events=events,
        links=list(incident.links.all()),
        actions=incident_actions(incident),
    )


def incident_monthly_figures(*, year: int, month: int) -> MonthlyFigures:
    """Count the incidents opened in MONTH of YEAR (Almaty) and time them."""
    if not 1 <= month <= 12:
        raise ValidationFailed(_("Choose a month from 1 to 12."), field="month")
    start, end = _month_bounds(year, month)
    rows = list(
        Incident.objects.filter(opened_at__gte=start, opened_at__lt=end).values_list(
            "source", "severity", "opened_at", "acknowledged_at", "resolved_at"
        )
    )

    cells = Counter((source, severity) for source, severity, *_times in rows)
    by_source = {value: 0 for value in Source.values}
    by_severity = {value: 0 for value in Severity.values}
    for (source, severity), count in cells.items():
        by_source[source] += count
        by_severity[severity] += count

    return MonthlyFigures(
        year=year,
        month=month,
        total=len(rows),
        by_source=by_source,
        by_severity=by_severity,
        by_source_and_severity=dict(cells),
        to_acknowledge=_durations(row[3] - row[2] for row in rows if row[3]),
        to_resolve=_durations(row[4] - row[2] for row in rows if row[4]),
    )


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, month, 1, tzinfo=ALMATY)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, dt.datetime(next_year, next_month, 1, tzinfo=ALMATY)


def _durations(values: Iterable[dt.timedelta]) -> DurationStats:
    spans = sorted(values)
    if not spans:
        return DurationStats(count=0, median=None, mean=None)
    return DurationStats(
        count=len(spans),
        median=statistics.median(spans),
        mean=sum(spans, dt.timedelta()) / len(spans),
    )


def _with_severity_rank(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return queryset.annotate(
        severity_rank=Case(
            *(When(severity=value, then=Value(rank)) for value, rank in
              SEVERITY_RANK.items()),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
