"""Personal data kept out of the journal and the SOC stream (Rules 4.2).

Emails, phone numbers and IINs never reach the journal in clear: each is
replaced by a keyed hash (HMAC-SHA-256 with SECURITY_PII_KEY), so the SOC can
still see that two events concern the same person without learning who.
"""

import hashlib
import hmac
import re
from typing import Any

from security.conf import pii_key

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A number counts only as a token of its own: digits inside a hash, a UUID or
# an identifier such as "INC-2026-000123" are not personal data. (Cyrillic
# letters may touch it: "ИИН900101300123" is still an IIN.)
_EDGE_BEFORE = r"(?<![0-9A-Za-z_+-])"
_EDGE_AFTER = r"(?![0-9A-Za-z_-])"
# Kazakh numbers as people write them (+7 701 123 45 67, 8(701)123-45-67)
# and any international number in E.164 form (+ and 10 to 14 digits).
_PHONE = re.compile(
    _EDGE_BEFORE + r"(?:(?:\+7|8|7)[ (-]*\d{3}[ )-]*\d{3}[ -]*\d{2}[ -]*\d{2}"
    r"|\+\d{10,14})" + _EDGE_AFTER
)
# An IIN (and a BIN, which is not personal but cannot be told apart) is 12 digits.
_IIN = re.compile(_EDGE_BEFORE + r"\d{12}" + _EDGE_AFTER)
DIGEST_LENGTH = 16


def pseudonym(value: str) -> str:
    """Return the keyed hash that stands for VALUE, e.g. "h:3f9a…"."""
    normalised = value.strip().lower().encode()
    digest = hmac.new(pii_key(), normalised, hashlib.sha256).hexdigest()
    return "h:" + digest[:DIGEST_LENGTH * 2]


def scrub_text(text: str) -> str:
    """Replace every email, phone number and IIN in TEXT by its pseudonym."""
    for pattern in (_EMAIL, _IIN, _PHONE):
        text = pattern.sub(lambda match: pseudonym(_digits_or(match.group())), text)
    return text


def scrub(value: Any) -> Any:
    """Scrub every string inside a JSON-like VALUE, keys included."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub_text(str(key)): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    if value is None or isinstance(value, bool | int):
        return value
    return scrub_text(str(value))


def _digits_or(text: str) -> str:
    # One phone written two ways must give one pseudonym.
    if "@" in text:
        return text
    digits = re.sub(r"\D", "", text)
    return digits or text
