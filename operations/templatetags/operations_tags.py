"""Template filters of the operations pages."""

import datetime as dt

from django import template
from django.utils.translation import gettext

from operations.charts import availability_text, legend, legend_height_note

register = template.Library()


@register.inclusion_tag("operations/_legend.html")
def availability_legend() -> dict[str, object]:
    """The colours of the daily bars, explained in the page's language."""
    return {"items": legend(), "height_note": legend_height_note()}


@register.filter
def availability(value: float | None) -> str:
    """Write a percentage of availability as the whole portal does."""
    if value is None:
        return gettext("not measured")
    return availability_text(value)


@register.filter
def duration(value: dt.timedelta | float | int | None) -> str:
    """Write a length of time (a timedelta or seconds) as "2 h 5 min"."""
    if value is None:
        return "—"
    seconds = int(
        value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
    )
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return gettext("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return gettext("%(hours)s h %(minutes)s min") % {
            "hours": hours, "minutes": minutes
        }
    if minutes:
        return gettext("%(minutes)s min %(seconds)s s") % {
            "minutes": minutes, "seconds": seconds
        }
    return gettext("%(seconds)s s") % {"seconds": seconds}
