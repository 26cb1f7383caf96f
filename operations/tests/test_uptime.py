"""Availability arithmetic on recorded series; times are minutes after 10:00."""

import datetime as dt

from core.localtime import ALMATY
from operations.uptime import (
    DOWN,
    MAINTENANCE,
    UNKNOWN,
    UP,
    Sample,
    Span,
    clip,
    combined,
    figures,
    timeline,
)

BASE = dt.datetime(2026, 6, 15, 10, 0, tzinfo=ALMATY)
MINUTE = dt.timedelta(minutes=1)


def at(minutes: float) -> dt.datetime:
    return BASE + dt.timedelta(minutes=minutes)


def series(pattern: str, *, every: float = 1.0) -> list[Sample]:
    """'+' a passed probe, '-' a failed one, '.' no probe, one per minute."""
    return [
        Sample(at(index * every), char == "+")
        for index, char in enumerate(pattern)
        if char != "."
    ]


def states(spans: list[Span]) -> list[tuple[float, float, str]]:
    return [
        ((s.start - BASE).total_seconds() / 60, (s.end - BASE).total_seconds() / 60,
         s.state)
        for s in spans
    ]


def line(pattern: str, maintenance=(), end=None):
    return timeline(
        series(pattern), start=at(0), end=at(end if end is not None else len(pattern)),
        interval=MINUTE, maintenance=maintenance,
    )


def test_a_steady_series_is_all_up():
    result = figures(line("++++++++++"))

    assert result.up == 600
    assert result.availability == 100.0
    assert result.outages == 0
    assert result.mttr is None and result.mtbf is None


def test_one_failure_followed_by_success_within_the_retry_is_a_blip():
    samples = series("+++++") + [Sample(at(5), False), Sample(at(5.05), True)]
    samples += [Sample(at(minute), True) for minute in range(6, 10)]

    spans = timeline(samples, start=at(0), end=at(10), interval=MINUTE)

    assert states(spans) == [(0, 10, UP)]
    assert figures(spans).outages == 0


def test_two_failures_in_a_row_are_an_outage_until_the_first_success():
    spans = line("+++--++++++")

    assert states(spans) == [(0, 3, UP), (3, 5, DOWN), (5, 11, UP)]
    result = figures(spans)
    assert result.outages == 1
    assert result.down == 120
    assert result.mttr == dt.timedelta(minutes=2)
    assert result.mtbf == dt.timedelta(minutes=9)
    assert round(result.availability, 4) == round(100 * 9 / 11, 4)


def test_mttr_and_mtbf_over_two_outages():
    result = figures(line("++---+++++-----+++++"))

    assert result.outages == 2
    assert result.down == (3 + 5) * 60
    assert result.mttr == dt.timedelta(minutes=4)
    assert result.mtbf == dt.timedelta(minutes=12 / 2)


def test_time_without_the_prober_is_unknown_not_downtime():
    spans = line("+++......+++")

    # The result of minute 2 stands for one minute; minutes 3 to 8 unseen.
    assert states(spans) == [(0, 3, UP), (3, 9, UNKNOWN), (9, 12, UP)]
    result = figures(spans)
    assert result.unknown == 360
    assert result.down == 0
    assert result.availability == 100.0


def test_a_failure_before_the_prober_stopped_is_down_only_for_its_interval():
    spans = line("++--......++")

    assert states(spans) == [(0, 2, UP), (2, 4, DOWN), (4, 10, UNKNOWN), (10, 12, UP)]


def test_planned_maintenance_is_neither_up_nor_down():
    spans = line("+++------+++", maintenance=[(at(3), at(9))])

    assert states(spans) == [(0, 3, UP), (3, 9, MAINTENANCE), (9, 12, UP)]
    result = figures(spans)
    assert result.maintenance == 360
    assert result.outages == 0
    assert result.availability == 100.0


def test_an_outage_that_outlasts_maintenance_counts_only_outside_it():
    spans = line("++--------++", maintenance=[(at(2), at(6))])

    assert states(spans) == [
        (0, 2, UP), (2, 6, MAINTENANCE), (6, 10, DOWN), (10, 12, UP),
    ]
    assert figures(spans).down == 240


def test_maintenance_covers_time_the_prober_did_not_see():
    spans = line("++........++", maintenance=[(at(1), at(11))])

    assert states(spans) == [(0, 1, UP), (1, 11, MAINTENANCE), (11, 12, UP)]


def test_overlapping_windows_are_counted_once():
    spans = line("++++++++++", maintenance=[(at(2), at(5)), (at(4), at(7))])

    assert figures(spans).maintenance == 300


def test_a_period_before_the_first_probe_is_unknown():
    spans = timeline(series("..+++"), start=at(0), end=at(5), interval=MINUTE)

    assert states(spans) == [(0, 2, UNKNOWN), (2, 5, UP)]


def test_nothing_known_gives_no_availability():
    result = figures(timeline([], start=at(0), end=at(10), interval=MINUTE))

    assert result.availability is None
    assert result.unknown == 600


def test_the_portal_is_down_while_any_function_is_down():
    search = line("++--++++")
    home = line("++++++--")

    assert states(combined([search, home])) == [(0, 2, UP), (2, 4, DOWN),
                                                (4, 6, UP), (6, 8, DOWN)]


def test_the_portal_ignores_a_function_under_its_own_maintenance():
    search = line("++----++", maintenance=[(at(2), at(6))])
    home = line("+++..+++")

    assert states(combined([search, home])) == [(0, 3, UP), (3, 5, UNKNOWN), (5, 8, UP)]


def test_a_day_is_cut_out_of_a_longer_timeline():
    spans = line("+++--+++++")

    assert states(clip(spans, at(4), at(7))) == [(4, 5, DOWN), (5, 7, UP)]
