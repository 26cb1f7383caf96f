"""Guards of staff sessions and the audit trail's view of the client.

StaffGuardMiddleware sends staff who have not passed the second factor in
this session to it before the admin or the security pages (Rules 4.2), and
ends idle staff sessions sooner than those of the public.
"""

from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from core.clientaddr import client_address
from security import conf
from security.two_factor import two_factor_enrolled

GUARDED_NAMESPACES = {"admin", "security"}
OPEN_VIEWS = {"admin:logout", "admin:login", "security:two_factor_setup",
              "security:two_factor_verify"}


class StaffGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None
        # Sliding: each request of a staff member restarts the idle clock.
        request.session.set_expiry(conf.staff_session_seconds())
        if not conf.require_staff_2fa() or user.is_verified():
            return None

        match = request.resolver_match
        if match is None or match.namespace not in GUARDED_NAMESPACES:
            return None
        if match.view_name in OPEN_VIEWS:
            return None
        step = "verify" if two_factor_enrolled(user=user) else "setup"
        target = reverse(f"security:two_factor_{step}")
        return HttpResponseRedirect(
            f"{target}?{urlencode({'next': request.get_full_path()})}"
        )


class TrustedProxyAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware with the address of core.clientaddr.

    The stock one believes any X-Forwarded-For header; behind the portal's
    proxy rule only trusted proxies are believed.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_address(request)
