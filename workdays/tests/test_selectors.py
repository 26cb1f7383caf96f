"""The three-working-day term of paragraph 7 on Kazakhstan's real calendar.

Each expected date below was worked out by hand: the day of receipt (its date
in Almaty) is not counted, then working days are counted one by one, and the
term ends at 18:00 Almaty on the third one. The reasoning is beside each case.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings

from core.localtime import ALMATY
from workdays.models import DayKind
from workdays.selectors import (
    add_working_days,
    is_working_day,
    next_working_day,
    term_due,
)
from workdays.services import calendar_day_set

CASES_FILE = Path(settings.BASE_DIR).parent / "shared" / "cases" / "working_days.json"
FIELD_CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def almaty(*args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ALMATY, fold=fold)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.timezone.utc)


def due_at(year: int, month: int, day: int) -> dt.datetime:
    return almaty(year, month, day, 18, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("case", FIELD_CASES, ids=[c["received"] for c in FIELD_CASES])
def test_it_meets_every_field_case(case):
    received = dt.datetime.fromisoformat(case["received"].replace("Z", "+00:00"))
    expected = dt.datetime.fromisoformat(case["due"])

    assert term_due(received) == expected, case["why"]


HAND_CASES = [
    # Thu 2 May 2024. Fri 3 (1); Sat 4 was a working day by decree (2);
    # Sun 5 off; Mon 6 (3). (7 Defender's Day, 8 off for the 4th, 9 Victory.)
    pytest.param(almaty(2024, 5, 2, 10), due_at(2024, 5, 6), id="decreed-saturday"),
    # Fri 21 March 2025, Nauryz. Sat 22 and Sun 23 are Nauryz on a weekend,
    # moved to Mon 24 and Tue 25. Wed 26 (1), Thu 27 (2), Fri 28 (3).
    pytest.param(almaty(2025, 3, 21, 18), due_at(2025, 3, 28), id="nauryz-2025"),
    # 19:30 UTC on 31 March is 00:30 on Tue 1 April in Almaty, so 1 April is
    # the day of receipt. Wed 2 (1), Thu 3 (2), Fri 4 (3).
    pytest.param(utc(2025, 3, 31, 19, 30), due_at(2025, 4, 4), id="utc-evening"),
    # A second before midnight on Thu 3 April 2025: Fri 4 (1), Mon 7 (2),
    # Tue 8 (3).
    pytest.param(
        almaty(2025, 4, 3, 23, 59, 59), due_at(2025, 4, 8), id="last-second-of-day"
    ),
    # Midnight starts Fri 4 April as the day of receipt: Mon 7 (1), Tue 8 (2),
    # Wed 9 (3).
    pytest.param(almaty(2025, 4, 4, 0, 0), due_at(2025, 4, 9), id="midnight"),
    # Sat 15 November 2025, an ordinary weekend: Mon 17 (1), Tue 18 (2),
    # Wed 19 (3).
    pytest.param(almaty(2025, 11, 15, 11), due_at(2025, 11, 19), id="saturday"),
    # Sun 16 June 2024 was Kurban Ait; a religious holiday on a weekend is
    # not moved, so Mon 17 is a working day (1), Tue 18 (2), Wed 19 (3).
    pytest.param(almaty(2024, 6, 16, 9), due_at(2024, 6, 19), id="kurban-on-sunday"),
    # 23:30 on Thu 29 February 2024 happened twice: at 00:00 on 1 March
    # Almaty moved from UTC+6 back to UTC+5. Both are 29 February: Fri 1
    # March (1), Mon 4 (2), Tue 5 (3).
    pytest.param(almaty(2024, 2, 29, 23, 30), due_at(2024, 3, 5), id="leap-day-+06"),
    pytest.param(
        almaty(2024, 2, 29, 23, 30, fold=1), due_at(2024, 3, 5), id="leap-day-+05"
    ),
    pytest.param(utc(2024, 2, 29, 17, 30), due_at(2024, 3, 5), id="leap-day-17:30Z"),
    pytest.param(utc(2024, 2, 29, 18, 30), due_at(2024, 3, 5), id="leap-day-18:30Z"),
    # 19:30 UTC on 29 February is already 00:30 on Fri 1 March in Almaty:
    # Mon 4 (1), Tue 5 (2), Wed 6 (3).
    pytest.param(utc(2024, 2, 29, 19, 30), due_at(2024, 3, 6), id="leap-day-19:30Z"),
    # Tue 31 December 2024. 1 and 2 January are New Year; Fri 3 was off in
    # exchange for Sun 5, a working day (1); Mon 6 (2); Tue 7 is Orthodox
    # Christmas; Wed 8 (3).
    pytest.param(almaty(2024, 12, 31, 15), due_at(2025, 1, 8), id="new-year-2025"),
    # Fri 30 December 2022. New Year fell on Sun 1 January 2023, moved to Tue
    # 3; Mon 2 is New Year's second day. Wed 4 (1), Thu 5 (2), Fri 6 (3).
    pytest.param(almaty(2022, 12, 30, 12), due_at(2023, 1, 6), id="new-year-2023"),
    # Thu 5 January 2023. Fri 6 (1); Orthodox Christmas on Sat 7 is not
    # moved, so Mon 9 works (2); Tue 10 (3).
    pytest.param(almaty(2023, 1, 5, 12), due_at(2023, 1, 10), id="christmas-on-sat"),
    # Fri 5 January 2024; Christmas on Sun 7 is not moved: Mon 8 (1),
    # Tue 9 (2), Wed 10 (3).
    pytest.param(almaty(2024, 1, 5, 12), due_at(2024, 1, 10), id="christmas-on-sun"),
    # Wed 20 March 2024. Nauryz Thu 21, Fri 22, Sat 23 moved to Mon 25.
    # Tue 26 (1), Wed 27 (2), Thu 28 (3).
    pytest.param(almaty(2024, 3, 20, 12), due_at(2024, 3, 28), id="nauryz-2024"),
    # Wed 6 May 2026. Thu 7 Defender's Day; Fri 8 (1); Victory Day on Sat 9
    # moves to Mon 11; Tue 12 (2), Wed 13 (3).
    pytest.param(almaty(2026, 5, 6, 12), due_at(2026, 5, 13), id="victory-day-2026"),
    # Fri 13 December 2024. Independence Day Mon 16; Tue 17 (1), Wed 18 (2),
    # Thu 19 (3).
    pytest.param(almaty(2024, 12, 13, 12), due_at(2024, 12, 19), id="dec-16-monday"),
    # Fri 15 December 2023. Independence Day on Sat 16 moves to Mon 18;
    # Tue 19 (1), Wed 20 (2), Thu 21 (3).
    pytest.param(almaty(2023, 12, 15, 12), due_at(2023, 12, 21), id="dec-16-saturday"),
    # Tue 26 May 2026. Kurban Ait, estimated by the package for Wed 27;
    # Thu 28 (1), Fri 29 (2), Mon 1 June (3).
    pytest.param(almaty(2026, 5, 26, 12), due_at(2026, 6, 1), id="kurban-2026"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("received, expected", HAND_CASES)
def test_it_ends_the_term_on_the_third_working_day_after_receipt(received, expected):
    assert term_due(received) == expected


@pytest.mark.django_db
def test_it_lets_the_table_make_a_package_day_off_a_working_day():
    # The observed Nauryz Monday 24 March 2025 made working: receipt Fri 21,
    # Mon 24 (1), Tue 25 still off, Wed 26 (2), Thu 27 (3).
    calendar_day_set(
        day=dt.date(2025, 3, 24), kind=DayKind.WORKING_DAY, reason="Test decree"
    )

    assert term_due(almaty(2025, 3, 21, 18)) == due_at(2025, 3, 27)


@pytest.mark.django_db
def test_it_lets_the_table_make_a_working_day_a_day_off():
    # Wed 2 April 2025 made a day off: receipt Tue 1, Thu 3 (1), Fri 4 (2),
    # Mon 7 (3).
    calendar_day_set(day=dt.date(2025, 4, 2), kind=DayKind.DAY_OFF, reason="Test")

    assert term_due(utc(2025, 3, 31, 19, 30)) == due_at(2025, 4, 7)


@pytest.mark.django_db
def test_it_lets_the_table_make_a_saturday_a_working_day():
    # Sat 29 March 2025 made working: receipt Wed 26, Thu 27 (1), Fri 28 (2),
    # Sat 29 (3).
    calendar_day_set(
        day=dt.date(2025, 3, 29), kind=DayKind.WORKING_DAY, reason="Test decree"
    )

    assert term_due(almaty(2025, 3, 26, 12)) == due_at(2025, 3, 29)


@pytest.mark.django_db
def test_it_lets_the_table_cancel_a_decreed_working_saturday():
    # Sat 4 May 2024 made a day off again: receipt Thu 2, Fri 3 (1), Mon 6
    # (2), Tue 7 to Thu 9 off, Fri 10 (3).
    calendar_day_set(day=dt.date(2024, 5, 4), kind=DayKind.DAY_OFF, reason="Test")

    assert term_due(almaty(2024, 5, 2, 10)) == due_at(2024, 5, 10)


@pytest.mark.django_db
def test_it_lets_the_table_move_an_estimated_kurban_ait():
    # Wed 27 May 2026 made working: receipt Tue 26, Wed 27 (1), Thu 28 (2),
    # Fri 29 (3).
    calendar_day_set(
        day=dt.date(2026, 5, 27), kind=DayKind.WORKING_DAY, reason="Kurban Ait moved"
    )

    assert term_due(almaty(2026, 5, 26, 12)) == due_at(2026, 5, 29)


@pytest.mark.django_db
def test_it_ends_the_term_at_the_configured_end_of_the_working_day(settings):
    settings.WORKDAY_END = "17:30"

    due = term_due(almaty(2025, 4, 1, 9))

    assert due == almaty(2025, 4, 4, 17, 30)
    assert due.astimezone(dt.timezone.utc) == utc(2025, 4, 4, 12, 30)


@pytest.mark.django_db
def test_it_counts_a_longer_term_across_holidays():
    # Thu 20 March 2025 + 5: Fri 21 to Tue 25 off (Nauryz), Wed 26 (1),
    # Thu 27 (2), Fri 28 (3), Mon 31 (4), Tue 1 April (5).
    assert term_due(almaty(2025, 3, 20, 9), working_days=5) == due_at(2025, 4, 1)


@pytest.mark.django_db
def test_it_reads_the_table_once_per_year_for_a_term(django_assert_num_queries):
    with django_assert_num_queries(1):
        term_due(almaty(2025, 3, 21, 18))
    # Mon 30 December 2024: Tue 31 (1), then 2025: Sun 5 January (2), Mon 6
    # (3). One query for 2024 and one for 2025.
    with django_assert_num_queries(2):
        due = term_due(almaty(2024, 12, 30, 15))
    assert due == due_at(2025, 1, 6)


def test_it_refuses_a_naive_receipt_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        term_due(dt.datetime(2025, 4, 1, 9))


def test_it_refuses_a_term_of_no_working_days():
    with pytest.raises(ValueError, match="at least 1"):
        term_due(almaty(2025, 4, 1, 9), working_days=0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2024, 5, 4), True),  # Saturday, working by decree
        (dt.date(2024, 5, 8), False),  # Wednesday, off in exchange for it
        (dt.date(2025, 1, 5), True),  # Sunday, working by decree
        (dt.date(2025, 1, 3), False),  # Friday, off in exchange for it
        (dt.date(2024, 1, 7), False),  # Orthodox Christmas on a Sunday
        (dt.date(2024, 1, 8), True),  # ... is not moved to Monday
        (dt.date(2024, 6, 17), True),  # Kurban Ait on Sunday is not moved
        (dt.date(2025, 3, 24), False),  # Nauryz on Saturday, moved
        (dt.date(2023, 12, 18), False),  # Independence Day on Saturday, moved
        (dt.date(2025, 4, 1), True),  # an ordinary Tuesday
        (dt.date(2025, 4, 5), False),  # an ordinary Saturday
    ],
)
def test_it_knows_the_working_days_of_kazakhstan(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.django_db
def test_it_prefers_the_table_over_the_package_for_one_day():
    calendar_day_set(day=dt.date(2024, 5, 4), kind=DayKind.DAY_OFF, reason="Test")
    calendar_day_set(
        day=dt.date(2024, 5, 8), kind=DayKind.WORKING_DAY, reason="Test"
    )

    assert is_working_day(dt.date(2024, 5, 4)) is False
    assert is_working_day(dt.date(2024, 5, 8)) is True


@pytest.mark.django_db
def test_it_finds_the_next_working_day_after_a_long_weekend():
    assert next_working_day(dt.date(2025, 3, 20)) == dt.date(2025, 3, 26)
    assert next_working_day(dt.date(2025, 3, 26)) == dt.date(2025, 3, 27)


@pytest.mark.django_db
def test_it_adds_working_days_without_counting_the_start():
    assert add_working_days(dt.date(2024, 5, 2), 3) == dt.date(2024, 5, 6)
    assert add_working_days(dt.date(2024, 5, 5), 0) == dt.date(2024, 5, 5)


def test_it_refuses_a_moment_where_a_calendar_date_is_meant():
    with pytest.raises(TypeError, match="not a datetime"):
        is_working_day(utc(2025, 3, 31, 19, 30))


def test_it_refuses_to_add_a_negative_number_of_working_days():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(dt.date(2024, 5, 2), -1)
