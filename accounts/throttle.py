"""How often a password reset link may be asked for (PASSWORD_RESET_RATE_LIMIT).

Each request mails someone, so both the client address and the typed email
are counted: one address cannot flood many mailboxes, and many addresses
cannot flood one. The counters live in the shared cache, as the desk's do
(helpdesk/throttle.py); core.ratelimit keeps the windows, so "5/h" lasts an
hour on the database cache too.
"""

import hashlib

from django.conf import settings
from django.http import HttpRequest

from core.clientaddr import client_address
from core.ratelimit import rate_parse, window_usage

GROUP = "accounts.password_reset"


def password_reset_wait(request: HttpRequest, *, email: str) -> int:
    """Count one reset request; return the seconds to wait, 0 when allowed.

    A cache that fails counts as a full limit, so the form then refuses
    rather than mailing without a limit.
    """
    limit, seconds = rate_parse(_rate())
    # Only a digest of the email reaches the cache.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    wait = 0
    for key in ("address:" + client_address(request), "email:" + digest):
        usage = window_usage(
            f"{GROUP}:{key}", limit=limit, seconds=seconds, increment=True
        )
        if usage.exceeded:
            wait = max(wait, usage.seconds_left)
    return wait


def _rate() -> str:
    return str(getattr(settings, "PASSWORD_RESET_RATE_LIMIT", "5/h"))
