"""Security events as RFC 5424 syslog messages with a CEF or JSON body.

Framing is octet counting (RFC 6587, section 3.4.1), so a line break in user
text cannot split a record; the bodies escape line breaks as well, so that a
collector that splits on them still sees one record. Fields longer than their
limit are cut and marked, never dropped whole.
"""

import datetime as dt
import json
import socket
from collections.abc import Iterable
from typing import Any

from security.models import SecurityEvent

APP_NAME = "labor-exchange"
# Structured-data id: "name@<private enterprise number>" (RFC 5424, 6.3.2).
# 32473 is the number RFC 5612 reserves for examples; the SOC assigns the
# real one through SECURITY_SOC_SD_ID.
DEFAULT_SD_ID = "elx@32473"
# authpriv: security and authorisation messages (RFC 5424, table 1).
FACILITY = 10
SYSLOG_SEVERITY = {"INFO": 6, "WARN": 4, "CRITICAL": 2}
CEF_SEVERITY = {"INFO": 3, "WARN": 6, "CRITICAL": 9}
CEF_VENDOR = "MLSPP RK"
CEF_PRODUCT = "Electronic Labor Exchange"
CEF_VERSION = "1.0"
FIELD_MAX = 1024
DETAILS_MAX = 2048
TRUNCATED = "...[truncated]"


def truncate(text: str, limit: int = FIELD_MAX) -> str:
    """Return TEXT cut to LIMIT characters, marker included, when longer."""
    if len(text) <= limit:
        return text
    return text[: limit - len(TRUNCATED)] + TRUNCATED


def escape_sd_value(value: str) -> str:
    """Escape a structured-data parameter value (RFC 5424, 6.3.3)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def structured_data(sd_id: str, params: Iterable[tuple[str, str]]) -> str:
    """Return one SD-ELEMENT, or "-" when there is nothing to say."""
    pairs = [(name, value) for name, value in params if value != ""]
    if not pairs:
        return "-"
    body = " ".join(f'{name}="{escape_sd_value(value)}"' for name, value in pairs)
    return f"[{sd_id} {body}]"


def escape_cef_header(value: str) -> str:
    text = value.replace("\\", "\\\\").replace("|", "\\|")
    # A header field has no escape for a line break; it becomes a space.
    return text.replace("\r", " ").replace("\n", " ")


def escape_cef_value(value: str) -> str:
    text = value.replace("\\", "\\\\").replace("=", "\\=")
    return text.replace("\r\n", "\\n").replace("\r", "\\r").replace("\n", "\\n")


def frame(message: bytes) -> bytes:
    """Frame a message by octet counting: "<length> <message>"."""
    return str(len(message)).encode("ascii") + b" " + message


def syslog_message(
    event: SecurityEvent, *, body: str, hostname: str = "", sd_id: str = ""
) -> bytes:
    """Return the RFC 5424 message for EVENT with the body format BODY."""
    level = event.level
    pri = FACILITY * 8 + SYSLOG_SEVERITY.get(level, 5)
    header = " ".join([
        f"<{pri}>1",
        _timestamp(event.occurred_at),
        _printable(hostname or socket.gethostname(), 255),
        APP_NAME,
        "-",
        _printable(event.name, 32),
    ])
    sd = structured_data(sd_id or DEFAULT_SD_ID, [
        ("eventId", str(event.event_id)),
        ("outcome", event.outcome),
        ("requestId", truncate(event.request_id, 128)),
    ])
    text = cef_body(event) if body == "cef" else json_body(event)
    return f"{header} {sd} {text}".encode()


def cef_body(event: SecurityEvent) -> str:
    fields = _fields(event)
    header = "|".join(escape_cef_header(part) for part in [
        "CEF:0", CEF_VENDOR, CEF_PRODUCT, CEF_VERSION, event.name,
        event.name.replace("_", " "), str(CEF_SEVERITY.get(event.level, 5)),
    ])
    extension = [
        ("rt", str(int(event.occurred_at.timestamp() * 1000))),
        ("externalId", fields["event_id"]),
        ("outcome", fields["outcome"]),
        ("suid", fields["actor_id"]),
        ("src", fields["source_ip"]),
        ("requestClientApplication", fields["user_agent"]),
        ("cs1Label", "object"), ("cs1", fields["object"]),
        ("cs2Label", "requestId"), ("cs2", fields["request_id"]),
        ("cs3Label", "subjectHash"), ("cs3", fields["subject"]),
        ("cs4Label", "details"), ("cs4", fields["details"]),
        ("cs5Label", "chainHash"), ("cs5", fields["hash"]),
    ]
    pairs = " ".join(
        f"{key}={escape_cef_value(value)}" for key, value in extension if value
    )
    return f"{header}|{pairs}"


def json_body(event: SecurityEvent) -> str:
    fields: dict[str, Any] = dict(_fields(event))
    fields["time"] = _timestamp(event.occurred_at)
    fields["level"] = event.level
    fields["name"] = event.name
    fields["actor_id"] = event.actor_id
    # json.dumps escapes line breaks, so the body is always one line.
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def _fields(event: SecurityEvent) -> dict[str, str]:
    details = json.dumps(event.details, ensure_ascii=False, sort_keys=True)
    return {
        "event_id": str(event.event_id),
        "outcome": event.outcome,
        "actor_id": "" if event.actor_id is None else str(event.actor_id),
        "source_ip": event.source_ip or "",
        "user_agent": truncate(event.user_agent),
        "object": truncate(event.object_ref),
        "request_id": truncate(event.request_id, 128),
        "subject": event.subject,
        "details": truncate(details, DETAILS_MAX) if event.details else "",
        "hash": event.hash,
    }


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _printable(text: str, limit: int) -> str:
    # Header fields are PRINTUSASCII without spaces; anything else is "_".
    cleaned = "".join(ch if 33 <= ord(ch) <= 126 else "_" for ch in text)
    return cleaned[:limit] or "-"
