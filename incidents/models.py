"""The registry of technical failures of the portal (Rules, 4.3 and 6).

Paragraph 6 names five sources of news about a failure; each failure is one
Incident whatever source reported it, with a timeline of everything done to
it. Other rooms (the feedback desk, operations, security, exchange) report
into the registry through incidents.services and are referred to by
IncidentLink rows, so the registry imports none of them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    # The five sources of paragraph 6 of the Rules, in its order.
    USER_FEEDBACK = "user_feedback", _("User feedback")
    SPECIALIST = "specialist", _("The administrator's specialist")
    MONITORING = "monitoring", _("Monitoring tool")
    SYSTEM_LOG = "system_log", _("System log")
    SOC = "soc", _("Information security operations centre")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# Higher is worse; a repeated report may raise an incident's severity.
SEVERITY_RANK = {
    Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4
}


class Function(models.TextChoices):
    SEARCH = "search", _("Search")
    VACANCY_PAGES = "vacancy_pages", _("Vacancy pages")
    SIGN_IN = "sign_in", _("Registration and sign-in")
    CABINETS = "cabinets", _("Cabinets")
    APPLICATIONS = "applications", _("Applications")
    FEEDBACK_FORM = "feedback_form", _("Feedback form")
    API = "api", _("API")
    EXCHANGE = "exchange", _("Exchange with other systems")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


ACTIVE_STATUSES = (Status.OPEN, Status.ACKNOWLEDGED)


class Incident(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices
    )
    function = models.CharField(
        _("affected function"), max_length=20, choices=Function.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    # The reporter's key for "the same failure again" (e.g. a probe's name).
    fingerprint = models.CharField(_("fingerprint"), max_length=200, blank=True)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=1)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    opened_at = models.DateTimeField(_("opened"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_incidents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            # Two reports of one failure racing each other must meet one
            # incident: the database, not a read before the write, decides.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=models.Q(status__in=ACTIVE_STATUSES)
                & ~models.Q(fingerprint=""),
                name="incident_one_active_per_fingerprint",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="incident_known_status",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="incident_status_idx"),
            models.Index(fields=["opened_at"], name="incident_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    OCCURRENCE = "occurrence", _("Occurred again")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    COMMENT = "comment", _("Comment")
    ASSIGNED = "assigned", _("Assigned")
    LINKED = "linked", _("Linked")


class IncidentEvent(models.Model):
    """One entry of an incident's timeline; written only by the services."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("time"))
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A system actor ("monitoring") or the user's email at the time, so the
    # timeline still says who acted after the account is gone.
    actor_name = models.CharField(_("actor"), max_length=150)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.at.isoformat()}"


class IncidentLink(models.Model):
    """What an incident came from, named without importing its room.

    kind says which room and object ("feedback_request", "probe",
    "security_event"); reference is that room's own identifier for it.
    """

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
        related_name="links",
    )
    kind = models.CharField(_("kind"), max_length=50)
    reference = models.CharField(_("reference"), max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("incident link")
        verbose_name_plural = _("incident links")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "kind", "reference"], name="incident_link_unique"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "reference"], name="incident_link_ref_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.reference}"


class IncidentSequence(models.Model):
    """The last incident number given in a year (INC-2026-000042)."""

    year = models.PositiveSmallIntegerField(_("Year"), primary_key=True)
    last = models.PositiveIntegerField(_("Last number"), default=0)

    class Meta:
        verbose_name = _("incident number counter")
        verbose_name_plural = _("incident number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
