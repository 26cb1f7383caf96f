"""Writes of the feedback desk (Rules, paragraph 7).

A request, its files, its timeline and the emails it causes are written
together; the emails leave after commit through the worker, so a failing mail
server never loses a request. Every staff step checks that the actor is back
office and writes its timeline event in the same transaction.
"""

import datetime as dt
import logging
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from smtplib import SMTPException
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, FieldErrors, Forbidden, ValidationFailed
from core.identifiers import phone_normalize
from core.localtime import ALMATY
from helpdesk import outbox
from helpdesk.attachments import (
    CheckedFile,
    attachment_storage,
    file_store,
    files_check,
    files_discard,
)
from helpdesk.models import (
    OPEN_STATUSES,
    Attachment,
    Author,
    Delivery,
    EventKind,
    FeedbackRequest,
    Message,
    Notification,
    NotificationKind,
    RequestEvent,
    RequestSequence,
    Status,
    Topic,
)
from helpdesk.selectors import (
    desk_is_working,
    due_soon_threshold,
    token_hash,
    user_may_work_desk,
)
from incidents.models import Incident
from incidents.services import LinkTarget, incident_link, incident_report
from security.services import security_event_record
from workdays.selectors import calendar_version, term_due

logger = logging.getLogger(__name__)

# Paragraph 7: "no more than three working days from the date of receipt".
TERM_WORKING_DAYS = 3
NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
EMAIL_MAX_LENGTH = 254
DESCRIPTION_MAX_LENGTH = 4000
# An email that failed this often is given up (and shown as failed).
DELIVERY_MAX_ATTEMPTS = 10
LINK_KIND = "feedback_request"
# How the security journal names the public form (no request exists yet).
FORM_REF = "feedback_form"
HONEYPOT_FIELD = "website"
SYSTEM = "system"
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DeliveryDeferred(Exception):
    """An email could not leave now; the worker tries again later."""


@dataclass(frozen=True)
class Submission:
    request: FeedbackRequest
    token: str  # shown once and emailed; only its hash is stored


# The requester ---------------------------------------------------------------


def request_submit(
    *,
    name: str,
    email: str,
    topic: Topic | None,
    text: str,
    phone: str = "",
    files: Sequence[UploadedFile] = (),
    language: str = "kk",
    user: User | None = None,
    submission_key: uuid.UUID | None = None,
    base_url: str = "",
    http_request: HttpRequest | None = None,
) -> Submission:
    """Receive a request of the feedback form; store it before answering.

    The files are written (and forced to disk) first, the rows in one
    transaction after; the confirmation email leaves after commit. A form
    sent twice with the same SUBMISSION_KEY raises Conflict naming the
    request the first sending made. HTTP_REQUEST, when given, lends its
    client address to the security event of a refused file.
    """
    values = _submission_judged(
        name=name, email=email, phone=phone, text=text, topic=topic, files=files,
        user=user, http_request=http_request,
    )
    contact = {key: values[key] for key in ("name", "email", "phone")}
    text, topic, checked = values["text"], values.get("topic"), values["files"]
    if submission_key is not None:
        _refuse_resent(submission_key)

    now = timezone.now()
    token = secrets.token_urlsafe(32)
    storage = attachment_storage()
    stored = _store_files(checked, storage=storage, now=now)
    try:
        with transaction.atomic():
            request = FeedbackRequest.objects.create(
                number=_next_number(now.astimezone(ALMATY).year),
                topic=topic, text=text, user=user,
                language=outbox.known_language(language),
                access_token_hash=token_hash(token), submission_key=submission_key,
                received_at=now, term_started_at=now,
                due_at=term_due(now, working_days=TERM_WORKING_DAYS),
                calendar_version=calendar_version(), **contact,
            )
            _attach_files(request, checked, stored, message=None, now=now)
            _record(request, EventKind.RECEIVED, actor=contact["email"], at=now,
                    after=_snapshot(request, "due_at", "calendar_version"))
            outbox.confirmation_add(request, token=token, base_url=base_url)
    except BaseException as error:
        files_discard(stored, storage=storage)
        if isinstance(error, IntegrityError) and submission_key is not None:
            _refuse_resent(submission_key)  # the same form, sent twice at once
        raise

    logger.info("feedback request %s received, due %s", request.number,
                request.due_at.isoformat())
    return Submission(request=request, token=token)


