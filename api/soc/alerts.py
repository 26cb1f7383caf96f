"""Alerts posted by the information security operations centre (Rules 4.7, 6.5).

Each request names its sender by a token and is signed with the sender's
secret: X-SOC-Signature is hex HMAC-SHA-256 over "<timestamp>\\n<body>", with
X-SOC-Timestamp in Unix seconds. A request older or newer than the accepted
skew, or one whose signature was already seen, is refused. Each alert becomes
an incident whose source is the SOC (paragraph 6, item 5).
"""

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.errors import Conflict, ServiceError, ValidationFailed
from incidents.models import Function, Severity, Source
from incidents.services import LinkTarget, incident_report
from security import conf
from security.models import AlertReceipt


class Unauthorised(ServiceError):
    status = 401
    default_code = "unauthorized"


@dataclass(frozen=True)
class AcceptedAlert:
    incident_number: str
    created: bool


def soc_alert_authenticate(
    *, token: str, timestamp: str, signature: str, body: bytes,
    now: dt.datetime | None = None,
) -> str:
    """Return the sender's name; raise Unauthorised or Conflict (a replay)."""
    sender = _sender_by_token(token)
    if sender is None:
        raise Unauthorised(_("Unknown sender."), code="unknown_sender")
    name, secret = sender
    moment = _timestamp(timestamp)
    now = now or timezone.now()
    if abs(now - moment) > conf.soc_alert_max_skew():
        raise Unauthorised(_("The timestamp is too old or too new."), code="stale")
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise Unauthorised(_("The signature does not match."), code="bad_signature")
    _remember(name, expected, now)
    return name


def _sender_by_token(token: str) -> tuple[str, str] | None:
    found = None
    for name, (known, secret) in conf.soc_senders().items():
        # Every token is compared, so the time taken tells nothing.
        if hmac.compare_digest(known.encode(), token.encode()):
            found = (name, secret)
    return found


def _timestamp(raw: str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise Unauthorised(_("The timestamp is missing or malformed."),
                           code="stale") from None


def _remember(sender: str, signature: str, now: dt.datetime) -> None:
    horizon = now - 2 * conf.soc_alert_max_skew()
    try:
        with transaction.atomic():
            AlertReceipt.objects.filter(received_at__lt=horizon).delete()
            AlertReceipt.objects.create(
                sender=sender, signature=signature, received_at=now
            )
    except IntegrityError:
        raise Conflict(_("This alert was already received."), code="replay") from None


def soc_alert_accept(*, sender: str, body: bytes) -> AcceptedAlert:
    """Turn an authenticated alert into an incident from the SOC."""
    alert = _parse(body)
    incident, created = incident_report(
        source=Source.SOC,
        title=alert["title"],
        fingerprint=f"soc:{sender}:{alert['id']}",
        severity=alert["severity"],
        function=alert["function"],
        description=alert["description"],
        actor=f"soc:{sender}",
        occurred_at=alert["occurred_at"],
        link=LinkTarget(kind="soc_alert", reference=alert["id"]),
    )
    return AcceptedAlert(incident_number=incident.number, created=created)


def _parse(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed(_("The body must be a JSON object.")) from None
    if not isinstance(data, dict):
        raise ValidationFailed(_("The body must be a JSON object."))
    alert_id = _text(data, "id", 100)
    title = _text(data, "title", 200)
    severity = str(data.get("severity", Severity.HIGH)).lower()
    if severity not in Severity.values:
        raise ValidationFailed(_("Unknown severity."), field="severity")
    function = str(data.get("function", Function.OTHER))
    if function not in Function.values:
        function = Function.OTHER
    return {
        "id": alert_id, "title": title, "severity": severity,
        "function": function, "description": str(data.get("description", "")),
        "occurred_at": _occurred_at(data.get("occurred_at")),
    }


def _text(data: dict[str, Any], field: str, limit: int) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(_("This field is required."), field=field)
    return value.strip()[:limit]


def _occurred_at(raw: Any) -> dt.datetime | None:
    if raw in (None, ""):
        return None
    moment = parse_datetime(str(raw)) if isinstance(raw, str) else None
    if moment is None or timezone.is_naive(moment):
        raise ValidationFailed(
            _("Give the time as ISO 8601 with a zone."), field="occurred_at"
        )
    return moment
