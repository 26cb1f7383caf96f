"""Log lines for operators, and errors in the logs as incidents.

- RequestIdFilter puts the current request id on every record.
- PlainFormatter and JsonFormatter (LOG_FORMAT=json) write one line per
  record: a value a user typed cannot start a forged line, because CR, LF and
  other control characters in the message are escaped (JSON escapes them
  anyway) and the lines of a traceback are indented.
- IncidentLogHandler is source 4 of paragraph 6 of the Rules ("system logs
  ... indicating the occurrence of a technical failure"): ERROR and CRITICAL
  records, unhandled exceptions among them, are grouped by fingerprint and
  reported to the failure registry without a flood.

The logging configuration imports this module before the apps are loaded,
so models are imported inside functions only.
"""

import datetime as dt
import hashlib
import json
import logging
import re
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from operations.requestid import current_request_id

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys()
    | {"message", "asctime", "request_id"}
)


def escape(text: str) -> str:
    """Return TEXT with line breaks and control characters made visible."""
    text = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
    text = text.replace("\t", "\\t")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class RefusalFilter(logging.Filter):
    """Keep a refusal the code meant to one line: no traceback.

    Django logs every 403 as a warning with the PermissionDenied that a view
    raised to say "not for your role", traceback included. That is an
    answer, not a fault; its line (path, request id) stays, its traceback,
    a dozen lines per refusal, does not.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from django.core.exceptions import PermissionDenied

        if (
            getattr(record, "status_code", None) == 403
            and record.exc_info
            and isinstance(record.exc_info[1], PermissionDenied)
        ):
            record.exc_info = None
            record.exc_text = None
        return True


class PlainFormatter(logging.Formatter):
    """The classic one-line format, with user input unable to break lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802
        record.message = escape(record.message)
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return super().formatMessage(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802
        # An exception's text may quote user input; indenting every line of
        # the traceback keeps a forged "2026-... ERROR" line recognisable.
        text = super().formatException(ei)
        return "\n".join("    " + line for line in text.splitlines())


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the context as fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
            "module": record.module,
            "line": record.lineno,
        }
        entry.update(_extra_fields(record))
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc_type"] = record.exc_info[0].__name__
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    # Context passed with extra={...}: plain values only; an object such as
    # django.request's HttpRequest is not serialised.
    return {
        key: value
        for key, value in vars(record).items()
        if key not in _STANDARD_ATTRIBUTES
        and isinstance(value, str | int | float | bool | type(None))
    }


# --- Errors in the logs as incidents ------------------------------------------

# Loggers whose errors must not be reported from here: the registry's own
# (a failure to report would report itself), this module's, and the SQL
# echo of the database layer.
_SKIPPED_LOGGERS = ("incidents", "operations.logs", "django.db.backends")
_SAME_FINGERPRINT_INTERVAL = 60.0
_NUMBERS = re.compile(r"\b0x[0-9a-f]+\b|\b[0-9a-f]{8,}\b|\d+", re.IGNORECASE)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
TITLE_LENGTH = 180
DESCRIPTION_LENGTH = 4000


class IncidentLogHandler(logging.Handler):
    """Open or update an incident (source "system_log") per error fingerprint.

    One incident per fingerprint while it is open: incident_report adds an
    occurrence instead of a second one. The handler itself reports one
    fingerprint at most once a minute and at most LOG_INCIDENTS_PER_MINUTE
    reports a minute in all, never recurses and never raises.
    """

    def __init__(self, level: int = logging.ERROR) -> None:
        super().__init__(level)
        self._local = threading.local()
        self._guard = threading.Lock()
        self._last_report: dict[str, float] = {}
        self._window_start = 0.0
        self._window_count = 0
        self.dropped = 0

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self._local, "busy", False) or _skipped(record):
            return
        self._local.busy = True
        try:
            self._emit(record)
        except Exception:  # noqa: BLE001
            # A logging handler must never break the code that logs, and it
            # cannot log its own failure without recursing: count and go on.
            self.dropped += 1
        finally:
            self._local.busy = False

    def _emit(self, record: logging.LogRecord) -> None:
        from django.apps import apps

        if not apps.ready:
            return
        from operations import conf

        if not conf.log_incidents_enabled():
            return
        fingerprint = record_fingerprint(record)
        if not self._admit(fingerprint, conf.log_incidents_per_minute()):
            self.dropped += 1
            return
        report = _report_arguments(record, fingerprint)
        _report_when_safe(report)

    def _admit(self, fingerprint: str, per_minute: int) -> bool:
        now = time.monotonic()
        with self._guard:
            last = self._last_report.get(fingerprint)
            if last is not None and now - last < _SAME_FINGERPRINT_INTERVAL:
                return False
            if now - self._window_start >= 60.0:
                self._window_start, self._window_count = now, 0
            if self._window_count >= per_minute:
                return False
            self._window_count += 1
            self._last_report[fingerprint] = now
            if len(self._last_report) > 10_000:
                self._last_report.clear()
            return True


