"""Writes of the security journal: record an event, prune old ones.

Every security-relevant action of the portal is recorded through
security_event_record() (Rules 4.2; 4.7 asks that the SOC sees them). The
journal knows users by id only and keeps no email, phone or IIN in clear.
"""

import datetime as dt
import logging
import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.clientaddr import UNKNOWN_ADDRESS, client_address
from security import outbox
from security.chain import event_hash
from security.conf import journal_retention
from security.models import GENESIS, JournalHead, SecurityEvent
from security.privacy import pseudonym, scrub, scrub_text
from security.vocabulary import Outcome, default_level, name_is_known

logger = logging.getLogger(__name__)

USER_AGENT_MAX = 512
OBJECT_REF_MAX = 200
REQUEST_ID_MAX = 128


def security_event_record(
    *,
    name: str,
    outcome: str,
    actor_id: int | None = None,
    request: HttpRequest | None = None,
    object_ref: str = "",
    details: dict[str, Any] | None = None,
    subject: str = "",
    level: str | None = None,
) -> SecurityEvent:
    """Append one event to the journal and queue it for the SOC.

    NAME is an OWASP logging vocabulary name (security.vocabulary); SUBJECT is
    an identifier someone typed (e.g. the email of a failed sign-in), stored
    only as its keyed hash. Runs in the caller's transaction, if any, so an
    event of a change that is rolled back disappears with it.
    """
    if not name_is_known(name):
        raise ValueError(f"{name!r} is not a security event name")
    if outcome not in Outcome.values:
        raise ValueError(f"{outcome!r} is not an outcome")

    event = SecurityEvent(
        event_id=uuid.uuid4(), name=name, outcome=outcome,
        level=level or default_level(name, outcome), actor_id=actor_id,
        subject=pseudonym(subject) if subject else "",
        object_ref=scrub_text(object_ref)[:OBJECT_REF_MAX],
        details=scrub(details or {}),
        **_request_fields(request),
    )
    with transaction.atomic():
        _append(event)
        outbox.outbox_enqueue(event=event)
    return event


def _request_fields(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {"source_ip": None, "user_agent": "", "request_id": ""}
    address = client_address(request)
    # The request id is set by the request-id middleware of operations; it
    # is read from the request so that security need not import a room above.
    request_id = str(getattr(request, "request_id", "") or "")
    return {
        "source_ip": None if address == UNKNOWN_ADDRESS else address,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
        "request_id": request_id[:REQUEST_ID_MAX],
    }


def _append(event: SecurityEvent) -> None:
    # The head row is locked for the rest of the transaction: appends are
    # serialised, so two events can never claim the same previous hash
    # (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions
    # already hold the write lock).
    head = _locked_head()
    event.prev_hash = head.last_hash
    # Stamped under the lock, so time order and chain order agree.
    event.occurred_at = timezone.now()
    event.hash = event_hash(event)
    event.save(force_insert=True)

    head.last_hash = event.hash
    head.last_event_pk = event.pk
    head.save(update_fields=["last_hash", "last_event_pk"])


def _locked_head() -> JournalHead:
    head = JournalHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        JournalHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        head = JournalHead.objects.select_for_update().get(pk=1)
    return head


def security_journal_prune(*, now: dt.datetime | None = None) -> int:
    """Delete events older than the retention; record the pruning itself.

    The hash of the last deleted event becomes the anchor, so the chain of
    what is kept still verifies from its first event on.
    """
    cutoff = (now or timezone.now()) - journal_retention()
    with transaction.atomic():
        head = _locked_head()
        doomed = SecurityEvent.objects.filter(occurred_at__lt=cutoff)
        last = doomed.order_by("-pk").only("pk", "hash").first()
        if last is None:
            return 0
        # Everything up to the last old event goes, so the kept part is one
        # unbroken stretch of the chain.
        _total, by_model = SecurityEvent.objects.filter(pk__lte=last.pk).delete()
        deleted = by_model.get(SecurityEvent._meta.label, 0)
        head.anchor_hash = last.hash
        head.pruned_through_pk = last.pk
        head.save(update_fields=["anchor_hash", "pruned_through_pk"])
        security_event_record(
            name="sys_journal_pruned", outcome=Outcome.SUCCESS,
            details={"deleted": deleted, "cutoff": cutoff.isoformat(),
                     "anchor_hash": last.hash, "through_pk": last.pk},
        )
    logger.info("security journal pruned: %s events before %s", deleted, cutoff)
    return deleted
