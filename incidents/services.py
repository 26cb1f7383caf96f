"""Writes of the failure registry; the one way in for every other room.

Paragraph 6 of the Rules names five sources of news about a technical failure
and paragraph 4.3 asks the administrator to eliminate failures promptly. Every
source reports through incident_report(); a repeated report of a failure that
is still open adds an occurrence to it instead of a second incident. Each
change writes its timeline event in the same transaction.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Forbidden, ValidationFailed
from core.localtime import ALMATY
from incidents.models import (
    ACTIVE_STATUSES,
    SEVERITY_RANK,
    EventKind,
    Function,
    Incident,
    IncidentEvent,
    IncidentLink,
    IncidentSequence,
    Severity,
    Source,
    Status,
)
from incidents.selectors import (
    Action,
    incident_action_refusal,
    user_may_manage_incidents,
)

logger = logging.getLogger(__name__)

Actor = User | str

TITLE_MAX_LENGTH = 200
FINGERPRINT_MAX_LENGTH = 200
ACTOR_MAX_LENGTH = 150
# Clocks of monitoring hosts drift; a report a little "from the future" is
# accepted, a report hours ahead is a bug in the reporter.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Two reports of one failure can collide at most once each way; a third
# collision means something else is wrong and must not loop.
REPORT_ATTEMPTS = 3


@dataclass(frozen=True)
class LinkTarget:
    """An object of another room that an incident refers to."""

    kind: str  # e.g. "feedback_request", "probe", "security_event"
    reference: str  # that room's identifier, e.g. the request number
    note: str = ""


def incident_report(
    *,
    source: str,
    title: str,
    fingerprint: str,
    severity: str,
    function: str,
    description: str = "",
    actor: Actor = "system",
    occurred_at: dt.datetime | None = None,
    link: LinkTarget | None = None,
) -> tuple[Incident, bool]:
    """Record a failure; return the incident and whether it is new.

    While an incident with FINGERPRINT is open or acknowledged, the report
    adds an occurrence to it. The caller checks who may report; the registry
    accepts reports from every room.
    """
    fingerprint = _clean_fingerprint(fingerprint)
    if not fingerprint:
        raise ValidationFailed(
            _("A report needs a fingerprint that names the failure."),
            field="fingerprint",
        )
    fields = _incident_fields(
        source=source, title=title, severity=severity, function=function,
        description=description,
    )
    when = _occurred_at(occurred_at)
    user, name = _actor(actor)
    link = _clean_link(link) if link is not None else None

    for _attempt in range(REPORT_ATTEMPTS):
        outcome = _report_once(
            fields, fingerprint=fingerprint, when=when, user=user, name=name,
            link=link,
        )
        if outcome is not None:
            return outcome

    logger.error("incident report for %s kept colliding", fingerprint)
    raise Conflict(_("The failure could not be recorded; try again."))


def _report_once(
    fields: dict[str, Any],
    *,
    fingerprint: str,
    when: dt.datetime,
    user: User | None,
    name: str,
    link: LinkTarget | None,
) -> tuple[Incident, bool] | None:
    """Make one attempt; return None when a concurrent report won the insert."""
    with transaction.atomic():
        incident = _lock_active(fingerprint)
        created = incident is None
        if incident is not None:
            _add_occurrence(incident, when=when, severity=fields["severity"],
                            user=user, name=name)
        else:
            try:
                # A savepoint: losing the race to a concurrent report must
                # leave the caller's transaction usable for the next attempt.
                with transaction.atomic():
                    incident = _create(fields, fingerprint=fingerprint,
                                       when=when, user=user, name=name)
            except IntegrityError:
                logger.info("incident report raced on fingerprint %s", fingerprint)
                return None
        if link is not None:
            _attach(incident, link, user=user, name=name)
        return incident, created


def incident_open_by_specialist(
    *,
    by: User,
    title: str,
    severity: str,
    function: str,
    description: str = "",
    fingerprint: str = "",
    link: LinkTarget | None = None,
) -> Incident:
    """Open an incident that one of the administrator's specialists noticed."""
    user, name = _manager(by)
    fields = _incident_fields(
        source=Source.SPECIALIST, title=title, severity=severity,
        function=function, description=description,
    )
    fingerprint = _clean_fingerprint(fingerprint)
    link = _clean_link(link) if link is not None else None

    with transaction.atomic():
        if fingerprint:
            _refuse_active_twin(fingerprint)
        try:
            with transaction.atomic():
                incident = _create(fields, fingerprint=fingerprint,
                                   when=timezone.now(), user=user, name=name)
        except IntegrityError:
            _refuse_active_twin(fingerprint)
            raise
        if link is not None:
            _attach(incident, link, user=user, name=name)
    return incident


