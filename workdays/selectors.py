"""Reads of the working-day calendar and the term of N working days.

A day is a working day when the CalendarDay table says so; without a row, the
`holidays` package decides: Monday to Friday that is not a day off, plus any
Saturday or Sunday that a government decree made a working day. The package
already moves a holiday that falls on a weekend to the next working day,
except Orthodox Christmas and Kurban Ait, as the Labour Code requires.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from core.localtime import ALMATY
from workdays.conf import workday_end
from workdays.models import CalendarDay, DayKind
from workdays.package import (
    package_holiday_name,
    package_is_working_day,
    package_version,
    package_year,
)

logger = logging.getLogger(__name__)

# Longer than any run of days off a decree can make; a longer run means the
# table was filled by mistake, and an endless loop would hang the caller.
MAX_DAYS_OFF_IN_A_ROW = 366
# Callers store calendar_version() beside each due moment in a column this wide.
CALENDAR_VERSION_MAX_LENGTH = 64


@dataclass(frozen=True)
class ProvisionalDay:
    date: dt.date
    name: str  # the holiday's name, or the table row's reason
    origin: str  # "package": an estimate of the package; "table": a row


class _Calendar:
    """The calendar for one computation: table rows read once per year."""

    def __init__(self) -> None:
        self._overrides: dict[int, dict[dt.date, bool]] = {}

    def is_working_day(self, day: dt.date) -> bool:
        override = self._year(day.year).get(day)
        if override is not None:
            return override
        return package_is_working_day(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        candidate = day
        for _ in range(MAX_DAYS_OFF_IN_A_ROW):
            candidate += dt.timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        logger.error("no working day within a year after %s", day.isoformat())
        raise RuntimeError(
            f"The calendar has no working day within a year after {day.isoformat()}"
        )

    def _year(self, year: int) -> dict[dt.date, bool]:
        if year not in self._overrides:
            rows = CalendarDay.objects.filter(date__year=year).values_list(
                "date", "kind"
            )
            self._overrides[year] = {
                day: kind == DayKind.WORKING_DAY for day, kind in rows
            }
        return self._overrides[year]


def is_working_day(day: dt.date) -> bool:
    return _Calendar().is_working_day(_plain_date(day))


def next_working_day(day: dt.date) -> dt.date:
    """Return the first working day after DAY (DAY itself never counts)."""
    return _Calendar().next_working_day(_plain_date(day))


def add_working_days(day: dt.date, n: int) -> dt.date:
    """Return the N-th working day after DAY; DAY itself for N == 0."""
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    calendar = _Calendar()
    current = _plain_date(day)
    for _ in range(n):
        current = calendar.next_working_day(current)
    return current


def term_due(received_at: dt.datetime, *, working_days: int = 3) -> dt.datetime:
    """Return the end of a term of WORKING_DAYS working days from receipt.

    Paragraph 7 of the Rules gives a feedback request three working days.
    Terms in days run from the day after the day of receipt (the day of
    receipt is not counted) and end at the end of the administrator's working
    day (WORKDAY_END) on the last working day of the term. The day of receipt
    is the date in Almaty: 00:30 in Almaty is still the previous day in UTC.
    """
    if timezone.is_naive(received_at):
        raise ValueError("received_at must be timezone-aware")
    if working_days < 1:
        raise ValueError(f"working_days must be at least 1, got {working_days}")

    receipt_day = received_at.astimezone(ALMATY).date()
    due_day = add_working_days(receipt_day, working_days)
    return dt.datetime.combine(due_day, workday_end(), tzinfo=ALMATY)


def _plain_date(day: dt.date) -> dt.date:
    # A datetime is a date to Python, but its UTC date may be the wrong day;
    # the caller must say which local date it means.
    if isinstance(day, dt.datetime):
        raise TypeError(
            "pass a date, not a datetime: use .astimezone(ALMATY).date() "
            "or term_due()"
        )
    return day


def calendar_version() -> str:
    """Name the calendar that computes terms now; store it with a due moment.

    It changes whenever a table row is added, removed or changes kind, and
    when the `holidays` package is upgraded; the same content gives the same
    version, so a reverted mistake does not look like a new calendar.
    """
    digest = hashlib.sha256()
    count = 0
    rows = CalendarDay.objects.order_by("date").values_list("date", "kind")
    for day, kind in rows.iterator():
        digest.update(f"{day.isoformat()}={kind};".encode())
        count += 1
    return f"holidays-{package_version()}+table-{count}-{digest.hexdigest()[:12]}"


def provisional_days(year: int) -> list[ProvisionalDay]:
    """List the days of YEAR that no administrator has confirmed yet.

    These are the package's estimated Islamic holidays (Kurban Ait) without a
    confirmed table row on that date, and table rows not yet confirmed.
    """
    estimated = package_year(year).estimated
    rows = CalendarDay.objects.filter(date__year=year)
    confirmed = set(rows.filter(confirmed=True).values_list("date", flat=True))
    language = get_language() or "kk"

    days = [
        ProvisionalDay(
            date=day,
            name=package_holiday_name(day, language=language) or "",
            origin="package",
        )
        for day in estimated - confirmed
    ]
    days += [
        ProvisionalDay(date=row.date, name=row.reason, origin="table")
        for row in rows.filter(confirmed=False).exclude(date__in=estimated)
    ]
    return sorted(days, key=lambda provisional: provisional.date)


def calendar_covers(year: int) -> bool:
    """Tell whether the administrator has settled the calendar of YEAR.

    A year is covered once it has at least one confirmed table row (the
    decree on transfers of days off for the year, or a row that records that
    the year has none) and nothing in it is provisional.
    """
    has_confirmed = CalendarDay.objects.filter(
        date__year=year, confirmed=True
    ).exists()
    return has_confirmed and not provisional_days(year)
