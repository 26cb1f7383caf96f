"""The security event journal (Rules 4.2) and its link to the SOC (4.7).

The journal is append-only: services add events and prune those past their
retention, nothing else writes. Each event holds the hash of the one before
it, so an edited, removed or inserted row breaks the chain where it is.
JournalHead is a single row that serialises appends (it is locked for each
one) and remembers the anchor left by pruning and the last hash, so a cut
tail is as visible as a cut in the middle.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from security.vocabulary import Level, Outcome

GENESIS = "0" * 64


class SecurityEvent(models.Model):
    # The id the SOC sees; it drops a second delivery of the same id.
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True)
    occurred_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    name = models.CharField(_("event"), max_length=64, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # Users are known by id only: the journal outlives accounts and must not
    # carry their names (a foreign key would also block erasing a user).
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True,
                                      db_index=True)
    # Keyed hash of an identifier typed by someone (e.g. a failed email).
    subject = models.CharField(_("subject (hashed)"), max_length=40, blank=True,
                               db_index=True)
    source_ip = models.GenericIPAddressField(_("source address"), null=True,
                                             blank=True)
    user_agent = models.CharField(_("user agent"), max_length=512, blank=True)
    object_ref = models.CharField(_("object"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=128, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["name", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.name} {self.event_id}"


class JournalHead(models.Model):
    """The one row that every append locks; pk is always 1."""

    last_hash = models.CharField(_("Last hash"), max_length=64, default=GENESIS)
    last_event_pk = models.BigIntegerField(_("Last event ID"), null=True, blank=True)
    # After pruning, the first kept event points at this hash.
    anchor_hash = models.CharField(
        _("Anchor hash"), max_length=64, default=GENESIS,
        help_text=_("The hash the first kept event points at after pruning."),
    )
    pruned_through_pk = models.BigIntegerField(
        _("Pruned through event ID"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("journal head")
        verbose_name_plural = _("journal heads")


class OutboxEntry(models.Model):
    """An event still owed to the SOC; deleted once the collector has it.

    Written in the transaction of the event, so an event that exists is an
    event that will be sent, whatever happens to the worker (Rules 4.7).
    """

    event = models.OneToOneField(SecurityEvent, verbose_name=_("security event"),
                                 on_delete=models.CASCADE, related_name="outbox")
    created_at = models.DateTimeField(_("queued"), db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["event_id"]
        verbose_name = _("event owed to the SOC")
        verbose_name_plural = _("events owed to the SOC")


class AlertReceipt(models.Model):
    """A signed SOC alert already accepted; a second copy is a replay.

    Kept for twice the accepted clock skew: older copies fail the timestamp
    check anyway.
    """

    sender = models.CharField(_("Sender"), max_length=64)
    signature = models.CharField(_("Signature"), max_length=64, unique=True)
    received_at = models.DateTimeField(_("Received"), db_index=True)

    class Meta:
        verbose_name = _("SOC alert receipt")
        verbose_name_plural = _("SOC alert receipts")
