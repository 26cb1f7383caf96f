"""Bars of daily availability, drawn as inline SVG by the templates.

No JavaScript: the geometry is computed here and the template writes one
<rect> per day, each with a <title> that screen readers and tooltips show.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from operations.selectors import DayFigures

BAR_WIDTH = 8
BAR_GAP = 2
CHART_HEIGHT = 40
# The scale starts at 90 %: below that every bar would look equally empty.
FLOOR = 90.0
COLOURS = {
    "good": "#2e7d32",  # at least 99.9 %
    "fair": "#f9a825",  # at least 99 %
    "poor": "#c62828",
    "none": "#9e9e9e",  # nothing known that day
}


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    summary: str


def availability_chart(days: list[DayFigures]) -> Chart:
    bars = [_bar(index, item) for index, item in enumerate(days)]
    known = [item.figures.availability for item in days
             if item.figures.availability is not None]
    if known:
        summary = _("Lowest daily availability: %(value)s") % {
            "value": availability_text(min(known))
        }
    else:
        summary = _("Nothing was measured in this period.")
    return Chart(
        width=len(days) * (BAR_WIDTH + BAR_GAP), height=CHART_HEIGHT, bars=bars,
        summary=summary,
    )


def _bar(index: int, item: DayFigures) -> Bar:
    value = item.figures.availability
    day = date_format(item.day, "SHORT_DATE_FORMAT")
    if value is None:
        height, colour = CHART_HEIGHT, COLOURS["none"]
        title = _("%(day)s: not measured") % {"day": day}
    else:
        share = max(value - FLOOR, 0.0) / (100.0 - FLOOR)
        height = max(2, round(share * CHART_HEIGHT))
        colour = COLOURS["good" if value >= 99.9 else "fair" if value >= 99 else "poor"]
        title = _("%(day)s: %(value)s available") % {
            "day": day, "value": availability_text(value)
        }
        if item.figures.outages:
            title += " · " + _("outages: %(count)s") % {"count": item.figures.outages}
    return Bar(
        x=index * (BAR_WIDTH + BAR_GAP), y=CHART_HEIGHT - height, height=height,
        colour=colour, title=title,
    )


def availability_text(value: float) -> str:
    """Write a percentage of availability as every page shows it: 99,95 %.

    Two decimals with the language's decimal mark, cut rather than rounded,
    so that a day with any downtime never reads as 100 %.
    """
    cut = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    number = number_format(cut, decimal_pos=2)
    # The sign is spaced as each language writes it ("99.95%", "99,95 %").
    return _("%(number)s%%") % {"number": number}


def legend() -> list[tuple[str, str]]:
    """(colour class, text) of each colour of the bars, and of the height."""
    return [
        ("good", _("at least %(value)s") % {"value": availability_text(99.9)}),
        ("fair", _("at least %(value)s") % {"value": availability_text(99)}),
        ("poor", _("below %(value)s") % {"value": availability_text(99)}),
        ("none", _("not measured")),
    ]


def legend_height_note() -> str:
    return _(
        "The height of a bar shows the day's availability from %(floor)s "
        "to %(full)s."
    ) % {"floor": availability_text(FLOOR), "full": availability_text(100)}