def request_submit_check(
    *,
    name: str | None,
    email: str | None,
    phone: str | None,
    text: str | None,
    topic: Topic | None = None,
    files: Sequence[UploadedFile] = (),
    user: User | None = None,
    http_request: HttpRequest | None = None,
) -> None:
    """Raise every refusal request_submit would raise, storing nothing.

    A value of None was refused by the form already and is not judged. The
    form calls this when it refuses a field itself, so that a person sees
    all the faults of one submission together (a wrong phone number too).
    """
    _submission_judged(
        name=name, email=email, phone=phone, text=text, topic=topic, files=files,
        user=user, http_request=http_request,
    )


def _submission_judged(
    *,
    name: str | None,
    email: str | None,
    phone: str | None,
    text: str | None,
    topic: Topic | None,
    files: Sequence[UploadedFile],
    user: User | None,
    http_request: HttpRequest | None,
) -> dict[str, Any]:
    """Judge every value given; raise all the refusals together."""
    errors = FieldErrors()
    judged: dict[str, Any] = {}
    checks = {
        "name": (_name, name), "email": (_email_address, email),
        "phone": (_phone, phone), "text": (_request_text, text),
        "topic": (_offered_topic, topic),
    }
    for key, (check, value) in checks.items():
        if value is None:
            continue
        with errors.check():
            judged[key] = check(value)
    with errors.check():
        judged["files"] = _files_checked(
            files, object_ref=FORM_REF, actor_id=user.pk if user else None,
            http_request=http_request,
        )
    errors.raise_if_any()
    return judged


def request_follow_up(
    *,
    request: FeedbackRequest,
    text: str,
    files: Sequence[UploadedFile] = (),
    base_url: str = "",
    http_request: HttpRequest | None = None,
) -> Message:
    """Add the requester's message; an answered or closed request reopens.

    A reopened request waits for an answer again, so a new term of three
    working days runs from this message.
    """
    text, checked = _follow_up_judged(
        request=request, text=text, files=files, http_request=http_request
    )
    now = timezone.now()
    storage = attachment_storage()
    stored = _store_files(checked, storage=storage, now=now)
    try:
        with transaction.atomic():
            locked = _lock(request)
            message = Message.objects.create(
                request=locked, author=Author.REQUESTER, text=text, created_at=now
            )
            _attach_files(locked, checked, stored, message=message, now=now)
            _reopen_or_note(locked, now=now)
            if locked.assignee is not None and locked.assignee.is_active:
                outbox.follow_up_add(locked, base_url=base_url)
    except BaseException:
        files_discard(stored, storage=storage)
        raise
    return message


def request_follow_up_check(
    *,
    request: FeedbackRequest,
    text: str | None,
    files: Sequence[UploadedFile] = (),
    http_request: HttpRequest | None = None,
) -> None:
    """Raise every refusal request_follow_up would raise, storing nothing.

    A text of None was refused by the form already and is not judged; the
    page calls this so that a missing text does not hide a refused file.
    """
    _follow_up_judged(
        request=request, text=text, files=files, http_request=http_request
    )


def _follow_up_judged(
    *,
    request: FeedbackRequest,
    text: str | None,
    files: Sequence[UploadedFile],
    http_request: HttpRequest | None,
) -> tuple[str, list[CheckedFile]]:
    """Judge the text (unless None) and every file; raise all refusals together."""
    errors = FieldErrors()
    judged = ""
    checked: list[CheckedFile] = []
    if text is not None:
        with errors.check():
            judged = _text(text, field="text")
    with errors.check():
        checked = _files_checked(
            files, object_ref=f"{LINK_KIND}:{request.number}", actor_id=None,
            http_request=http_request,
        )
    errors.raise_if_any()
    return judged, checked


def _files_checked(
    files: Sequence[UploadedFile],
    *,
    object_ref: str,
    actor_id: int | None,
    http_request: HttpRequest | None,
) -> list[CheckedFile]:
    try:
        return files_check(files)
    except ValidationFailed as error:
        # Rules 4.2: refused uploads go to the security journal (and so to
        # the SOC) with the reason and what the bytes looked like; the
        # file's name and content and the requester's contacts stay out.
        for refusal in error.errors:
            security_event_record(
                name="upload_rejected", outcome="failure", actor_id=actor_id,
                request=http_request, object_ref=object_ref,
                details={"reason": refusal.code, **refusal.params},
            )
        raise


