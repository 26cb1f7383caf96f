import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from security.models import OutboxEntry
from security.outbox import outbox_drain
from security.selectors import soc_forwarding_status
from security.services import security_event_record
from security.syslog import TRUNCATED, frame, structured_data
from security.tests.collector import HEADER, Collector

BURST = 1000
LATER = dt.timedelta(hours=2)


def _burst(count=BURST):
    return {
        str(security_event_record(
            name="authn_login_fail", outcome="failure", subject=f"user{i}"
        ).event_id)
        for i in range(count)
    }


def _drain_until_empty(*, now):
    for _round in range(50):
        outbox_drain(now=now)
        if not OutboxEntry.objects.exists():
            return
    raise AssertionError("the outbox did not empty")


def _burst_through_a_crash(settings, first, make_second):
    settings.SECURITY_SOC_BATCH = 100
    sent = _burst()

    failed = outbox_drain()
    # The collector died during the third batch: the rest waits in the outbox.
    assert failed.sent == 200 and failed.failed == 100
    assert len(first.messages) == 250
    second = make_second(first.port)
    try:
        _drain_until_empty(now=timezone.now() + LATER)
        received = first.event_ids() + second.event_ids()
    finally:
        second.stop()
    assert set(received) == sent
    assert len(set(received)) == BURST


@pytest.mark.django_db
def test_nothing_is_lost_when_the_collector_dies_mid_burst(settings, collector):
    collector.die_after = 250
    _burst_through_a_crash(settings, collector, lambda port: Collector(port=port))


@pytest.mark.django_db
def test_nothing_is_lost_over_tls_when_the_collector_dies_mid_burst(
    settings, tls_collector, tls_server_context
):
    tls_collector.die_after = 250
    _burst_through_a_crash(
        settings, tls_collector,
        lambda port: Collector(port=port, tls=tls_server_context),
    )


@pytest.mark.django_db
def test_an_event_is_sent_after_commit_and_not_before(
    collector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = security_event_record(name="data_export", outcome="success")
        assert collector.event_ids() == []

    assert len(callbacks) == 1
    assert collector.event_ids() == [str(event.event_id)]
    assert not OutboxEntry.objects.exists()


@pytest.mark.django_db
def test_a_failed_send_backs_off_and_is_visible_as_lag(settings, collector):
    collector.stop()
    event = security_event_record(name="authz_fail", outcome="failure")
    start = timezone.now()

    outbox_drain(now=start)
    outbox_drain(now=start + dt.timedelta(seconds=16))

    entry = OutboxEntry.objects.get(event=event)
    assert entry.attempts == 2
    assert entry.next_attempt_at == start + dt.timedelta(seconds=16 + 30)
    assert "127.0.0.1" in entry.last_error
    status = soc_forwarding_status(now=entry.created_at + dt.timedelta(seconds=90))
    assert (status.enabled, status.backlog, status.failing) == (True, 1, 1)
    assert status.lag_seconds == 90


@pytest.mark.django_db
def test_a_batch_leased_by_a_killed_worker_is_sent_after_the_lease(collector):
    from security.outbox import _lease

    event = security_event_record(name="authz_fail", outcome="failure")
    now = timezone.now()
    _lease(now)  # the worker dies here, holding the batch

    assert outbox_drain(now=now).sent == 0
    assert outbox_drain(now=now + dt.timedelta(minutes=3)).sent == 1
    assert collector.event_ids() == [str(event.event_id)]


def _one_message(collector, **fields):
    security_event_record(name="input_validation_fail", outcome="failure", **fields)
    outbox_drain()
    assert len(collector.messages) == 1
    return collector.messages[0].decode()


FAKE = "note\n<13>1 2026-01-01T00:00:00Z evil app - authn_login_success - forged"


@pytest.mark.django_db
def test_a_line_break_and_a_fake_header_arrive_as_one_cef_record(
    settings, collector
):
    settings.SECURITY_SOC_FORMAT = "cef"
    message = _one_message(
        collector, object_ref=FAKE, details={"why": 'a|b\\c=d"]'},
        request=None,
    )

    assert "\n" not in message
    match = HEADER.match(message.encode())
    assert match["pri"] == b"84"  # authpriv (10) * 8 + warning (4)
    assert match["msgid"] == b"input_validation_fail"
    cef = message[message.index("CEF:0|"):]
    assert cef.startswith(
        "CEF:0|MLSPP RK|Electronic Labor Exchange|1.0|input_validation_fail|"
        "input validation fail|6|"
    )
    assert "cs1=note\\n<13>1 2026-01-01T00:00:00Z evil app" in cef
    # JSON escapes the backslash and quote; CEF then doubles each backslash
    # and escapes "=", while "|" needs no escape in an extension value.
    assert '"why": "a|b\\\\\\\\c\\=d\\\\"]"' in cef


@pytest.mark.django_db
def test_a_json_body_is_one_line_with_the_event_id(settings, collector):
    settings.SECURITY_SOC_FORMAT = "json"
    message = _one_message(collector, object_ref=FAKE)

    assert "\n" not in message
    body = json.loads(message[message.index("] {") + 2:])
    assert body["object"] == FAKE
    assert body["name"] == "input_validation_fail"
    assert re.search(r'\[elx@32473 eventId="%s" outcome="failure"\]' % body["event_id"],
                     message)


@pytest.mark.django_db
def test_an_oversized_field_is_cut_with_a_marker(settings, collector):
    settings.SECURITY_SOC_FORMAT = "json"
    message = _one_message(collector, details={"text": "x" * 10_000})

    body = json.loads(message[message.index("] {") + 2:])
    assert len(body["details"]) == 2048
    assert body["details"].endswith(TRUNCATED)


def test_structured_data_escapes_quote_backslash_and_bracket():
    sd = structured_data("elx@32473", [("a", 'q"b\\c]d')])
    assert sd == '[elx@32473 a="q\\"b\\\\c\\]d"]'


def test_empty_structured_data_is_a_dash():
    assert structured_data("elx@32473", [("a", "")]) == "-"


def test_a_frame_counts_octets_not_characters():
    assert frame("Ә".encode()) == b"2 \xd3\x98"
