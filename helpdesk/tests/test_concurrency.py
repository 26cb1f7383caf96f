"""Races of the desk, run side by side on PostgreSQL.

SQLite runs one writing transaction at a time, so the races cannot happen
there; PostgreSQL runs them side by side: the sequence row, the unique
submission key and the conditional update decide.
"""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection

from core.errors import Conflict
from core.localtime import ALMATY
from helpdesk.models import (
    EventKind,
    FeedbackRequest,
    Notification,
    NotificationKind,
    RequestEvent,
)
from helpdesk.services import request_submit, requests_escalate
from tests.factories import TopicFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers"
    ),
]
WRITERS = 8


def test_it_gives_simultaneous_requests_distinct_numbers_without_gaps():
    topic = TopicFactory()
    start = threading.Barrier(WRITERS)
    errors: list[Exception] = []

    def writer(index: int) -> None:
        try:
            start.wait(timeout=10)
            request_submit(name=f"Writer {index}", email=f"w{index}@example.kz",
                           topic=topic, text="Simultaneous")
        except Exception as error:  # handed to the test thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    numbers = sorted(FeedbackRequest.objects.values_list("number", flat=True))
    year = numbers[0][:4]
    assert numbers == [f"{year}-{n:06d}" for n in range(1, WRITERS + 1)]


def run_together(count: int, work) -> tuple[list, list[Exception]]:
    """Run WORK(index) in COUNT threads released at once; gather what came."""
    start = threading.Barrier(count)
    results: list = []
    errors: list[Exception] = []

    def runner(index: int) -> None:
        try:
            start.wait(timeout=10)
            results.append(work(index))
        except Exception as error:  # handed to the test thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_a_form_sent_twice_at_once_makes_one_request():
    topic = TopicFactory()
    key = uuid.uuid4()

    results, errors = run_together(2, lambda index: request_submit(
        name="Double click", email="dc@example.kz", topic=topic,
        text="Sent twice", submission_key=key,
    ))

    [submission] = results
    [conflict] = errors
    assert isinstance(conflict, Conflict)
    assert conflict.code == "already_received"
    assert conflict.params["request"] == submission.request
    assert FeedbackRequest.objects.get().submission_key == key


def test_two_workers_escalate_a_request_once(settings):
    settings.HELPDESK_LEAD_EMAILS = ["lead@enbek.example.kz"]
    received = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)  # due Thu 5 March
    request = request_submit(name="Late", email="late@example.kz",
                             topic=TopicFactory(), text="Due soon")
    FeedbackRequest.objects.filter(pk=request.request.pk).update(
        received_at=received, term_started_at=received,
        due_at=dt.datetime(2026, 3, 5, 18, 0, tzinfo=ALMATY),
    )
    wednesday = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ALMATY)

    results, errors = run_together(
        WRITERS, lambda index: requests_escalate(now=wednesday)
    )

    assert errors == []
    assert sorted(results) == [0] * (WRITERS - 1) + [1]
    assert Notification.objects.filter(kind=NotificationKind.ESCALATION).count() == 1
    assert RequestEvent.objects.filter(kind=EventKind.ESCALATED).count() == 1
