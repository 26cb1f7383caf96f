import datetime as dt
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from helpdesk.models import Delivery, FeedbackRequest, Notification, NotificationKind
from helpdesk.services import (
    DeliveryDeferred,
    notification_deliver,
    notifications_retry_stalled,
)


class FlakyBackend(locmem.EmailBackend):
    """A mail server that is down for the first FAILURES messages."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "helpdesk.tests.test_notifications.FlakyBackend"
    FlakyBackend.failures = 1
    yield FlakyBackend
    FlakyBackend.failures = 0


@pytest.mark.django_db
def test_it_emails_the_confirmation_after_commit(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission = submit(language="en")
        assert mail.outbox == []  # nothing leaves before the commit

    [email] = mail.outbox
    assert len(callbacks) == 1
    assert email.to == ["aigerim@example.kz"]
    number = submission.request.number
    assert email.subject == f"Your request {number} has been received"
    assert f"/en/feedback/r/{submission.token}/" in email.body
    notification = Notification.objects.get()
    assert notification.status == Delivery.SENT
    assert notification.body == ""  # the link is not kept once it left


@pytest.mark.django_db
def test_it_keeps_the_request_and_retries_when_sending_fails(
    submit, flaky_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(language="en")

    assert mail.outbox == []
    assert FeedbackRequest.objects.get() == submission.request
    notification = Notification.objects.get()
    assert notification.status == Delivery.PENDING
    assert notification.attempts == 1
    assert notification.last_error == (
        "SMTPServerDisconnected: Connection unexpectedly closed"
    )
    [retry] = HUEY.scheduled()
    wait = retry.eta - dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert dt.timedelta(minutes=14) < wait <= dt.timedelta(minutes=15)

    # The worker's scheduler reaches the retry's time.
    [due] = HUEY.read_schedule(retry.eta)
    HUEY.execute(due, timestamp=retry.eta)

    [email] = mail.outbox
    assert email.to == ["aigerim@example.kz"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Delivery.SENT, 2)


@pytest.mark.django_db
def test_it_gives_up_an_email_that_can_never_be_sent_without_holding_up_others(
    submit, django_capture_on_commit_callbacks
):
    request = submit().request
    Notification.objects.all().delete()
    broken = Notification.objects.create(
        request=request, kind=NotificationKind.REPLY,
        recipient="aigerim@example.kz\nBcc: victim@example.com",
        subject="Answer", body="text", created_at=timezone.now(),
    )
    good = Notification.objects.create(
        request=request, kind=NotificationKind.REPLY, recipient="aigerim@example.kz",
        subject="Answer", body="text", created_at=timezone.now(),
    )

    assert notification_deliver(notification_id=broken.pk) is False
    assert notification_deliver(notification_id=good.pk) is True

    broken.refresh_from_db()
    assert broken.status == Delivery.FAILED
    assert broken.last_error.startswith("BadHeaderError: Header values can't contain")
    [email] = mail.outbox
    assert email.to == ["aigerim@example.kz"]
    assert email.bcc == []


@pytest.mark.django_db
def test_it_raises_for_the_worker_while_the_mail_server_is_down(submit, flaky_mail):
    request = submit().request
    notification = request.notifications.get()

    with pytest.raises(DeliveryDeferred):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == Delivery.PENDING


@pytest.mark.django_db
def test_it_sends_an_email_once_even_when_queued_twice(submit):
    notification = submit().request.notifications.get()

    first = notification_deliver(notification_id=notification.pk)
    second = notification_deliver(notification_id=notification.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_it_queues_again_emails_that_were_never_sent(submit, clock):
    notification = submit().request.notifications.get()
    clock.advance(minutes=31)

    queued = notifications_retry_stalled(older_than=dt.timedelta(minutes=30))

    assert queued == 1
    notification.refresh_from_db()
    assert notification.status == Delivery.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_it_leaves_recent_emails_to_their_own_task(submit, clock):
    submit()
    clock.advance(minutes=5)

    assert notifications_retry_stalled(older_than=dt.timedelta(minutes=30)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt(submit, flaky_mail, caplog):
    notification = submit().request.notifications.get()
    Notification.objects.filter(pk=notification.pk).update(attempts=9)

    assert notification_deliver(notification_id=notification.pk) is False

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Delivery.FAILED, 10)
    assert "given up after 10 attempts" in caplog.text
