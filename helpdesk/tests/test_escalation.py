import datetime as dt

import pytest
from django.core import mail

from accounts.models import Role
from core.localtime import ALMATY
from helpdesk.models import Delivery, EventKind, Notification, NotificationKind
from helpdesk.selectors import desk_is_working, due_soon_threshold
from helpdesk.services import (
    notification_deliver,
    notifications_retry_stalled,
    request_assign,
    request_reply,
    requests_escalate,
)
from config.tasks import escalate_due_requests
from helpdesk.tests.test_notifications import flaky_mail  # noqa: F401 (fixture)
from tests.factories import UserFactory


@pytest.fixture
def lead(settings):
    settings.HELPDESK_LEAD_EMAILS = ["lead@enbek.example.kz"]
    return "lead@enbek.example.kz"


@pytest.fixture
def due_thursday(submit, clock, operator):
    """Received Monday 2 March 2026 at 10:00, due Thursday 5 March at 18:00."""
    request = submit().request
    request_assign(request=request, by=operator, assignee=operator)
    return request


def escalations():
    return list(
        Notification.objects.filter(kind=NotificationKind.ESCALATION)
        .order_by("recipient").values_list("recipient", flat=True)
    )


def reminders_sent():
    staff = set(escalations())
    return [email.to[0] for email in mail.outbox if email.to[0] in staff]


@pytest.mark.django_db
def test_it_does_not_flag_a_request_more_than_a_working_day_ahead(
    due_thursday, clock, lead
):
    clock.set(2026, 3, 3, 17, 59)  # Tuesday: Wednesday is the next working day

    assert requests_escalate() == 0
    assert escalations() == []


@pytest.mark.django_db
def test_it_tells_the_assignee_and_the_lead_once_when_a_working_day_is_left(
    due_thursday, clock, lead, operator, django_capture_on_commit_callbacks
):
    clock.set(2026, 3, 4, 9, 0)  # Wednesday, the desk opens

    with django_capture_on_commit_callbacks(execute=True):
        first = requests_escalate()
    clock.advance(minutes=15)
    second = requests_escalate()

    assert (first, second) == (1, 0)
    assert escalations() == ["lead@enbek.example.kz", operator.email]
    assert sorted(email.to[0] for email in mail.outbox) == [
        "lead@enbek.example.kz", operator.email,
    ]
    assert all("2026-000001" in email.subject for email in mail.outbox)
    due_thursday.refresh_from_db()
    assert due_thursday.escalated_at == clock.now - dt.timedelta(minutes=15)
    event = due_thursday.events.get(kind=EventKind.ESCALATED)
    assert event.after == {"recipients": [operator.email, "lead@enbek.example.kz"]}


@pytest.mark.django_db
@pytest.mark.parametrize("moment", [
    (2026, 3, 4, 8, 59),   # Wednesday before the desk opens
    (2026, 3, 4, 18, 0),   # Wednesday at the end of the working day
    (2026, 3, 5, 2, 30),   # Thursday night
    (2026, 3, 8, 11, 0),   # Sunday, and International Women's Day
    (2026, 3, 9, 11, 0),   # Monday 9 March: the holiday moved off the Sunday
])
def test_it_never_reminds_outside_working_hours(due_thursday, clock, lead, moment):
    clock.set(*moment)

    escalate_due_requests.call_local()

    assert escalations() == []
    due_thursday.refresh_from_db()
    assert due_thursday.escalated_at is None


@pytest.mark.django_db
def test_a_reminder_missed_over_the_weekend_comes_on_the_next_working_morning(
    submit, clock, lead
):
    clock.set(2026, 3, 5, 10, 0)   # Thursday: due Wednesday 11 March 18:00
    request = submit().request
    clock.set(2026, 3, 10, 9, 0)   # Tuesday after the long weekend

    assert requests_escalate() == 1
    assert escalations() == ["lead@enbek.example.kz"]
    assert request.due_at == dt.datetime(2026, 3, 11, 18, 0, tzinfo=ALMATY)


@pytest.mark.django_db
def test_it_escalates_an_unassigned_request_to_the_lead(submit, clock, lead):
    submit()
    clock.set(2026, 3, 4, 12, 0)

    assert requests_escalate() == 1
    assert escalations() == ["lead@enbek.example.kz"]


@pytest.mark.django_db
def test_it_writes_once_to_a_lead_who_is_also_the_assignee(
    submit, clock, settings, operator
):
    lead_operator = UserFactory(email="Lead@enbek.example.kz", role=Role.OPERATOR,
                                is_staff=True)
    settings.HELPDESK_LEAD_EMAILS = ["lead@enbek.example.kz"]
    request = submit().request
    request_assign(request=request, by=operator, assignee=lead_operator)
    clock.set(2026, 3, 4, 12, 0)

    requests_escalate()

    assert escalations() == ["Lead@enbek.example.kz"]


@pytest.mark.django_db
def test_it_skips_answered_requests(due_thursday, clock, lead, operator):
    request_reply(request=due_thursday, by=operator, text="Done")
    clock.set(2026, 3, 4, 12, 0)

    assert requests_escalate() == 0


@pytest.mark.django_db
def test_it_flags_overdue_requests_not_yet_escalated(due_thursday, clock, lead):
    clock.set(2026, 3, 6, 10, 0)  # Friday, the term has passed

    assert requests_escalate() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("moment", "working"), [
    ((2026, 3, 4, 9, 0), True),
    ((2026, 3, 4, 17, 59), True),
    ((2026, 3, 4, 18, 0), False),
    ((2026, 3, 7, 12, 0), False),   # Saturday
])
def test_it_knows_the_working_hours(moment, working):
    assert desk_is_working(dt.datetime(*moment, tzinfo=ALMATY)) is working


@pytest.mark.django_db
def test_due_soon_means_by_the_end_of_the_next_working_day():
    friday = dt.datetime(2026, 3, 6, 15, 0, tzinfo=ALMATY)

    # 7 and 8 March are the weekend and 9 March the moved holiday.
    assert due_soon_threshold(friday) == dt.datetime(2026, 3, 10, 18, 0,
                                                     tzinfo=ALMATY)


@pytest.mark.django_db
def test_a_reminder_that_failed_in_the_evening_waits_for_the_next_morning(
    due_thursday, clock, lead, operator, flaky_mail,
    django_capture_on_commit_callbacks,
):
    clock.set(2026, 3, 4, 17, 50)  # Wednesday: the first try fails
    with django_capture_on_commit_callbacks(execute=True):
        requests_escalate()
    failed = Notification.objects.get(kind=NotificationKind.ESCALATION,
                                      status=Delivery.PENDING)
    sent_in_hours = reminders_sent()

    clock.set(2026, 3, 4, 18, 5)  # the worker's retry, after hours
    at_night = notification_deliver(notification_id=failed.pk)
    clock.set(2026, 3, 5, 2, 0)
    notifications_retry_stalled(older_than=dt.timedelta(minutes=30))
    failed.refresh_from_db()
    state_at_night = (failed.status, failed.attempts, reminders_sent())

    clock.set(2026, 3, 5, 9, 23)  # the hourly sweep on Thursday morning
    notifications_retry_stalled(older_than=dt.timedelta(minutes=30))

    assert len(sent_in_hours) == 1
    assert at_night is False
    assert state_at_night == (Delivery.PENDING, 1, sent_in_hours)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Delivery.SENT, 2)
    assert sorted(reminders_sent()) == sorted([*sent_in_hours, failed.recipient])
