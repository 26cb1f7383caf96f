"""Typed readers of the settings of the feedback desk.

Each reader looks the setting up on every call, so tests and deployments can
change it without a reload, and fails loudly on a malformed value.
"""

import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

MIB = 1024 * 1024
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def max_file_size() -> int:
    """HELPDESK_MAX_FILE_SIZE: bytes one attachment may have (10 MiB)."""
    return _positive_int("HELPDESK_MAX_FILE_SIZE", 10 * MIB)


def max_request_size() -> int:
    """HELPDESK_MAX_REQUEST_SIZE: bytes all attachments of one message (25 MiB)."""
    return _positive_int("HELPDESK_MAX_REQUEST_SIZE", 25 * MIB)


def max_files() -> int:
    """HELPDESK_MAX_FILES: attachments one message may carry (10)."""
    return _positive_int("HELPDESK_MAX_FILES", 10)


def zip_max_uncompressed() -> int:
    """HELPDESK_ZIP_MAX_UNCOMPRESSED: declared size an office file may expand to."""
    return _positive_int("HELPDESK_ZIP_MAX_UNCOMPRESSED", 256 * MIB)


def zip_max_ratio() -> int:
    """HELPDESK_ZIP_MAX_RATIO: uncompressed over compressed size of an office file."""
    return _positive_int("HELPDESK_ZIP_MAX_RATIO", 100)


def zip_max_entries() -> int:
    """HELPDESK_ZIP_MAX_ENTRIES: members an office file may list."""
    return _positive_int("HELPDESK_ZIP_MAX_ENTRIES", 10_000)


def attachments_root() -> Path:
    """HELPDESK_ATTACHMENTS_ROOT, by default MEDIA_ROOT/attachments (never served)."""
    raw = getattr(settings, "HELPDESK_ATTACHMENTS_ROOT", None)
    if raw:
        return Path(raw)
    return Path(settings.MEDIA_ROOT) / "attachments"


def rate_limit() -> tuple[int, int]:
    """HELPDESK_RATE_LIMIT: "3/5m", messages per client address per period.

    Returns (count, seconds).
    """
    raw = getattr(settings, "HELPDESK_RATE_LIMIT", "3/5m")
    match = _RATE.match(str(raw))
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"HELPDESK_RATE_LIMIT must look like 3/5m, not {raw!r}"
        )
    count, multiplier, unit = match.groups()
    seconds = int(multiplier or 1) * _PERIOD_SECONDS[unit]
    return int(count), seconds


def lead_emails() -> list[str]:
    """HELPDESK_LEAD_EMAILS: addresses of the desk lead, told of due requests."""
    raw = getattr(settings, "HELPDESK_LEAD_EMAILS", [])
    if isinstance(raw, str):
        raw = raw.split(",")
    emails = [str(item).strip() for item in raw if str(item).strip()]
    for email in emails:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ImproperlyConfigured(
                f"HELPDESK_LEAD_EMAILS holds {email!r}, not an email address"
            ) from error
    return emails


def workday_start() -> dt.time:
    """HELPDESK_WORKDAY_START: "HH:MM" Almaty time reminders may start (09:00).

    The end of the working day is the calendar's WORKDAY_END.
    """
    raw = getattr(settings, "HELPDESK_WORKDAY_START", "09:00")
    if isinstance(raw, dt.time):
        return raw
    try:
        return dt.time.fromisoformat(str(raw).strip())
    except ValueError as error:
        raise ImproperlyConfigured(
            f"HELPDESK_WORKDAY_START must look like 09:00, not {raw!r}"
        ) from error


def site_url() -> str:
    """SITE_URL: the portal's public address for links in emails, or ""."""
    raw = str(getattr(settings, "SITE_URL", "") or "").strip()
    if raw and not raw.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"SITE_URL must start with https://, not {raw!r}")
    return raw.rstrip("/")


def _positive_int(name: str, default: int) -> int:
    raw = getattr(settings, name, default)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ImproperlyConfigured(
            f"{name} must be a positive whole number, not {raw!r}"
        )
    return raw
