"""How often one client address may write to the desk (HELPDESK_RATE_LIMIT).

Only messages the desk accepted are counted: a requester who is told to pick
another file must not use up the limit by correcting the mistake. The
counters live in the shared cache (Redis in production), so every web worker
sees the same count; core.ratelimit keeps the windows (django-ratelimit's
lasted only 5 minutes on the database cache, see there).
"""

import ipaddress
from dataclasses import dataclass

from django.http import HttpRequest

from core.clientaddr import client_address
from core.ratelimit import WindowUsage, window_usage
from helpdesk import conf

# An IPv6 client usually holds a whole /64; counting single addresses of
# it would let one client change address for every message.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends


def throttle_check(request: HttpRequest, *, group: str) -> Verdict:
    """Tell whether the request's client may send one more message now.

    Counts nothing; throttle_count does once the message is accepted. Two
    messages sent at the same instant may both pass the last free place:
    the limit stops floods, it is no quota.
    """
    usage = _usage(request, group=group, increment=False)
    if not usage.full:
        return Verdict(allowed=True)
    # A cache that fails counts as full: the form then refuses rather than
    # letting a flood through.
    return Verdict(allowed=False, retry_after=usage.seconds_left)


def throttle_count(request: HttpRequest, *, group: str) -> None:
    """Count one accepted message of the request's client."""
    _usage(request, group=group, increment=True)


def _usage(request: HttpRequest, *, group: str, increment: bool) -> WindowUsage:
    limit, seconds = conf.rate_limit()
    return window_usage(
        f"{group}:{_client_key(request)}", limit=limit, seconds=seconds,
        increment=increment,
    )


def _client_key(request: HttpRequest) -> str:
    address = ipaddress.ip_address(client_address(request))
    if address.version == 6:
        network = ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False)
        return str(network)
    return str(address)
