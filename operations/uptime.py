"""Availability arithmetic over recorded probe results (Rules, 4.1).

A probe result stands for the state of its function from its moment until
the next result, as long as the next one comes within two probe intervals.
A longer gap means that the prober itself was not running: that time is
unknown, neither up nor down. One failed probe followed by a success within
an interval (the prober's retry) is a blip and counts as up; two failures in
a row start an outage that lasts until the first success. Planned
maintenance windows are cut out of the timeline before anything is counted.

Availability = up / (up + down). An outage is a stretch of down time; MTTR
is the mean length of the outages, MTBF the up time divided by their number.
Everything here is plain arithmetic on lists, so that it can be tested on
made-up series without a database.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

UP, DOWN, UNKNOWN, MAINTENANCE = "up", "down", "unknown", "maintenance"
# Worst first: for the whole portal, one function down is the portal down.
_SEVERITY = {DOWN: 3, UNKNOWN: 2, UP: 1}


@dataclass(frozen=True)
class Sample:
    at: dt.datetime
    ok: bool


@dataclass(frozen=True)
class Span:
    start: dt.datetime
    end: dt.datetime
    state: str

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class Figures:
    up: float  # seconds
    down: float
    unknown: float
    maintenance: float
    outages: int
    mttr: dt.timedelta | None  # mean time to recover
    mtbf: dt.timedelta | None  # mean time between failures

    @property
    def availability(self) -> float | None:
        """Percentage of the known time that the function was up."""
        known = self.up + self.down
        if known <= 0:
            return None
        return 100.0 * self.up / known


def timeline(
    samples: Sequence[Sample],
    *,
    start: dt.datetime,
    end: dt.datetime,
    interval: dt.timedelta,
    maintenance: Iterable[tuple[dt.datetime, dt.datetime]] = (),
) -> list[Span]:
    """Return the states of one function between START and END.

    SAMPLES should include the results of up to two intervals before START,
    so that the state at START is known. The spans returned cover START to
    END without gaps or overlaps.
    """
    ordered = sorted(samples, key=lambda sample: sample.at)
    states = _states(ordered, interval)
    spans = _clip(_spans(ordered, states, end=end, interval=interval), start, end)
    spans = _filled(spans, start, end)
    windows = _windows(maintenance, start, end)
    return _merged(_with_maintenance(spans, windows))


def figures(spans: Iterable[Span]) -> Figures:
    seconds = {UP: 0.0, DOWN: 0.0, UNKNOWN: 0.0, MAINTENANCE: 0.0}
    outages: list[float] = []
    for span in _merged(list(spans)):
        seconds[span.state] += span.seconds
        if span.state == DOWN:
            outages.append(span.seconds)
    count = len(outages)
    return Figures(
        up=seconds[UP], down=seconds[DOWN], unknown=seconds[UNKNOWN],
        maintenance=seconds[MAINTENANCE], outages=count,
        mttr=dt.timedelta(seconds=sum(outages) / count) if count else None,
        mtbf=dt.timedelta(seconds=seconds[UP] / count) if count else None,
    )


def combined(timelines: Sequence[list[Span]]) -> list[Span]:
    """The whole portal: down while any function is down, then unknown, then up.

    A function under maintenance is left out at that moment; the portal is
    under maintenance only while every function is. The timelines must cover
    the same period without gaps, as timeline() returns them.
    """
    timelines = [spans for spans in timelines if spans]
    if not timelines:
        return []
    moments = sorted(
        {m for spans in timelines for s in spans for m in (s.start, s.end)}
    )
    positions = [0] * len(timelines)
    result = []
    for lower, upper in zip(moments, moments[1:], strict=False):
        states = []
        for number, spans in enumerate(timelines):
            # Skip the spans of this function that ended before LOWER.
            while (positions[number] < len(spans)
                   and spans[positions[number]].end <= lower):
                positions[number] += 1
            if positions[number] < len(spans):
                states.append(spans[positions[number]].state)
        active = [state for state in states if state != MAINTENANCE]
        state = max(active, key=_SEVERITY.__getitem__) if active else MAINTENANCE
        result.append(Span(lower, upper, state))
    return _merged(result)


def clip(spans: Iterable[Span], start: dt.datetime, end: dt.datetime) -> list[Span]:
    """The part of a timeline between START and END."""
    return _clip(list(spans), start, end)


def _states(samples: list[Sample], interval: dt.timedelta) -> list[str]:
    states = []
    for index, sample in enumerate(samples):
        if sample.ok:
            states.append(UP)
            continue
        before = samples[index - 1] if index > 0 else None
        after = samples[index + 1] if index + 1 < len(samples) else None
        lone = (before is None or before.ok) and after is not None and after.ok
        retried_soon = after is not None and after.at - sample.at <= interval
        states.append(UP if lone and retried_soon else DOWN)
    return states


def _spans(
    samples: list[Sample], states: list[str], *, end: dt.datetime,
    interval: dt.timedelta,
) -> list[Span]:
    spans = []
    longest_gap = 2 * interval
    for index, (sample, state) in enumerate(zip(samples, states, strict=True)):
        following = samples[index + 1].at if index + 1 < len(samples) else None
        if following is not None and following - sample.at <= longest_gap:
            spans.append(Span(sample.at, following, state))
            continue
        # The last result, or one followed by a gap: it stands for one
        # interval; the rest is time the prober did not see.
        stop = sample.at + interval
        if following is not None:
            stop = min(stop, following)
        elif stop > end:
            stop = max(end, sample.at)
        spans.append(Span(sample.at, stop, state))
    return [span for span in spans if span.end > span.start]


def _clip(spans: list[Span], start: dt.datetime, end: dt.datetime) -> list[Span]:
    clipped = []
    for span in spans:
        lower, upper = max(span.start, start), min(span.end, end)
        if upper > lower:
            clipped.append(Span(lower, upper, span.state))
    return clipped


def _filled(spans: list[Span], start: dt.datetime, end: dt.datetime) -> list[Span]:
    """Mark the holes between sorted, separate spans as unknown."""
    result = []
    cursor = start
    for span in spans:
        if span.start > cursor:
            result.append(Span(cursor, span.start, UNKNOWN))
        result.append(span)
        cursor = max(cursor, span.end)
    if cursor < end:
        result.append(Span(cursor, end, UNKNOWN))
    return result


def _windows(
    maintenance: Iterable[tuple[dt.datetime, dt.datetime]],
    start: dt.datetime,
    end: dt.datetime,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Clip the windows to the period and join those that overlap."""
    joined: list[tuple[dt.datetime, dt.datetime]] = []
    for lower, upper in sorted(maintenance):
        lower, upper = max(lower, start), min(upper, end)
        if upper <= lower:
            continue
        if joined and lower <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], upper))
        else:
            joined.append((lower, upper))
    return joined


def _with_maintenance(
    spans: list[Span], windows: list[tuple[dt.datetime, dt.datetime]]
) -> list[Span]:
    """Replace the parts of the spans inside the windows by maintenance."""
    result = []
    first = 0
    for span in spans:
        cursor = span.start
        while first < len(windows) and windows[first][1] <= span.start:
            first += 1
        index = first
        while index < len(windows) and windows[index][0] < span.end:
            lower, upper = windows[index]
            if lower > cursor:
                result.append(Span(cursor, lower, span.state))
            covered_to = min(upper, span.end)
            result.append(Span(max(lower, cursor), covered_to, MAINTENANCE))
            cursor = covered_to
            index += 1
        if cursor < span.end:
            result.append(Span(cursor, span.end, span.state))
    return [span for span in result if span.end > span.start]


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda item: item.start):
        if merged and merged[-1].state == span.state and merged[-1].end == span.start:
            merged[-1] = Span(merged[-1].start, span.end, span.state)
        else:
            merged.append(span)
    return merged
