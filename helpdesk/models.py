"""The feedback desk of paragraph 7 of the Rules.

A user writes to the administrator through the feedback form with contact
details, an email address, a topic, a text and files; the administrator
considers and answers within three working days of receipt. Each request
keeps its correspondence, its files, a timeline of everything staff did and
the emails it caused (an outbox, so that an email survives a failed send).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workdays.selectors import CALENDAR_VERSION_MAX_LENGTH


class Topic(models.Model):
    """A subject of requests that the administrator offers in the form."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    is_active = models.BooleanField(
        _("offered in the form"), default=True,
        help_text=_("Old requests keep a topic that is no longer offered."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """Return the name in LANGUAGE (the active one), Kazakh when missing."""
        code = (language or get_language() or "kk")[:2]
        value = getattr(self, f"name_{code}", "") if code in ("kk", "ru", "en") else ""
        return value or self.name_kk


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# The term of paragraph 7 runs while a request waits for an answer.
OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)


class FeedbackRequest(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="requests",
        help_text=_("Empty: the requester chose “Other”."),
    )
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, default="kk")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed-in user"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="feedback_requests",
    )
    # SHA-256 of the private link's token; the token itself is never stored.
    access_token_hash = models.CharField(
        _("Private link hash"), max_length=64, unique=True
    )
    # The form's one-time key: a resent form meets the request it made.
    submission_key = models.UUIDField(
        _("Form submission key"), null=True, blank=True, unique=True
    )
    received_at = models.DateTimeField(_("received"))
    # The term counts from here: the receipt, or the requester's message
    # that reopened an answered request.
    term_started_at = models.DateTimeField(_("term started"))
    due_at = models.DateTimeField(_("answer due"))
    calendar_version = models.CharField(
        _("calendar version"), max_length=CALENDAR_VERSION_MAX_LENGTH
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="assigned_feedback",
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    first_answered_at = models.DateTimeField(
        _("first answered"), null=True, blank=True
    )
    answered_in_time = models.BooleanField(_("answered in time"), null=True)
    answered_at = models.DateTimeField(_("last answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="feedback_known_status",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="feedback_status_due_idx"),
            models.Index(fields=["received_at"], name="feedback_received_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def topic_name(self, language: str | None = None) -> str:
        if self.topic is None:
            return str(_("Other"))
        return self.topic.name(language)


class RequestSequence(models.Model):
    """The last request number given out in a year (Almaty)."""

    year = models.PositiveIntegerField(_("Year"), unique=True)
    last = models.PositiveIntegerField(_("Last number"), default=0)

    class Meta:
        verbose_name = _("request number counter")
        verbose_name_plural = _("request number counters")


class Author(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    STAFF = "staff", _("Staff")


class Message(models.Model):
    """A later message of the correspondence: the requester's or a reply."""

    request = models.ForeignKey(
        FeedbackRequest, verbose_name=_("feedback request"),
        on_delete=models.CASCADE, related_name="messages",
    )
    author = models.CharField(_("author"), max_length=20, choices=Author.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.request_id} {self.author} {self.created_at.isoformat()}"


class Attachment(models.Model):
    """A file a requester sent, stored under a name the server chose."""

    request = models.ForeignKey(
        FeedbackRequest, verbose_name=_("feedback request"),
        on_delete=models.CASCADE, related_name="attachments",
    )
    # Empty for the files of the request itself, else the follow-up's.
    message = models.ForeignKey(
        Message, verbose_name=_("Message"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="attachments",
        help_text=_("Empty: the file came with the request itself."),
    )
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(_("Stored name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("received"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Internal note")
    REPLIED = "replied", _("Answered")
    REQUESTER_WROTE = "requester_wrote", _("The requester wrote")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    DUE_CHANGED = "due_changed", _("Due moment recomputed")
    ESCALATED = "escalated", _("Escalated")
    INCIDENT = "incident", _("Linked to an incident")


class RequestEvent(models.Model):
    """One entry of a request's timeline; written only by the services."""

    request = models.ForeignKey(
        FeedbackRequest, verbose_name=_("feedback request"),
        on_delete=models.CASCADE, related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("time"))
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The user's email at the time, the requester or a system name.
    actor_name = models.CharField(_("actor"), max_length=150)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.at.isoformat()}"


class NotificationKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation of receipt")
    REPLY = "reply", _("Answer")
    FOLLOW_UP = "follow_up", _("The requester wrote again")
    ESCALATION = "escalation", _("Escalation")


class Delivery(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """An email of the desk, written in the same transaction as its cause.

    The worker sends it after commit; the body is cleared once sent because
    a confirmation carries the private link.
    """

    request = models.ForeignKey(
        FeedbackRequest, verbose_name=_("feedback request"),
        on_delete=models.CASCADE, related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Delivery.choices, default=Delivery.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"))
    claimed_at = models.DateTimeField(
        _("Taken for sending"), null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [
            models.Index(fields=["status", "created_at"], name="feedback_outbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.recipient}"
