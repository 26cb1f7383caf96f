"""Typed readers of the settings that the working-day calendar uses."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_WORKDAY_END = dt.time(18, 0)


def workday_end() -> dt.time:
    """Return the end of the administrator's working day, Almaty wall time.

    settings.WORKDAY_END may be "HH:MM" or a naive datetime.time; it is read
    on each call so that tests and deployments can change it without reload.
    """
    raw = getattr(settings, "WORKDAY_END", DEFAULT_WORKDAY_END)
    if isinstance(raw, dt.time):
        value = raw
    elif isinstance(raw, str):
        value = _parse_time(raw)
    else:
        raise ImproperlyConfigured(
            f"WORKDAY_END must be 'HH:MM' or a datetime.time, not {raw!r}"
        )
    if value.tzinfo is not None:
        raise ImproperlyConfigured(
            "WORKDAY_END is Almaty wall time and must not carry a time zone"
        )
    return value


def _parse_time(raw: str) -> dt.time:
    try:
        return dt.time.fromisoformat(raw.strip())
    except ValueError as error:
        raise ImproperlyConfigured(
            f"WORKDAY_END must look like 18:00, not {raw!r}"
        ) from error
