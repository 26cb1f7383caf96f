"""Typed readers of the settings of round-the-clock operation.

Each reader looks its setting up on every call, so that tests and deployments
can change it without a reload, and fails loudly on a malformed value. A
fresh checkout runs with the defaults given here.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def health_token() -> str:
    """HEALTH_TOKEN: bearer token for the detailed health view ("" = none)."""
    return _text("HEALTH_TOKEN", "")


def metrics_token() -> str:
    """METRICS_TOKEN: bearer token for /metrics; HEALTH_TOKEN when unset."""
    return _text("METRICS_TOKEN", "") or health_token()


def metrics_allow_staff() -> bool:
    """METRICS_ALLOW_STAFF: signed-in back office may read /metrics (True)."""
    return _flag("METRICS_ALLOW_STAFF", True)


def worker_heartbeat_max_age() -> dt.timedelta:
    """WORKER_HEARTBEAT_MAX_AGE: seconds after which the worker counts as stopped."""
    return dt.timedelta(seconds=_positive_int("WORKER_HEARTBEAT_MAX_AGE", 180))


def disk_min_free_bytes() -> int:
    """HEALTH_DISK_MIN_FREE_MB: free space every data folder must keep (1024)."""
    return _positive_int("HEALTH_DISK_MIN_FREE_MB", 1024) * 1024 * 1024


def soc_max_lag() -> dt.timedelta:
    """HEALTH_SOC_MAX_LAG_MINUTES: oldest event owed to the SOC may wait (15)."""
    return dt.timedelta(minutes=_positive_int("HEALTH_SOC_MAX_LAG_MINUTES", 15))


def backup_dir() -> Path:
    """BACKUP_DIR: where backup sets are written, by default var/backups."""
    raw = getattr(settings, "BACKUP_DIR", None)
    if raw:
        return Path(raw)
    return Path(getattr(settings, "VAR_DIR", settings.BASE_DIR / "var")) / "backups"


def backup_max_age() -> dt.timedelta:
    """BACKUP_MAX_AGE_HOURS: a newer successful backup must exist (26)."""
    return dt.timedelta(hours=_positive_int("BACKUP_MAX_AGE_HOURS", 26))


def restore_check_max_age() -> dt.timedelta:
    """BACKUP_VERIFY_MAX_AGE_DAYS: a newer verified restore must exist (8)."""
    return dt.timedelta(days=_positive_int("BACKUP_VERIFY_MAX_AGE_DAYS", 8))


def backup_time() -> dt.time:
    """BACKUP_TIME: "HH:MM" Almaty time of the daily backup (02:00)."""
    return _clock("BACKUP_TIME", "02:00")


def backup_verify_weekday() -> int:
    """BACKUP_VERIFY_WEEKDAY: day of the weekly restore check, 0 = Monday (6)."""
    value = _int("BACKUP_VERIFY_WEEKDAY", 6)
    if not 0 <= value <= 6:
        raise ImproperlyConfigured(
            f"BACKUP_VERIFY_WEEKDAY must be 0 (Monday) to 6 (Sunday), not {value!r}"
        )
    return value


def backup_verify_time() -> dt.time:
    """BACKUP_VERIFY_TIME: "HH:MM" Almaty time of the weekly restore check (04:00)."""
    return _clock("BACKUP_VERIFY_TIME", "04:00")


def backup_retention() -> tuple[int, int, int]:
    """BACKUP_KEEP_DAILY, _WEEKLY, _MONTHLY: sets kept per period (7, 4, 12)."""
    return (
        _positive_int("BACKUP_KEEP_DAILY", 7),
        _int("BACKUP_KEEP_WEEKLY", 4),
        _int("BACKUP_KEEP_MONTHLY", 12),
    )


def portal_base_url() -> str:
    """PORTAL_BASE_URL: where the prober finds the running portal."""
    raw = _text("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    if not raw.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL must start with http:// or https://, not {raw!r}"
        )
    return raw


def probe_timeout() -> float:
    """PROBE_TIMEOUT: seconds one probe may wait for an answer (10)."""
    return float(_positive_int("PROBE_TIMEOUT", 10))


def probe_interval() -> dt.timedelta:
    """PROBE_INTERVAL: seconds between two rounds of probes (60).

    The worker's schedule runs the probes every minute; this tells the
    arithmetic how long one result stands for before a gap means that the
    prober itself was not running.
    """
    return dt.timedelta(seconds=_positive_int("PROBE_INTERVAL", 60))


def probe_retry_delay() -> float:
    """PROBE_RETRY_DELAY: seconds before a failed probe is tried again (3)."""
    return float(_int("PROBE_RETRY_DELAY", 3))


def probe_failures_for_incident() -> int:
    """PROBE_FAILURES_FOR_INCIDENT: failed probes in a row that open one (3)."""
    return _positive_int("PROBE_FAILURES_FOR_INCIDENT", 3)


def probe_retention() -> dt.timedelta:
    """PROBE_RETENTION_DAYS: how long probe results are kept (400)."""
    return dt.timedelta(days=_positive_int("PROBE_RETENTION_DAYS", 400))


def reference_warn_before() -> dt.timedelta:
    """REFERENCE_WARN_DAYS: readiness warns this long before reference data
    (classifiers, the working-day calendar) passes its valid-until date (45)."""
    return dt.timedelta(days=_positive_int("REFERENCE_WARN_DAYS", 45))


def classifiers_valid_until() -> dict[str, dt.date]:
    """CLASSIFIERS_VALID_UNTIL: "kato=2026-12-31,isco=2030-12-31" (none set).

    The date by which the administrator must review or reload each
    classifier edition; a list of "name=YYYY-MM-DD" items.
    """
    raw = getattr(settings, "CLASSIFIERS_VALID_UNTIL", None) or []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    found: dict[str, dt.date] = {}
    for item in (str(entry).strip() for entry in items):
        if not item:
            continue
        name, _, day = item.partition("=")
        try:
            found[name.strip().lower()] = dt.date.fromisoformat(day.strip())
        except ValueError as error:
            raise ImproperlyConfigured(
                f"CLASSIFIERS_VALID_UNTIL items look like kato=2026-12-31, "
                f"not {item!r}"
            ) from error
        if not name.strip():
            raise ImproperlyConfigured(
                f"CLASSIFIERS_VALID_UNTIL item {item!r} names no classifier"
            )
    return found


def log_incidents_enabled() -> bool:
    """LOG_INCIDENTS: errors in the logs open incidents (True)."""
    return _flag("LOG_INCIDENTS", True)


def log_incidents_per_minute() -> int:
    """LOG_INCIDENTS_PER_MINUTE: reports one process may make a minute (20)."""
    return _positive_int("LOG_INCIDENTS_PER_MINUTE", 20)


def _text(name: str, default: str) -> str:
    raw = getattr(settings, name, default)
    if raw is None:
        return default
    if not isinstance(raw, str):
        raise ImproperlyConfigured(f"{name} must be text, not {raw!r}")
    return raw.strip()


def _flag(name: str, default: bool) -> bool:
    raw = getattr(settings, name, default)
    if not isinstance(raw, bool):
        raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}")
    return raw


def _int(name: str, default: int) -> int:
    raw = getattr(settings, name, default)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number >= 0, not {raw!r}")
    return raw


def _positive_int(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a positive whole number")
    return value


def _clock(name: str, default: str) -> dt.time:
    raw = getattr(settings, name, default)
    if isinstance(raw, dt.time):
        return raw
    try:
        return dt.time.fromisoformat(str(raw).strip())
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must look like 02:00, not {raw!r}"
        ) from error
