"""Local time of the portal: Asia/Almaty, UTC+5 since 2024-03-01."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

ALMATY = ZoneInfo("Asia/Almaty")
EXPECTED_OFFSET = dt.timedelta(hours=5)


def assert_almaty_offset() -> None:
    """Refuse to run on zone data older than Kazakhstan's move to UTC+5."""
    probe = dt.datetime(2024, 6, 1, 12, 0, tzinfo=ALMATY)
    offset = probe.utcoffset()
    if offset != EXPECTED_OFFSET:
        raise ImproperlyConfigured(
            f"Asia/Almaty is {offset} on 2024-06-01 in this Python's zone data; "
            "Kazakhstan has been on UTC+05:00 since 2024-03-01. Install a current "
            "tzdata package."
        )


def local_now() -> dt.datetime:
    return timezone.now().astimezone(ALMATY)


def local_today() -> dt.date:
    return local_now().date()


def end_of_local_day(day: dt.date) -> dt.datetime:
    """Return the last instant of DAY in Almaty (23:59:59.999999)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=ALMATY)