def honeypot_record(*, http_request: HttpRequest | None = None) -> None:
    """Record in the security journal that a program filled the honeypot."""
    # WARN, not the CRITICAL of the malicious_ family: spam bots fill the
    # field by the thousand, and the SOC must still see real attacks first.
    security_event_record(
        name="malicious_honeypot", outcome="failure", level="WARN",
        request=http_request, object_ref=FORM_REF,
        details={"field": HONEYPOT_FIELD},
    )


def _reopen_or_note(request: FeedbackRequest, *, now: dt.datetime) -> None:
    if request.status in OPEN_STATUSES:
        _record(request, EventKind.REQUESTER_WROTE, actor=request.email, at=now)
        return

    before = _snapshot(request, "status", "due_at", "term_started_at")
    request.status = Status.IN_PROGRESS if request.assignee_id else Status.NEW
    request.term_started_at = now
    request.due_at = term_due(now, working_days=TERM_WORKING_DAYS)
    request.calendar_version = calendar_version()
    request.escalated_at = None
    request.closed_at = None
    request.save()
    _record(request, EventKind.REOPENED, actor=request.email, at=now, before=before,
            after=_snapshot(request, "status", "due_at", "term_started_at"))


# Staff -------------------------------------------------------------------------


def request_assign(
    *, request: FeedbackRequest, by: User, assignee: User | None
) -> FeedbackRequest:
    """Give the request to ASSIGNEE (None: to nobody); a new one starts."""
    _require_desk(by)
    if assignee is not None and not user_may_work_desk(assignee):
        raise ValidationFailed(
            _("Requests go to operators and administrators only."), field="assignee"
        )

    with transaction.atomic():
        locked = _lock_open_for_staff(request)
        before = _snapshot(locked, "status", "assignee")
        locked.assignee = assignee
        if assignee is not None and locked.status == Status.NEW:
            locked.status = Status.IN_PROGRESS
        locked.save(update_fields=["assignee", "status", "updated_at"])
        _record(locked, EventKind.ASSIGNED, actor=by, before=before,
                after=_snapshot(locked, "status", "assignee"))
    return locked


def request_note_add(*, request: FeedbackRequest, by: User, text: str) -> RequestEvent:
    """Write an internal note that the requester never sees."""
    _require_desk(by)
    text = _text(text, field="text")
    with transaction.atomic():
        locked = _lock(request)
        return _record(locked, EventKind.NOTE, actor=by, note=text)


def request_reply(*, request: FeedbackRequest, by: User, text: str) -> Message:
    """Answer the requester: shown on the private page and emailed."""
    _require_desk(by)
    text = _text(text, field="text")

    with transaction.atomic():
        locked = _lock_open_for_staff(request)
        now = timezone.now()
        message = Message.objects.create(
            request=locked, author=Author.STAFF, author_user=by, text=text,
            created_at=now,
        )
        before = _snapshot(locked, "status")
        locked.status = Status.ANSWERED
        locked.answered_at = now
        if locked.first_answered_at is None:
            # Paragraph 7's term is judged once, by the first answer.
            locked.first_answered_at = now
            locked.answered_in_time = now <= locked.due_at
        locked.save()
        _record(locked, EventKind.REPLIED, actor=by, at=now, before=before,
                after={**_snapshot(locked, "status"), "message": message.pk})
        outbox.reply_add(locked, message=message)
    return message


def request_close(
    *, request: FeedbackRequest, by: User, reason: str = ""
) -> FeedbackRequest:
    """Close the request; one never answered needs a reason."""
    _require_desk(by)
    reason = reason.strip()

    with transaction.atomic():
        locked = _lock_open_for_staff(request)
        if locked.status != Status.ANSWERED and not reason:
            raise ValidationFailed(
                _("Request %(number)s has no answer yet: say why it is closed.")
                % {"number": locked.number},
                field="reason",
            )
        before = _snapshot(locked, "status")
        locked.status = Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        _record(locked, EventKind.CLOSED, actor=by, before=before,
                after=_snapshot(locked, "status"), note=reason)
    return locked


