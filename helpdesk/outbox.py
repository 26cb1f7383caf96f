"""The desk's emails: written into the outbox inside the caller's transaction.

Each email is a Notification row, rendered in the recipient's language when
its cause happens; the worker sends it after commit (services
.notification_deliver). Only the validated recipient and the portal's own
texts (with the request number) reach headers: whatever a requester typed
stays in the body, so it can never add a header or a recipient.
"""

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helpdesk import conf
from helpdesk.models import FeedbackRequest, Message, Notification, NotificationKind

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200


def known_language(code: str) -> str:
    """Return CODE when the portal speaks it, else the default language."""
    known = {language for language, _name in settings.LANGUAGES}
    return code[:2] if code[:2] in known else settings.LANGUAGE_CODE


def confirmation_add(request: FeedbackRequest, *, token: str, base_url: str) -> None:
    """The number, the due moment and the private link, to the requester."""
    with translation.override(request.language):
        link = _absolute(base_url, reverse("helpdesk:private", args=[token]))
        outbox_add(
            request, kind=NotificationKind.CONFIRMATION, recipient=request.email,
            subject=_("Your request %(number)s has been received")
            % {"number": request.number},
            template="helpdesk/email/confirmation.txt",
            context={"request": request, "link": link},
        )


def reply_add(request: FeedbackRequest, *, message: Message) -> None:
    """A staff answer, to the requester."""
    with translation.override(request.language):
        outbox_add(
            request, kind=NotificationKind.REPLY, recipient=request.email,
            subject=_("Answer to your request %(number)s")
            % {"number": request.number},
            template="helpdesk/email/reply.txt",
            context={"request": request, "message": message},
        )


def follow_up_add(request: FeedbackRequest, *, base_url: str) -> None:
    """Tell the assignee that the requester wrote again."""
    assignee = request.assignee
    if assignee is None:
        return
    with translation.override(known_language(assignee.preferred_language)):
        link = _absolute(base_url, reverse("helpdesk:detail", args=[request.number]))
        outbox_add(
            request, kind=NotificationKind.FOLLOW_UP, recipient=assignee.email,
            subject=_("The requester wrote again: %(number)s")
            % {"number": request.number},
            template="helpdesk/email/follow_up.txt",
            context={"request": request, "link": link},
        )


def escalation_add(request: FeedbackRequest) -> list[str]:
    """Warn the assignee and the desk lead; return the addresses written to."""
    recipients: list[tuple[str, str]] = []
    assignee = request.assignee
    if assignee is not None and assignee.is_active:
        recipients.append(
            (assignee.email, known_language(assignee.preferred_language))
        )
    recipients += [(email, settings.LANGUAGE_CODE) for email in conf.lead_emails()]

    written: list[str] = []
    for email, language in recipients:
        if email.lower() in {address.lower() for address in written}:
            continue
        with translation.override(language):
            path = reverse("helpdesk:detail", args=[request.number])
            outbox_add(
                request, kind=NotificationKind.ESCALATION, recipient=email,
                subject=_("Request %(number)s is due within one working day")
                % {"number": request.number},
                template="helpdesk/email/escalation.txt",
                context={"request": request, "link": _absolute(conf.site_url(), path)},
            )
        written.append(email)
    if not written:
        logger.warning("request %s is due soon and nobody can be told: no "
                       "assignee and no HELPDESK_LEAD_EMAILS", request.number)
    return written


def outbox_add(
    request: FeedbackRequest,
    *,
    kind: str,
    recipient: str,
    subject: str,
    template: str,
    context: dict[str, Any],
) -> Notification:
    """Write the email into the outbox; the worker sends it after commit."""
    notification = Notification.objects.create(
        request=request, kind=kind, recipient=recipient,
        subject=" ".join(subject.split())[:SUBJECT_MAX_LENGTH],
        body=render_to_string(template, context), created_at=timezone.now(),
    )
    # robust: the request is committed by then, and a queue that is down
    # must not turn its confirmation page into an error; the periodic sweep
    # sends what was not queued.
    transaction.on_commit(partial(enqueue, notification.pk), robust=True)
    return notification


def enqueue(notification_id: int) -> None:
    # Imported here: the tasks module imports the services, which import
    # this module.
    from helpdesk.tasks import deliver_notification

    deliver_notification(notification_id)


def email_for(notification: Notification) -> EmailMessage:
    return EmailMessage(
        subject=notification.subject, body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[notification.recipient],
        headers={"Auto-Submitted": "auto-generated"},
    )


def _absolute(base_url: str, path: str) -> str:
    base = base_url.rstrip("/")
    return f"{base}{path}" if base else path