def _skipped(record: logging.LogRecord) -> bool:
    # A caller that reports its failure to the registry itself says so with
    # extra={"incident_reported": True}; a second incident would be noise.
    if getattr(record, "incident_reported", False):
        return True
    return any(
        record.name == name or record.name.startswith(name + ".")
        for name in _SKIPPED_LOGGERS
    )


def record_fingerprint(record: logging.LogRecord) -> str:
    """Name what a record is about, the same for every repeat of one failure.

    Logger, exception type and place (the innermost frame of the portal's
    own code, else the logging call) and the message with its numbers,
    identifiers and quoted values blanked out.
    """
    parts = [record.name, _exception_type(record), _location(record)]
    parts.append(normalise_message(record))
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
    return f"log:{record.name[:100]}:{digest}"


def normalise_message(record: logging.LogRecord) -> str:
    # With %-style arguments the template itself is the stable part.
    template = str(record.msg) if record.args else record.getMessage()
    template = _QUOTED.sub("'…'", template)
    return _NUMBERS.sub("#", template)[:300]


def _exception_type(record: logging.LogRecord) -> str:
    if record.exc_info and record.exc_info[0] is not None:
        kind = record.exc_info[0]
        return f"{kind.__module__}.{kind.__qualname__}"
    return ""


def _location(record: logging.LogRecord) -> str:
    if record.exc_info and record.exc_info[2] is not None:
        frames = traceback.extract_tb(record.exc_info[2])
        own = [frame for frame in frames if _is_own_code(frame.filename)]
        frame = (own or frames)[-1]
        return f"{_short_path(frame.filename)}:{frame.name}"
    return f"{record.module}:{record.funcName}"


def _is_own_code(filename: str) -> bool:
    return "site-packages" not in filename and "/lib/python" not in filename


def _short_path(filename: str) -> str:
    # Line numbers and absolute paths change with every deployment; the
    # module's last two path parts do not.
    return "/".join(Path(filename).parts[-2:])


def _report_arguments(record: logging.LogRecord, fingerprint: str) -> dict[str, Any]:
    message = escape(record.getMessage())
    kind = _exception_type(record).rsplit(".", 1)[-1]
    title = f"{record.name}: {kind + ': ' if kind else ''}{message}"
    details = [
        f"Logger: {record.name}",
        f"Level: {record.levelname}",
        f"Place: {_location(record)}",
        f"Request id: {getattr(record, 'request_id', None) or current_request_id()}",
        f"Message: {message}",
    ]
    if record.exc_info and record.exc_info[0] is not None:
        details.append("".join(traceback.format_exception(*record.exc_info)))
    return {
        "source": "system_log",
        "title": title[:TITLE_LENGTH],
        "fingerprint": fingerprint,
        "severity": "high" if record.levelno >= logging.CRITICAL else "medium",
        "function": "other",
        "description": "\n".join(details)[:DESCRIPTION_LENGTH],
        "actor": "system log",
        "occurred_at": _occurred_at(record),
    }


def _occurred_at(record: logging.LogRecord) -> dt.datetime:
    from django.utils import timezone

    # Never later than the registry's clock, which refuses reports "from the
    # future" (a record of this very moment on a host whose clock runs ahead).
    return min(dt.datetime.fromtimestamp(record.created, dt.UTC), timezone.now())


def _report_when_safe(report: dict[str, Any]) -> None:
    from django.db import connection, transaction

    if connection.in_atomic_block:
        # Written inside the caller's transaction, the incident would vanish
        # with it if that transaction is rolled back, or break a transaction
        # that is already failing. After commit it is safe; an error inside
        # a transaction that is then rolled back stays in the log only.
        transaction.on_commit(lambda: _report(report), robust=True)
        return
    _report(report)


def _report(report: dict[str, Any]) -> None:
    from incidents.services import incident_report

    try:
        incident_report(**report)
    except Exception:  # noqa: BLE001 - see IncidentLogHandler.emit
        return