def incident_acknowledge(*, incident: Incident, actor: Actor) -> Incident:
    """Say that someone is working on the incident."""
    with transaction.atomic():
        locked, user, name = _lock_for(incident, "acknowledge", actor)
        now = timezone.now()
        before = _snapshot(locked, "status", "acknowledged_at")
        locked.status = Status.ACKNOWLEDGED
        # The first acknowledgement counts for the time to acknowledge.
        locked.acknowledged_at = locked.acknowledged_at or now
        locked.save(update_fields=["status", "acknowledged_at", "updated_at"])
        _record(locked, EventKind.ACKNOWLEDGED, user=user, name=name,
                before=before, after=_snapshot(locked, "status", "acknowledged_at"))
    return locked


def incident_resolve(*, incident: Incident, actor: Actor, resolution: str) -> Incident:
    """Record that the failure is eliminated and how."""
    resolution = resolution.strip()
    if not resolution:
        raise ValidationFailed(
            _("Say how the failure was eliminated."), field="resolution"
        )

    with transaction.atomic():
        locked, user, name = _lock_for(incident, "resolve", actor)
        before = _snapshot(locked, "status", "resolved_at", "resolution")
        locked.status = Status.RESOLVED
        locked.resolved_at = timezone.now()
        locked.resolution = resolution
        locked.save(update_fields=["status", "resolved_at", "resolution", "updated_at"])
        _record(locked, EventKind.RESOLVED, user=user, name=name, before=before,
                after=_snapshot(locked, "status", "resolved_at", "resolution"))
    return locked


def incident_resolve_by_fingerprint(
    *, fingerprint: str, actor: Actor, resolution: str
) -> Incident | None:
    """Resolve the active incident of FINGERPRINT, if any (a probe recovered)."""
    fingerprint = _clean_fingerprint(fingerprint)
    if not fingerprint:
        return None

    with transaction.atomic():
        # Locked, so that two recovery reports resolve once and the second
        # finds nothing active instead of failing.
        incident = _lock_active(fingerprint)
        if incident is None:
            return None
        return incident_resolve(incident=incident, actor=actor, resolution=resolution)


def incident_close(*, incident: Incident, actor: Actor) -> Incident:
    """Close a resolved incident for good, once the fix is verified."""
    with transaction.atomic():
        locked, user, name = _lock_for(incident, "close", actor)
        before = _snapshot(locked, "status", "closed_at")
        locked.status = Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        _record(locked, EventKind.CLOSED, user=user, name=name, before=before,
                after=_snapshot(locked, "status", "closed_at"))
    return locked


