import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.clientaddr import UNKNOWN_ADDRESS, client_address


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(("proxies", "peer", "forwarded", "client"), [
    # No trusted proxy: the header is anyone's claim and is ignored.
    ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
    # From a trusted proxy: the address it saw the request come from.
    (["10.0.0.0/8"], "10.0.0.5", "203.0.113.7", "203.0.113.7"),
    # A client cannot smuggle an address in front of the proxy's own entry.
    (["10.0.0.0/8"], "10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
    # A chain of trusted proxies is walked from the right.
    (["10.0.0.0/8", "192.168.1.1"], "10.0.0.5", "203.0.113.7, 192.168.1.1",
     "203.0.113.7"),
    # A peer outside the list is the client, whatever it forwards.
    (["10.0.0.0/8"], "192.0.2.50", "203.0.113.7", "192.0.2.50"),
    # Only proxies in the header: the leftmost is as far as trust goes.
    (["10.0.0.0/8"], "10.0.0.5", "10.1.1.1", "10.1.1.1"),
    # A trusted proxy without the header.
    (["10.0.0.0/8"], "10.0.0.5", None, "10.0.0.5"),
    # Garbage stops the walk at the last good hop.
    (["10.0.0.0/8"], "10.0.0.5", "203.0.113.7, not-an-ip", "10.0.0.5"),
    # Ports and brackets as some proxies write them.
    (["10.0.0.0/8"], "10.0.0.5", "203.0.113.7:51234", "203.0.113.7"),
    (["10.0.0.0/8"], "10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
    # IPv6 proxies and IPv4 written as IPv6.
    (["2001:db8:ffff::/48"], "2001:db8:ffff::1", "2001:db8::7", "2001:db8::7"),
    ([], "::ffff:203.0.113.7", None, "203.0.113.7"),
])
def test_it_finds_the_client_behind_trusted_proxies_only(
    settings, proxies, peer, forwarded, client
):
    settings.TRUSTED_PROXIES = proxies

    assert client_address(request_from(peer, forwarded)) == client


def test_it_answers_a_placeholder_without_a_peer_address(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(request_from("")) == UNKNOWN_ADDRESS


def test_it_accepts_the_proxies_as_one_comma_separated_string(settings):
    settings.TRUSTED_PROXIES = "10.0.0.0/8, 172.16.0.1"

    assert client_address(request_from("172.16.0.1", "203.0.113.7")) == "203.0.113.7"


def test_it_fails_loudly_on_a_mistyped_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]

    with pytest.raises(ImproperlyConfigured) as error:
        client_address(request_from("10.0.0.5"))

    assert str(error.value) == (
        "TRUSTED_PROXIES holds '10.0.0.0/33', which is not an address or a network"
    )
