"""Sign-in events from Django's and django-axes' signals into the journal.

Each receiver is one call of security_event_record; the rules live there.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import signals as auth_signals

from security.services import security_event_record
from security.vocabulary import Outcome

DISPATCH_PREFIX = "security."


def connect() -> None:
    auth_signals.user_logged_in.connect(
        on_logged_in, dispatch_uid=DISPATCH_PREFIX + "logged_in"
    )
    auth_signals.user_logged_out.connect(
        on_logged_out, dispatch_uid=DISPATCH_PREFIX + "logged_out"
    )
    auth_signals.user_login_failed.connect(
        on_login_failed, dispatch_uid=DISPATCH_PREFIX + "login_failed"
    )
    if not apps.is_installed("axes"):
        return
    from axes.signals import user_locked_out

    user_locked_out.connect(on_locked_out, dispatch_uid=DISPATCH_PREFIX + "locked")


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event_record(
        name="authn_login_success", outcome=Outcome.SUCCESS, actor_id=user.pk,
        request=request,
    )


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event_record(
        name="session_logout", outcome=Outcome.SUCCESS,
        actor_id=getattr(user, "pk", None), request=request,
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Django has already masked the password; only the typed login is kept,
    # and only as its keyed hash.
    login = str(credentials.get("email") or credentials.get("username") or "")
    security_event_record(
        name="authn_login_fail", outcome=Outcome.FAILURE, request=request,
        subject=login,
    )


def on_locked_out(
    sender: Any, request: Any = None, username: str | None = None, **kwargs: Any
) -> None:
    security_event_record(
        name="authn_login_lock", outcome=Outcome.FAILURE, request=request,
        subject=username or "",
    )
