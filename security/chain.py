"""The hash chain of the journal: what is hashed, and how.

The hash covers every field an attacker might want to change, in a canonical
JSON form that gives the same bytes on SQLite and PostgreSQL (sorted keys, UTC
time with microseconds, the address as text), plus the previous hash.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from security.models import SecurityEvent


def event_payload(event: SecurityEvent) -> dict[str, Any]:
    occurred = event.occurred_at.astimezone(dt.UTC)
    return {
        "event_id": str(event.event_id),
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "name": event.name,
        "outcome": event.outcome,
        "level": event.level,
        "actor_id": event.actor_id,
        "subject": event.subject,
        "source_ip": event.source_ip or "",
        "user_agent": event.user_agent,
        "object_ref": event.object_ref,
        "request_id": event.request_id,
        "details": event.details,
    }


def event_hash(event: SecurityEvent) -> str:
    canonical = json.dumps(
        event_payload(event), sort_keys=True, ensure_ascii=False,
        separators=(",", ":"),
    )
    material = (event.prev_hash + "\n" + canonical).encode()
    return hashlib.sha256(material).hexdigest()