def incident_reopen(*, incident: Incident, actor: Actor, reason: str) -> Incident:
    """Reopen a resolved incident whose failure is back."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Say why the incident is reopened."), field="reason")

    with transaction.atomic():
        locked, user, name = _lock_for(incident, "reopen", actor)
        before = _snapshot(locked, "status", "resolved_at", "resolution")
        locked.status = Status.OPEN
        locked.resolved_at = None
        locked.resolution = ""
        try:
            with transaction.atomic():
                locked.save(update_fields=[
                    "status", "resolved_at", "resolution", "updated_at"
                ])
        except IntegrityError:
            _refuse_active_twin(locked.fingerprint)
            raise
        _record(locked, EventKind.REOPENED, user=user, name=name, before=before,
                after=_snapshot(locked, "status", "resolved_at", "resolution"),
                note=reason)
    return locked


def incident_comment(*, incident: Incident, actor: Actor, text: str) -> IncidentEvent:
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Write the comment."), field="text")
    user, name = _manager(actor)

    with transaction.atomic():
        return _record(incident, EventKind.COMMENT, user=user, name=name, note=text)


def incident_assign(
    *, incident: Incident, actor: Actor, assignee: User | None
) -> Incident:
    """Give the incident to ASSIGNEE, or to nobody with None."""
    if assignee is not None and not user_may_manage_incidents(assignee):
        raise ValidationFailed(
            _("Only the administrator's specialists can take incidents."),
            field="assignee",
        )

    with transaction.atomic():
        locked, user, name = _lock_for(incident, "assign", actor)
        before = {"assignee": _email(locked.assignee)}
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        _record(locked, EventKind.ASSIGNED, user=user, name=name, before=before,
                after={"assignee": _email(assignee)})
    return locked


def incident_link(
    *,
    incident: Incident,
    kind: str,
    reference: str,
    note: str = "",
    actor: Actor = "system",
) -> IncidentLink:
    """Refer the incident to an object of another room; repeating is harmless."""
    target = _clean_link(LinkTarget(kind=kind, reference=reference, note=note))
    user, name = _actor(actor)

    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        return _attach(locked, target, user=user, name=name)


# Helpers -----------------------------------------------------------------


def _incident_fields(
    *, source: str, title: str, severity: str, function: str, description: str
) -> dict[str, Any]:
    _check_choice(source, Source.values, "source", _("Choose a source of the list."))
    _check_choice(
        severity, Severity.values, "severity", _("Choose a severity of the list.")
    )
    _check_choice(
        function, Function.values, "function", _("Choose a function of the list.")
    )
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Give the incident a title."), field="title")
    # Titles come from log lines too; a long one is cut, not refused.
    if len(title) > TITLE_MAX_LENGTH:
        title = title[: TITLE_MAX_LENGTH - 1] + "…"
    return {
        "source": source,
        "title": title,
        "severity": severity,
        "function": function,
        "description": description.strip(),
    }


def _check_choice(value: str, allowed: list[str], field: str, message: str) -> None:
    if value not in allowed:
        raise ValidationFailed(message, field=field)


def _clean_fingerprint(fingerprint: str) -> str:
    fingerprint = fingerprint.strip()
    # A key longer than the column is still one key: hash it, consistently.
    if len(fingerprint) > FINGERPRINT_MAX_LENGTH:
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()
        return f"sha256:{digest}"
    return fingerprint


def _occurred_at(occurred_at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if occurred_at is None:
        return now
    if timezone.is_naive(occurred_at):
        raise ValueError("occurred_at must be timezone-aware")
    if occurred_at > now + CLOCK_SKEW:
        raise ValidationFailed(
            _("The failure cannot have happened in the future."),
            field="occurred_at",
        )
    return occurred_at


def _actor(actor: Actor) -> tuple[User | None, str]:
    if isinstance(actor, User):
        return actor, actor.email
    name = actor.strip()[:ACTOR_MAX_LENGTH]
    if not name:
        raise ValueError("a system actor needs a name, e.g. 'monitoring'")
    return None, name


def _manager(actor: Actor) -> tuple[User | None, str]:
    """Return the actor; a user must be one who may act on incidents."""
    if isinstance(actor, User) and not user_may_manage_incidents(actor):
        raise Forbidden(_("You may not change incidents."))
    return _actor(actor)


def _lock_for(
    incident: Incident, action: Action, actor: Actor
) -> tuple[Incident, User | None, str]:
    """Lock the incident's row and check that ACTION is allowed now."""
    user, name = _manager(actor)
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    refusal = incident_action_refusal(locked, action)
    if refusal is not None:
        raise ValidationFailed(refusal, field="status")
    return locked, user, name


def _lock_active(fingerprint: str) -> Incident | None:
    return (
        Incident.objects.select_for_update()
        .filter(fingerprint=fingerprint, status__in=ACTIVE_STATUSES)
        .first()
    )


