"""How often a password reset link may be asked for (PASSWORD_RESET_RATE_LIMIT).

Each request mails someone, so both the client address and the typed email
are counted: one address cannot flood many mailboxes, and many addresses
cannot flood one. The counters live in the shared cache, as the desk's do
(helpdesk/throttle.py); django-ratelimit keeps the windows.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from core.clientaddr import client_address

GROUP = "accounts.password_reset"


def password_reset_wait(request: HttpRequest, *, email: str) -> int:
    """Count one reset request; return the seconds to wait, 0 when allowed.

    A cache that fails answers a limit of 0, so the form then refuses rather
    than mailing without a limit.
    """
    wait = 0
    for key in (_address_key, _email_key(email)):
        usage = get_usage(
            request, group=GROUP, key=key, rate=_rate(), method="POST",
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            wait = max(wait, int(usage["time_left"]), 1)
    return wait


def _rate() -> str:
    return str(getattr(settings, "PASSWORD_RESET_RATE_LIMIT", "5/h"))


def _address_key(group: str, request: HttpRequest) -> str:
    return "address:" + client_address(request)


def _email_key(email: str) -> Callable[[str, HttpRequest], str]:
    # Only a digest of the email reaches the cache.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return lambda group, request: "email:" + digest
