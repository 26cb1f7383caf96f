import datetime as dt

import pytest

from core.localtime import ALMATY
from helpdesk.models import EventKind, Status
from helpdesk.services import (
    request_close,
    request_follow_up,
    request_reply,
    requests_recompute_due,
)
from config.tasks import recompute_due_on_calendar_change
from workdays.selectors import calendar_version
from workdays.services import calendar_day_set

MONDAY_TERM = dt.datetime(2026, 3, 5, 18, 0, tzinfo=ALMATY)


@pytest.mark.django_db
def test_it_moves_the_due_moment_of_open_requests_when_the_calendar_changes(
    submit, clock
):
    request = submit().request
    old_version = request.calendar_version
    assert request.due_at == MONDAY_TERM

    calendar_day_set(day=dt.date(2026, 3, 4), kind="day_off", reason="Decree")
    changed = requests_recompute_due()

    request.refresh_from_db()
    assert changed == 1
    assert request.due_at == dt.datetime(2026, 3, 6, 18, 0, tzinfo=ALMATY)
    assert request.calendar_version == calendar_version() != old_version
    event = request.events.get(kind=EventKind.DUE_CHANGED)
    assert event.before == {"due_at": MONDAY_TERM.isoformat(),
                            "calendar_version": old_version}
    assert event.after == {"due_at": "2026-03-06T18:00:00+05:00",
                           "calendar_version": request.calendar_version}
    assert event.actor_name == "system"


@pytest.mark.django_db
def test_it_only_updates_the_version_when_the_change_does_not_touch_the_term(
    submit, clock
):
    request = submit().request

    calendar_day_set(day=dt.date(2026, 5, 4), kind="day_off", reason="Decree")
    changed = requests_recompute_due()

    request.refresh_from_db()
    assert changed == 0
    assert request.due_at == MONDAY_TERM
    assert request.calendar_version == calendar_version()
    assert not request.events.filter(kind=EventKind.DUE_CHANGED).exists()


@pytest.mark.django_db
def test_it_leaves_answered_and_closed_requests_alone(submit, clock, operator):
    answered = submit().request
    request_reply(request=answered, by=operator, text="Answer")
    closed = submit().request
    request_close(request=closed, by=operator, reason="Spam")

    calendar_day_set(day=dt.date(2026, 3, 4), kind="day_off", reason="Decree")
    requests_recompute_due()

    for request in (answered, closed):
        before_version = request.calendar_version
        request.refresh_from_db()
        assert request.due_at == MONDAY_TERM
        assert request.calendar_version == before_version


@pytest.mark.django_db
def test_it_does_nothing_while_the_calendar_is_the_same(submit, clock):
    submit()

    assert requests_recompute_due() == 0


@pytest.mark.django_db
def test_its_periodic_task_recomputes_after_a_calendar_change(submit, clock):
    request = submit().request
    calendar_day_set(day=dt.date(2026, 3, 3), kind="day_off", reason="Decree")

    recompute_due_on_calendar_change.call_local()

    request.refresh_from_db()
    assert request.due_at == dt.datetime(2026, 3, 6, 18, 0, tzinfo=ALMATY)


@pytest.mark.django_db
def test_a_message_after_the_answer_reopens_the_request_with_a_new_term(
    submit, clock, operator
):
    request = submit().request
    request_reply(request=request, by=operator, text="Try again, please.")
    clock.set(2026, 3, 10, 11, 0)  # Tuesday of the next week

    request_follow_up(request=request, text="It still does not work.")

    request.refresh_from_db()
    assert request.status == Status.NEW
    assert request.term_started_at == clock.now
    assert request.due_at == dt.datetime(2026, 3, 13, 18, 0, tzinfo=ALMATY)
    assert request.escalated_at is None
    reopened = request.events.get(kind=EventKind.REOPENED)
    assert reopened.before["status"] == Status.ANSWERED
    assert reopened.after["due_at"] == "2026-03-13T18:00:00+05:00"
