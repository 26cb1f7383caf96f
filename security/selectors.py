"""Reads of the security journal: verification, search, the SOC backlog."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.utils import timezone

from security.chain import event_hash
from security.models import GENESIS, JournalHead, OutboxEntry, SecurityEvent

VERIFY_CHUNK = 2000


@dataclass(frozen=True)
class BrokenLink:
    pk: int
    event_id: str
    reason: str


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def security_journal_verify() -> Verification:
    """Walk the chain from the anchor; name the first link that does not hold."""
    head = JournalHead.objects.filter(pk=1).first()
    expected = head.anchor_hash if head else GENESIS
    checked = 0
    last: SecurityEvent | None = None
    for event in _in_chain_order():
        if event.prev_hash != expected:
            return Verification(checked, _broken(event, "previous hash differs"))
        if event_hash(event) != event.hash:
            return Verification(checked, _broken(event, "contents changed"))
        expected = event.hash
        last = event
        checked += 1

    if head is not None and head.last_hash != expected:
        # The newest events were removed: the head remembers more.
        pk = last.pk if last else 0
        event_id = str(last.event_id) if last else "-"
        return Verification(
            checked, BrokenLink(pk, event_id, "events after this one are missing")
        )
    return Verification(checked, None)


def _in_chain_order() -> Iterator[SecurityEvent]:
    return SecurityEvent.objects.order_by("pk").iterator(chunk_size=VERIFY_CHUNK)


def _broken(event: SecurityEvent, reason: str) -> BrokenLink:
    return BrokenLink(event.pk, str(event.event_id), reason)


def user_may_view_security_journal(user: object) -> bool:
    """Staff holding the journal's view permission (administrators, auditors).

    Asked through the permission, not the role, because security knows users
    only as far as django.contrib.auth does.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active or not user.is_staff:  # type: ignore[attr-defined]
        return False
    return user.has_perm("security.view_securityevent")  # type: ignore[attr-defined]


def security_event_list(
    *,
    name: str = "",
    outcome: str = "",
    actor_id: int | None = None,
    source_ip: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str = "",
) -> QuerySet[SecurityEvent]:
    """Return events matching every filter given, newest first."""
    events = SecurityEvent.objects.order_by("-pk")
    if name:
        events = events.filter(name__startswith=name)
    if outcome:
        events = events.filter(outcome=outcome)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if source_ip:
        events = events.filter(source_ip=source_ip)
    if date_from:
        events = events.filter(occurred_at__gte=_local_midnight(date_from))
    if date_to:
        next_day = date_to + dt.timedelta(days=1)
        events = events.filter(occurred_at__lt=_local_midnight(next_day))
    if text:
        events = events.filter(object_ref__icontains=text) | events.filter(
            request_id=text
        )
    return events


def _local_midnight(day: dt.date) -> dt.datetime:
    midnight = dt.datetime.combine(day, dt.time())
    return timezone.make_aware(midnight, timezone.get_default_timezone())


@dataclass(frozen=True)
class ForwardingStatus:
    """What operations shows about the SOC link: backlog and lag."""

    enabled: bool
    backlog: int
    oldest_queued_at: dt.datetime | None
    lag_seconds: float
    failing: int


def soc_forwarding_status(*, now: dt.datetime | None = None) -> ForwardingStatus:
    from security.conf import soc_host

    figures = OutboxEntry.objects.aggregate(oldest=Min("created_at"))
    backlog = OutboxEntry.objects.count()
    failing = OutboxEntry.objects.filter(attempts__gt=0).count()
    oldest = figures["oldest"]
    lag = ((now or timezone.now()) - oldest).total_seconds() if oldest else 0.0
    return ForwardingStatus(
        enabled=bool(soc_host()), backlog=backlog, oldest_queued_at=oldest,
        lag_seconds=max(lag, 0.0), failing=failing,
    )
