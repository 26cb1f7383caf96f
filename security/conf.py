"""Typed readers of the security settings (Rules 4.2 and 4.7).

Each reader looks its setting up on every call, so tests and deployments can
change it without a reload; a malformed value fails loudly.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SOC_FORMATS = ("cef", "json")


def journal_retention() -> dt.timedelta:
    """SECURITY_JOURNAL_RETENTION_DAYS: how long events are kept (1096, 3 years)."""
    return dt.timedelta(days=_positive_int("SECURITY_JOURNAL_RETENTION_DAYS", 1096))


def pii_key() -> bytes:
    """SECURITY_PII_KEY: key of the hashes that stand in for personal data.

    Without it a key is derived from SECRET_KEY, so hashes stay stable for as
    long as the secret key does.
    """
    raw = str(getattr(settings, "SECURITY_PII_KEY", "") or "")
    if raw:
        return raw.encode()
    derived = hashlib.sha256(b"security-pii:" + settings.SECRET_KEY.encode())
    return derived.digest()


def soc_host() -> str:
    """SECURITY_SOC_HOST: the collector's host; "" turns forwarding off."""
    return str(getattr(settings, "SECURITY_SOC_HOST", "") or "")


def soc_port() -> int:
    """SECURITY_SOC_PORT: 6514 with TLS (RFC 5425), 601 without (RFC 6587)."""
    default = 6514 if soc_tls() else 601
    return _positive_int("SECURITY_SOC_PORT", default)


def soc_tls() -> bool:
    """SECURITY_SOC_TLS: send over TLS (True)."""
    return bool(getattr(settings, "SECURITY_SOC_TLS", True))


def soc_ca_file() -> str:
    """SECURITY_SOC_CA_FILE: CA bundle that signs the collector ("" = system)."""
    return str(getattr(settings, "SECURITY_SOC_CA_FILE", "") or "")


def soc_client_cert() -> tuple[str, str]:
    """SECURITY_SOC_CERT_FILE and _KEY_FILE: the portal's client certificate."""
    cert = str(getattr(settings, "SECURITY_SOC_CERT_FILE", "") or "")
    key = str(getattr(settings, "SECURITY_SOC_KEY_FILE", "") or "")
    return cert, key


def soc_format() -> str:
    """SECURITY_SOC_FORMAT: body of each syslog message, "cef" or "json"."""
    value = str(getattr(settings, "SECURITY_SOC_FORMAT", "cef")).lower()
    if value not in SOC_FORMATS:
        raise ImproperlyConfigured(
            f"SECURITY_SOC_FORMAT must be one of {SOC_FORMATS}, not {value!r}"
        )
    return value


def soc_timeout() -> float:
    """SECURITY_SOC_TIMEOUT: seconds to connect and send (5)."""
    return float(_positive_int("SECURITY_SOC_TIMEOUT", 5))


def soc_batch_size() -> int:
    """SECURITY_SOC_BATCH: events sent per connection in one drain (500)."""
    return _positive_int("SECURITY_SOC_BATCH", 500)


def soc_senders() -> dict[str, tuple[str, str]]:
    """SECURITY_SOC_SENDERS: "name:token:secret" triples, comma-separated.

    The token names the sender on each request; the secret, never sent,
    signs it. Both must be at least 32 characters.
    """
    raw = getattr(settings, "SECURITY_SOC_SENDERS", "") or ""
    if isinstance(raw, dict):
        return {str(k): (str(v[0]), str(v[1])) for k, v in raw.items()}
    senders = {}
    for item in str(raw).split(","):
        if not item.strip():
            continue
        parts = item.strip().split(":")
        if len(parts) != 3 or not parts[0] or min(map(len, parts[1:])) < 32:
            raise ImproperlyConfigured(
                "SECURITY_SOC_SENDERS takes name:token:secret triples with "
                "tokens and secrets of at least 32 characters"
            )
        senders[parts[0]] = (parts[1], parts[2])
    return senders


def soc_alert_max_skew() -> dt.timedelta:
    """SECURITY_SOC_ALERT_MAX_SKEW: accepted age of a signed alert, s (300)."""
    return dt.timedelta(seconds=_positive_int("SECURITY_SOC_ALERT_MAX_SKEW", 300))


def require_staff_2fa() -> bool:
    """SECURITY_REQUIRE_2FA: staff must pass a TOTP check for the admin (True)."""
    return bool(getattr(settings, "SECURITY_REQUIRE_2FA", True))


def staff_session_seconds() -> int:
    """SECURITY_STAFF_SESSION_SECONDS: idle time that ends a staff session (1800)."""
    return _positive_int("SECURITY_STAFF_SESSION_SECONDS", 1800)


def _positive_int(name: str, default: int) -> int:
    value = getattr(settings, name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive whole number")
    return value


def soc_hostname() -> str:
    """SECURITY_SOC_HOSTNAME: HOSTNAME field of each message ("" = this host)."""
    return str(getattr(settings, "SECURITY_SOC_HOSTNAME", "") or "")


def soc_sd_id() -> str:
    """SECURITY_SOC_SD_ID: structured-data id with the SOC's enterprise number."""
    return str(getattr(settings, "SECURITY_SOC_SD_ID", "") or "")
