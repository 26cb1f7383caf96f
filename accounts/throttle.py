"""How often a password reset link may be asked for (PASSWORD_RESET_RATE_LIMIT),
and how many wrong current passwords the cabinet's change form takes
(PASSWORD_CHANGE_RATE_LIMIT).

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
from core.ratelimit import WindowUsage, rate_parse, window_clear, window_usage

GROUP = "accounts.password_reset"
CHANGE_GROUP = "accounts.password_change"


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


# Wrong current passwords are counted per user, not per address: the guesser
# sits at the person's own signed-in session, whatever address it has.
def password_change_lock_wait(user_id: int) -> int:
    """Return the seconds the change form stays locked for USER_ID, 0 if open.

    Counts nothing. A cache that fails counts as locked (for a minute), so
    the form then refuses rather than taking guesses without a limit.
    """
    usage = _change_usage(user_id, increment=False)
    return usage.seconds_left if usage.full else 0


def password_change_failure_count(user_id: int) -> int:
    """Count one wrong current password; return the lock's seconds, 0 if none."""
    usage = _change_usage(user_id, increment=True)
    return usage.seconds_left if usage.full else 0


def password_change_failures_forget(user_id: int) -> None:
    """Forget the wrong current passwords of USER_ID (a new password was set)."""
    window_clear(f"{CHANGE_GROUP}:user:{user_id}")


def _change_usage(user_id: int, *, increment: bool) -> WindowUsage:
    limit, seconds = rate_parse(
        str(getattr(settings, "PASSWORD_CHANGE_RATE_LIMIT", "5/15m"))
    )
    return window_usage(
        f"{CHANGE_GROUP}:user:{user_id}", limit=limit, seconds=seconds,
        increment=increment,
    )
