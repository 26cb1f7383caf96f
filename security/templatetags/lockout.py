"""Template filters of the sign-in lockout page (templates/security/locked_out.html)."""

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(delta: timedelta | None) -> int:
    """Axes' cool-off as whole minutes, rounded up, for "N minutes" in a sentence."""
    if not delta:
        return 0
    return math.ceil(delta.total_seconds() / 60)