def request_incident_open(
    *,
    request: FeedbackRequest,
    by: User,
    severity: str,
    function: str,
    title: str = "",
) -> Incident:
    """Report the failure the request describes (Rules, paragraph 6.1)."""
    _require_desk(by)
    title = title.strip() or _("Failure reported in feedback request %(number)s") % {
        "number": request.number
    }
    with transaction.atomic():
        locked = _lock(request)
        incident, created = incident_report(
            source="user_feedback", title=title,
            fingerprint=f"{LINK_KIND}:{locked.number}", severity=severity,
            function=function, description=locked.text[:DESCRIPTION_MAX_LENGTH],
            actor=by, occurred_at=locked.received_at,
            link=LinkTarget(LINK_KIND, locked.number),
        )
        _record(locked, EventKind.INCIDENT, actor=by,
                after={"incident": incident.number, "created": created})
    return incident


def request_incident_link(
    *, request: FeedbackRequest, by: User, incident_number: str
) -> Incident:
    """Refer the request to an incident already in the registry."""
    _require_desk(by)
    number = incident_number.strip().upper()
    incident = Incident.objects.filter(number=number).first()
    if incident is None:
        raise ValidationFailed(
            _("There is no incident %(number)s.") % {"number": number or "—"},
            field="number",
        )
    with transaction.atomic():
        locked = _lock(request)
        incident_link(incident=incident, kind=LINK_KIND, reference=locked.number,
                      actor=by)
        _record(locked, EventKind.INCIDENT, actor=by,
                after={"incident": incident.number, "created": False})
    return incident


# The worker --------------------------------------------------------------------


def requests_recompute_due(*, actor: str = SYSTEM) -> int:
    """Recount the term of open requests computed on another calendar.

    The administrator may enter a decree that moves days off after requests
    arrived; their due moment then follows the calendar in force. Return how
    many due moments changed; each change is on the request's timeline.
    """
    version = calendar_version()
    stale = (
        FeedbackRequest.objects.filter(status__in=OPEN_STATUSES)
        .exclude(calendar_version=version)
        .values_list("pk", flat=True)
    )
    changed = 0
    for pk in list(stale):
        with transaction.atomic():
            locked = FeedbackRequest.objects.select_for_update().get(pk=pk)
            if locked.status not in OPEN_STATUSES or locked.calendar_version == version:
                continue
            before = _snapshot(locked, "due_at", "calendar_version")
            old_due = locked.due_at
            locked.due_at = term_due(locked.term_started_at,
                                     working_days=TERM_WORKING_DAYS)
            locked.calendar_version = version
            locked.save(update_fields=["due_at", "calendar_version", "updated_at"])
            if locked.due_at != old_due:
                changed += 1
                _record(locked, EventKind.DUE_CHANGED, actor=actor, before=before,
                        after=_snapshot(locked, "due_at", "calendar_version"))
    if changed:
        logger.info("calendar %s moved the due moment of %s requests", version,
                    changed)
    return changed


