"""What django-axes counts failed sign-ins by (Rules 4.2).

Axes locks the pair (login, client address); the address comes from
core.clientaddr (settings.AXES_CLIENT_IP_CALLABLE) so that a proxy's own
address never stands for all its clients. The login is stored as its keyed
hash, so axes' tables hold no email in clear, and letter case or spaces do
not make a second counter.
"""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest

from security.privacy import pseudonym


def login_of_request(request: HttpRequest | None, credentials: dict[str, Any] | None
                     ) -> str | None:
    login = None
    if credentials:
        login = credentials.get("username") or credentials.get("email")
    if not login and request is not None and request.method == "POST":
        login = request.POST.get("username") or request.POST.get("email")
    return pseudonym(str(login)) if login else None


def sign_in_lockout_lift(login: str) -> int:
    """Forget the failed sign-ins of LOGIN from every address; return how many.

    For a person who has just proved they own the account (a new password
    set through the mailed link, or a change in the cabinet). The key is the
    one login_of_request gives axes.
    """
    return AxesProxyHandler.reset_attempts(username=pseudonym(login))
