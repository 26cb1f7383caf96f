"""Reports of one failure racing each other meet one incident (PostgreSQL).

SQLite runs one writing transaction at a time, so the race cannot happen
there; PostgreSQL runs them side by side and the unique constraint decides.
"""

import logging
import threading
import time

import pytest
from django.db import connection, transaction

from incidents.models import EventKind, Function, Incident, Severity, Source
from incidents.services import incident_report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers"
    ),
]

REPORT = {
    "source": Source.SYSTEM_LOG,
    "title": "Database connection refused",
    "fingerprint": "log:db-refused",
    "severity": Severity.CRITICAL,
    "function": Function.OTHER,
    "actor": "log-watcher",
}


def run_in_threads(*targets):
    """Run each target in its own thread with its own connection."""
    results: dict[int, object] = {}

    def wrap(index, target):
        try:
            results[index] = target()
        except Exception as error:  # handed to the test thread below
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=wrap, args=(index, target))
        for index, target in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for value in results.values():
        if isinstance(value, Exception):
            raise value
    return [results[index] for index in range(len(targets))]


def test_it_adds_the_losing_report_to_the_winners_incident(caplog):
    caplog.set_level(logging.INFO, logger="incidents.services")
    first_written = threading.Event()

    def first():
        with transaction.atomic():
            outcome = incident_report(**REPORT)
            first_written.set()
            # Keep the new incident uncommitted while the second report looks
            # for an active one, finds none and tries to insert its own.
            time.sleep(0.5)
        return outcome

    def second():
        first_written.wait(timeout=10)
        return incident_report(**REPORT)

    (winner, created_first), (loser, created_second) = run_in_threads(first, second)

    assert (created_first, created_second) == (True, False)
    assert loser.pk == winner.pk
    incident = Incident.objects.get()
    assert incident.occurrences == 2
    # The loser's number was rolled back with its insert: no gap.
    assert incident.number.endswith("-000001")
    assert "raced on fingerprint log:db-refused" in caplog.text
    assert [event.kind for event in incident.events.all()] == [
        EventKind.OPENED, EventKind.OCCURRENCE
    ]


def test_it_opens_one_incident_for_many_simultaneous_reports():
    start = threading.Barrier(6)

    def reporter():
        start.wait(timeout=10)
        return incident_report(**REPORT)

    outcomes = run_in_threads(*[reporter] * 6)

    assert sorted(created for _, created in outcomes) == [False] * 5 + [True]
    incident = Incident.objects.get()
    assert incident.occurrences == 6
    assert incident.events.filter(kind=EventKind.OCCURRENCE).count() == 5
