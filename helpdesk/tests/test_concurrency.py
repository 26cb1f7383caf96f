"""Requests arriving at the same moment get different numbers (PostgreSQL).

SQLite runs one writing transaction at a time, so the race cannot happen
there; PostgreSQL runs them side by side and the sequence row decides.
"""

import threading

import pytest
from django.db import connection

from helpdesk.models import FeedbackRequest
from helpdesk.services import request_submit
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
