"""The address of the client behind a request, through trusted proxies only.

X-Forwarded-For is written by whoever sent the request, so anyone can claim
any address in it. Only the proxies named in settings.TRUSTED_PROXIES (a list
of addresses or networks such as "10.0.0.0/8") are believed: the header is
read from the right, skipping those proxies, and the first address that is
not one of them is the client. Without trusted proxies the header is ignored.
"""

import ipaddress
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Answered when the server gives no usable peer address (a Unix socket
# without a proxy header); all such clients then share one rate limit.
UNKNOWN_ADDRESS = "0.0.0.0"


def trusted_proxies() -> list[IPNetwork]:
    """Return settings.TRUSTED_PROXIES as networks; fail loudly on a typo."""
    raw = getattr(settings, "TRUSTED_PROXIES", ())
    if isinstance(raw, str):
        raw = [item for item in raw.split(",") if item.strip()]
    networks = []
    for item in raw:
        try:
            networks.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES holds {item!r}, which is not an address "
                "or a network"
            ) from error
    return networks


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address as text, e.g. "203.0.113.7"."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return UNKNOWN_ADDRESS

    proxies = trusted_proxies()
    if not _is_trusted(peer, proxies):
        return str(peer)

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = peer
    for item in reversed(forwarded.split(",")):
        hop = _parse(item)
        if hop is None:
            # A malformed entry ends what can be believed; the last trusted
            # hop before it is the best answer we have.
            logger.warning("malformed X-Forwarded-For entry from %s", peer)
            break
        client = hop
        if not _is_trusted(hop, proxies):
            break
    return str(client)


def _is_trusted(address: IPAddress, proxies: Iterable[IPNetwork]) -> bool:
    return any(address in network for network in proxies)


def _parse(value: str) -> IPAddress | None:
    text = value.strip()
    if text.startswith("[") and "]" in text:
        # "[2001:db8::1]:443" as some proxies write IPv6 with a port.
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        # "203.0.113.7:51234": IPv4 with a port.
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address
