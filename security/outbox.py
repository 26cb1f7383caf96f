"""The outbox of events owed to the SOC, and its draining (Rules 4.7).

An event is queued in its own transaction and sent after commit. A drain
leases a batch (moves its next attempt past the lease), sends it outside any
transaction, and deletes what the collector confirmed; a worker killed
mid-send leaves the lease to expire and the batch is sent again. Failures
back off exponentially up to five minutes.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from security import conf
from security.models import OutboxEntry, SecurityEvent
from security.syslog import frame, syslog_message
from security.transport import DeliveryFailed, send_batch

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)
BACKOFF_FIRST = dt.timedelta(seconds=15)
# Short enough that events flow within minutes of the collector coming back;
# a refused connection costs one attempt per batch, not one per event.
BACKOFF_MAX = dt.timedelta(minutes=5)
ERROR_MAX = 300


@dataclass(frozen=True)
class DrainResult:
    sent: int
    failed: int


def outbox_enqueue(*, event: SecurityEvent) -> None:
    """Queue EVENT for the SOC in the caller's transaction; send after commit."""
    if not conf.soc_host():
        return
    now = timezone.now()
    OutboxEntry.objects.create(event=event, created_at=now, next_attempt_at=now)
    # robust: a queue that is down must not fail the request; the periodic
    # drain sends the event later.
    transaction.on_commit(_kick, robust=True)


def _kick() -> None:
    from security.tasks import security_outbox_drain_task

    security_outbox_drain_task()


def outbox_drain(*, now: dt.datetime | None = None, batches: int = 20) -> DrainResult:
    """Send due events in up to BATCHES batches; return what was sent."""
    sent = failed = 0
    if not conf.soc_host():
        return DrainResult(sent=0, failed=0)
    for _batch in range(batches):
        entries = _lease(now or timezone.now())
        if not entries:
            break
        try:
            _deliver(entries)
        except DeliveryFailed as error:
            _back_off(entries, error=str(error), now=now or timezone.now())
            failed += len(entries)
            logger.warning("SOC collector refused %s events: %s", len(entries), error)
            break
        OutboxEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
        sent += len(entries)
    return DrainResult(sent=sent, failed=failed)


def _lease(now: dt.datetime) -> list[OutboxEntry]:
    with transaction.atomic():
        # skip_locked: two workers draining at once take different batches.
        due = (
            OutboxEntry.objects.select_for_update(skip_locked=True)
            .filter(next_attempt_at__lte=now)
            .select_related("event")
            .order_by("pk")[: conf.soc_batch_size()]
        )
        entries = list(due)
        OutboxEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
            next_attempt_at=now + LEASE
        )
    return entries


def _deliver(entries: list[OutboxEntry]) -> None:
    body = conf.soc_format()
    hostname = conf.soc_hostname()
    sd_id = conf.soc_sd_id()
    frames = [
        frame(syslog_message(entry.event, body=body, hostname=hostname, sd_id=sd_id))
        for entry in entries
    ]
    send_batch(frames)


def _back_off(entries: list[OutboxEntry], *, error: str, now: dt.datetime) -> None:
    for entry in entries:
        entry.attempts += 1
        delay = min(BACKOFF_FIRST * 2 ** (entry.attempts - 1), BACKOFF_MAX)
        entry.next_attempt_at = now + delay
        entry.last_error = error[:ERROR_MAX]
    OutboxEntry.objects.bulk_update(
        entries, ["attempts", "next_attempt_at", "last_error"]
    )
