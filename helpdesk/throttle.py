"""How often one client address may write to the desk (HELPDESK_RATE_LIMIT).

The counters live in the shared cache (Redis in production), so every web
worker sees the same count; django-ratelimit keeps the windows.
"""

import ipaddress
from dataclasses import dataclass

from django.http import HttpRequest
from django_ratelimit.core import get_usage

from core.clientaddr import client_address
from helpdesk import conf

# An IPv6 client usually holds a whole /64; counting single addresses of
# it would let one client change address for every message.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends


def throttle_hit(request: HttpRequest, *, group: str) -> Verdict:
    """Count one message from the request's client; tell whether it may pass."""
    usage = get_usage(
        request, group=group, key=_client_key, rate=conf.rate_limit(),
        method="POST", increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return Verdict(allowed=True)
    return Verdict(allowed=False, retry_after=max(int(usage["time_left"]), 1))


def _client_key(group: str, request: HttpRequest) -> str:
    address = ipaddress.ip_address(client_address(request))
    if address.version == 6:
        network = ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False)
        return str(network)
    return str(address)
