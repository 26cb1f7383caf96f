"""Request counters keep the window their rate says, on every cache backend."""

import time
import uuid
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core.cache import cache
from django.core.cache.backends import db as db_cache

from core.ratelimit import rate_parse, window_usage

pytestmark = pytest.mark.django_db

BACKENDS = {
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    },
    "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The production cache; the test fails when Redis does not answer.
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    },
}


@pytest.fixture(params=sorted(BACKENDS))
def counter(request, settings):
    """A counter name no other test or process uses, in each kind of cache.

    Redis is shared with other processes, so nothing is flushed there.
    """
    settings.CACHES = {"default": BACKENDS[request.param]}
    yield f"test:{uuid.uuid4()}"
    if request.param != "redis":
        cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """Moves the time that the counters and the database cache see."""
    moment = {"now": time.time()}
    monkeypatch.setattr(time, "time", lambda: moment["now"])
    monkeypatch.setattr(db_cache, "tz_now", lambda: datetime.fromtimestamp(
        moment["now"], tz=dt_timezone.utc))

    def advance(**delta):
        moment["now"] += timedelta(**delta).total_seconds()

    return advance


def test_an_hourly_limit_still_counts_after_six_quiet_minutes(counter, clock):
    for _ in range(3):
        window_usage(counter, limit=2, seconds=3600, increment=True)

    clock(minutes=6)
    usage = window_usage(counter, limit=2, seconds=3600, increment=False)

    assert usage.count == 3 and usage.exceeded
    assert usage.seconds_left == 54 * 60


def test_a_new_window_starts_once_the_hour_is_over(counter, clock):
    for _ in range(3):
        window_usage(counter, limit=2, seconds=3600, increment=True)

    clock(minutes=61)
    usage = window_usage(counter, limit=2, seconds=3600, increment=True)

    assert usage.count == 1 and not usage.exceeded


@pytest.mark.parametrize(("rate", "parsed"), [("5/h", (5, 3600)), ("3/5m", (3, 300))])
def test_rates_are_read_as_count_per_period(rate, parsed):
    assert rate_parse(rate) == parsed
