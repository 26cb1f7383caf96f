"""A wall clock for tests that moves only when the test moves it."""

import datetime as dt

from django.utils import timezone

from core.localtime import ALMATY


class Clock:
    """Stands in for django.utils.timezone.now."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, *moment: int | dt.datetime) -> dt.datetime:
        """Go to a datetime, or to year, month, day[, hour, ...] in Almaty."""
        if len(moment) == 1 and isinstance(moment[0], dt.datetime):
            self.now = moment[0]
        else:
            self.now = dt.datetime(*moment, tzinfo=ALMATY)
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def clock_install(monkeypatch, start: dt.datetime) -> Clock:
    """Freeze timezone.now at START for the rest of the test."""
    clock = Clock(start)
    monkeypatch.setattr(timezone, "now", clock)
    return clock