def requests_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the assignee and the desk lead of requests due within a working day.

    Only within working hours, so that nobody is woken at night or on a day
    off; each request is escalated once per term. Return how many were.
    """
    now = now or timezone.now()
    if not desk_is_working(now):
        return 0

    due = FeedbackRequest.objects.filter(
        status__in=OPEN_STATUSES, escalated_at__isnull=True,
        due_at__lte=due_soon_threshold(now),
    ).values_list("pk", flat=True)
    escalated = 0
    for pk in list(due):
        with transaction.atomic():
            # The conditional update is the "once": a second worker that
            # reaches the same request updates nothing and moves on.
            claimed = FeedbackRequest.objects.filter(
                pk=pk, escalated_at__isnull=True, status__in=OPEN_STATUSES
            ).update(escalated_at=now)
            if not claimed:
                continue
            request = FeedbackRequest.objects.select_related("assignee").get(pk=pk)
            recipients = outbox.escalation_add(request)
            _record(request, EventKind.ESCALATED, actor=SYSTEM, at=now,
                    after={"recipients": recipients})
            escalated += 1
    return escalated


def notification_deliver(*, notification_id: int) -> bool:
    """Send one email of the outbox; True when it left now.

    Raises DeliveryDeferred when the mail server failed, for the worker to
    try again, until DELIVERY_MAX_ATTEMPTS; an email that can never be sent
    (a broken address or header) is marked failed at once, so that it holds
    up nothing else. A reminder is held outside working hours.
    """
    if _reminder_waits(notification_id, now=timezone.now()):
        return False
    claimed = Notification.objects.filter(
        pk=notification_id, status=Delivery.PENDING
    ).update(status=Delivery.SENDING, claimed_at=timezone.now(),
             attempts=F("attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)

    try:
        outbox.email_for(notification).send()
    except ValueError as error:  # BadHeaderError is one
        _delivery_end(notification, Delivery.FAILED, error)
        logger.error("email %s to request %s cannot be sent: %s", notification.pk,
                     notification.request_id, error)
        return False
    except (SMTPException, OSError) as error:
        if notification.attempts >= DELIVERY_MAX_ATTEMPTS:
            _delivery_end(notification, Delivery.FAILED, error)
            logger.error("email %s to request %s given up after %s attempts: %s",
                         notification.pk, notification.request_id,
                         notification.attempts, error)
            return False
        _delivery_end(notification, Delivery.PENDING, error)
        logger.warning("email %s failed (attempt %s): %s", notification.pk,
                       notification.attempts, error)
        raise DeliveryDeferred(str(error)) from error

    notification.status = Delivery.SENT
    notification.sent_at = timezone.now()
    notification.body = ""
    notification.last_error = ""
    notification.save(update_fields=["status", "sent_at", "body", "last_error"])
    return True


def _reminder_waits(notification_id: int, *, now: dt.datetime) -> bool:
    # A reminder whose first try failed in the evening must not go out at
    # night on a retry: it stays pending, uncounted, and the hourly sweep
    # (notifications_retry_stalled) sends it on the next working morning.
    if desk_is_working(now):
        return False
    return Notification.objects.filter(
        pk=notification_id, kind=NotificationKind.ESCALATION
    ).exists()


def notifications_retry_stalled(*, older_than: dt.timedelta) -> int:
    """Queue again the emails left waiting, e.g. when the queue lost them.

    Queuing twice is harmless: only one worker can claim an email.
    """
    since = timezone.now() - older_than
    # A worker that died while sending left its email claimed; sending it
    # again may deliver it twice, which beats never.
    Notification.objects.filter(
        status=Delivery.SENDING, claimed_at__lt=since
    ).update(status=Delivery.PENDING)
    stalled = list(
        Notification.objects.filter(status=Delivery.PENDING, created_at__lt=since)
        .values_list("pk", flat=True)
    )
    for pk in stalled:
        outbox.enqueue(pk)
    return len(stalled)


# Helpers -----------------------------------------------------------------------


def _name(value: str) -> str:
    name = _single_line(value)
    if not name:
        raise ValidationFailed(_("Enter your name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationFailed(
            _("Shorten the name to %(limit)s characters.") % {"limit": NAME_MAX_LENGTH},
            field="name",
        )
    return name


def _email_address(value: str) -> str:
    email = value.strip()
    # A line break in an address would let the text after it become a new
    # header of every email to it (a Bcc to a spammer's list).
    if not email or _LINE_BREAKS.search(email) or len(email) > EMAIL_MAX_LENGTH:
        raise ValidationFailed(
            _("Enter a valid email address, for example aigerim@example.kz."),
            field="email",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(
            _("Enter a valid email address, for example aigerim@example.kz."),
            field="email",
        ) from None
    return email


def _phone(value: str) -> str:
    value = _single_line(value)
    if not value:
        return ""
    try:
        return phone_normalize(value, "KZ", field="phone")
    except ValidationFailed as error:
        if error.code != "phone_wrong_country":
            raise
        # A number written with its country code is a number of that
        # country: the desk answers by email and may call abroad.
        region = phonenumbers.region_code_for_number(phonenumbers.parse(value, "KZ"))
        if not region or not region.isalpha():
            raise
        return phone_normalize(value, region, field="phone")


def _text(value: str, *, field: str) -> str:
    text = _CONTROL.sub("", value.replace("\r\n", "\n")).strip()
    if not text:
        raise ValidationFailed(_("Write the text of your message."), field=field)
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationFailed(
            _("Shorten the text to %(limit)s characters (now %(count)s).")
            % {"limit": TEXT_MAX_LENGTH, "count": len(text)},
            field=field,
        )
    return text


def _request_text(value: str) -> str:
    return _text(value, field="text")


def _single_line(value: str) -> str:
    return " ".join(_CONTROL.sub(" ", _LINE_BREAKS.sub(" ", value)).split())


def _offered_topic(topic: Topic | None) -> Topic | None:
    if topic is None:
        return None
    if not Topic.objects.filter(pk=topic.pk, is_active=True).exists():
        raise ValidationFailed(
            _("This topic is no longer offered: choose another one."), field="topic"
        )
    return topic


def _refuse_resent(submission_key: uuid.UUID) -> None:
    earlier = FeedbackRequest.objects.filter(submission_key=submission_key).first()
    if earlier is not None:
        raise Conflict(
            _("This form was already sent: it is request %(number)s. The link to "
              "follow it went to your email.") % {"number": earlier.number},
            code="already_received", params={"request": earlier},
        )


def _next_number(year: int) -> str:
    """Give out the next number of YEAR; concurrent requests never share one.

    The UPDATE locks the year's row until the request's transaction ends, so
    a second request waits for it; a number rolled back is given again.
    """
    updated = RequestSequence.objects.filter(year=year).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                RequestSequence.objects.create(year=year, last=1)
        except IntegrityError:
            RequestSequence.objects.filter(year=year).update(last=F("last") + 1)
    last = RequestSequence.objects.filter(year=year).values_list("last", flat=True)
    return f"{year}-{last.get():06d}"


def _store_files(
    checked: Sequence[CheckedFile], *, storage: Storage, now: dt.datetime
) -> list[str]:
    prefix = now.astimezone(ALMATY).strftime("%Y/%m")
    stored: list[str] = []
    try:
        for item in checked:
            stored.append(file_store(item, storage=storage, prefix=prefix))
    except BaseException:
        files_discard(stored, storage=storage)
        raise
    return stored


def _attach_files(
    request: FeedbackRequest,
    checked: Sequence[CheckedFile],
    stored: Sequence[str],
    *,
    message: Message | None,
    now: dt.datetime,
) -> None:
    Attachment.objects.bulk_create([
        Attachment(
            request=request, message=message, original_name=item.display_name,
            stored_name=name, kind=item.kind.code,
            content_type=item.kind.content_type, size=item.size,
            sha256=item.sha256, created_at=now,
        )
        for item, name in zip(checked, stored, strict=True)
    ])


def _require_desk(user: User) -> None:
    if not user_may_work_desk(user):
        raise Forbidden(_("Only the desk's operators and administrators may do this."))


def _lock(request: FeedbackRequest) -> FeedbackRequest:
    # of=("self",): PostgreSQL locks no row of a nullable joined table.
    return (
        FeedbackRequest.objects.select_for_update(of=("self",))
        .select_related("assignee", "topic")
        .get(pk=request.pk)
    )


def _lock_open_for_staff(request: FeedbackRequest) -> FeedbackRequest:
    locked = _lock(request)
    if locked.status == Status.CLOSED:
        raise ValidationFailed(
            _("Request %(number)s is closed; it reopens when the requester "
              "writes again.") % {"number": locked.number},
            field="status",
        )
    return locked


def _record(
    request: FeedbackRequest,
    kind: str,
    *,
    actor: User | str,
    at: dt.datetime | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> RequestEvent:
    user = actor if isinstance(actor, User) else None
    name = actor.email if isinstance(actor, User) else actor
    return RequestEvent.objects.create(
        request=request, kind=kind, at=at or timezone.now(), actor_user=user,
        actor_name=name[:150], before=before or {}, after=after or {}, note=note,
    )


def _snapshot(request: FeedbackRequest, *names: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(request, name)
        if isinstance(value, dt.datetime):
            value = value.astimezone(ALMATY).isoformat()
        elif isinstance(value, User):
            value = value.email
        values[name] = value
    return values


def _delivery_end(notification: Notification, status: str, error: Exception) -> None:
    notification.status = status
    notification.last_error = f"{type(error).__name__}: {error}"[:300]
    notification.save(update_fields=["status", "last_error"])
