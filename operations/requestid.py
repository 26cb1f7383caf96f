"""One request id carried through a web request and the tasks it causes.

The id lives in a context variable, so every log line of the request (and
of a task run) can name it. A proxy in front of the portal may pass its own
id in X-Request-ID; the header is believed only from TRUSTED_PROXIES, since
anyone else could use it to forge or confuse log lines. A task gets the id
of the request that queued it when it is queued with `request_id_kwargs()`,
and an id of its own (task-<huey id>) otherwise.

Imported by the logging configuration before apps are loaded: nothing here
may import a model.
"""

import ipaddress
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
# Ids of common proxies (nginx $request_id, UUIDs, AWS trace ids) fit this.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:=+-]{1,128}$")

_current: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    """Return the id of the request or task being served, "-" outside both."""
    return _current.get()


def request_id_set(value: str) -> Token[str]:
    return _current.set(value)


def request_id_reset(token: Token[str]) -> None:
    _current.reset(token)


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_kwargs() -> dict[str, str]:
    """Keyword arguments that hand the current id to a queued task.

    The task function must accept `request_id: str | None = None`; the
    worker sets the id before the task runs (operations.worker).
    """
    value = current_request_id()
    return {"request_id": value} if value != "-" else {}


def acceptable(value: object) -> bool:
    return isinstance(value, str) and bool(_ACCEPTABLE.match(value))


class RequestIdMiddleware:
    """Give every request an id, log lines included, and answer with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        value = _from_trusted_proxy(request) or request_id_new()
        request.request_id = value  # type: ignore[attr-defined]
        token = request_id_set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id_reset(token)
        response[HEADER] = value
        return response


def _from_trusted_proxy(request: HttpRequest) -> str | None:
    offered = request.META.get(_META_KEY, "").strip()
    if not offered or not acceptable(offered):
        return None
    from core.clientaddr import trusted_proxies

    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return None
    if not any(peer in network for network in trusted_proxies()):
        return None
    return offered