def _refuse_active_twin(fingerprint: str) -> None:
    twin = Incident.objects.filter(
        fingerprint=fingerprint, status__in=ACTIVE_STATUSES
    ).first()
    if twin is not None:
        raise Conflict(
            _("Incident %(number)s with the same fingerprint is still active; "
              "add to it instead.") % {"number": twin.number},
            field="fingerprint",
        )


def _create(
    fields: dict[str, Any],
    *,
    fingerprint: str,
    when: dt.datetime,
    user: User | None,
    name: str,
) -> Incident:
    now = timezone.now()
    incident = Incident.objects.create(
        number=_next_number(now.astimezone(ALMATY).year),
        fingerprint=fingerprint,
        first_seen=when,
        last_seen=when,
        opened_at=now,
        created_by=user,
        **fields,
    )
    _record(incident, EventKind.OPENED, user=user, name=name,
            after=_snapshot(incident, "status", "source", "severity", "function",
                            "first_seen"))
    logger.warning(
        "incident %s opened: source=%s severity=%s function=%s",
        incident.number, incident.source, incident.severity, incident.function,
    )
    return incident


def _next_number(year: int) -> str:
    # The counter row stays locked until the transaction ends, so numbers of
    # a year have no gaps and no duplicates; incidents are rare enough.
    updated = IncidentSequence.objects.filter(year=year).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                IncidentSequence.objects.create(year=year, last=1)
        except IntegrityError:
            IncidentSequence.objects.filter(year=year).update(last=F("last") + 1)
    last = IncidentSequence.objects.filter(year=year).values_list("last", flat=True)
    return f"INC-{year}-{last.get():06d}"


def _add_occurrence(
    incident: Incident,
    *,
    when: dt.datetime,
    severity: str,
    user: User | None,
    name: str,
) -> None:
    before = _snapshot(incident, "occurrences", "last_seen", "severity")
    incident.occurrences += 1
    incident.first_seen = min(incident.first_seen, when)
    incident.last_seen = max(incident.last_seen, when)
    # A failure that gets worse raises the incident; it never lowers it.
    if SEVERITY_RANK[severity] > SEVERITY_RANK[incident.severity]:
        incident.severity = severity
    incident.save(update_fields=[
        "occurrences", "first_seen", "last_seen", "severity", "updated_at"
    ])
    _record(incident, EventKind.OCCURRENCE, user=user, name=name, before=before,
            after=_snapshot(incident, "occurrences", "last_seen", "severity"))


def _attach(
    incident: Incident, target: LinkTarget, *, user: User | None, name: str
) -> IncidentLink:
    """Link the (locked or new) incident to TARGET unless it already is."""
    existing = incident.links.filter(
        kind=target.kind, reference=target.reference
    ).first()
    if existing is not None:
        return existing
    link = IncidentLink.objects.create(
        incident=incident, kind=target.kind, reference=target.reference,
        note=target.note,
    )
    _record(incident, EventKind.LINKED, user=user, name=name,
            after={"kind": link.kind, "reference": link.reference}, note=link.note)
    return link


def _clean_link(target: LinkTarget) -> LinkTarget:
    kind, reference = target.kind.strip(), target.reference.strip()
    if not kind or not reference or len(kind) > 50 or len(reference) > 100:
        raise ValidationFailed(
            _("A link needs a kind of up to 50 characters and a reference of "
              "up to 100."),
            field="link",
        )
    return LinkTarget(kind=kind, reference=reference, note=target.note.strip()[:300])


def _record(
    incident: Incident,
    kind: str,
    *,
    user: User | None,
    name: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident,
        kind=kind,
        at=timezone.now(),
        actor_user=user,
        actor_name=name,
        before=before or {},
        after=after or {},
        note=note,
    )


def _snapshot(incident: Incident, *names: str) -> dict[str, Any]:
    values = {}
    for name in names:
        value = getattr(incident, name)
        values[name] = value.isoformat() if isinstance(value, dt.datetime) else value
    return values


def _email(user: User | None) -> str | None:
    return user.email if user is not None else None
