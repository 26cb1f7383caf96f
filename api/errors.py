"""The one error shape of the API and the handlers that give it.

Every failure, whatever raised it, answers
{"error": {"code": "...", "message": "...", "field": "..." | null}}
with the message in the language of the request (see api.language).
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from api.rendering import json_response
from core.errors import ServiceError

logger = logging.getLogger(__name__)

NOT_FOUND = _("Nothing is published at this address.")
METHOD_NOT_ALLOWED = _("This address does not accept %(method)s requests.")
SERVER_ERROR = _("Something went wrong on our side. Please try again later.")

# Errors ninja raises itself (authentication and throttling later on).
_HTTP_ERRORS: dict[int, tuple[str, Any]] = {
    401: ("unauthorized", _("Sign in to use this address.")),
    403: ("forbidden", _("You may not use this address.")),
    429: ("throttled", _("Too many requests. Please wait a little and try again.")),
}

# Messages for the type checks ninja runs on parameters, by pydantic error type.
_INVALID = _("This value is not valid.")
_PARAMETER_MESSAGES: dict[str, Any] = {
    "missing": _("This parameter is required."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "bool_parsing": _("Enter 1 or 0."),
    "bool_type": _("Enter 1 or 0."),
    "greater_than_equal": _("Enter a number no less than %(ge)s."),
    "less_than_equal": _("Enter a number no greater than %(le)s."),
    "string_too_long": _("Enter at most %(max_length)s characters."),
    "literal_error": _("Choose one of: %(expected)s."),
    "enum": _("Choose one of: %(expected)s."),
}


class ErrorDetail(Schema):
    code: str
    message: str
    field: str | None


class ErrorOut(Schema):
    error: ErrorDetail


def error_response(
    *, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "field": field}}
    return json_response(body, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's own error answers with the API's one shape."""
    handlers: dict[type[Exception], Callable[..., HttpResponse]] = {
        ServiceError: _service_error,
        NinjaValidationError: _parameter_error,
        Http404: _not_found,
        HttpError: _http_error,
        Exception: _server_error,
    }
    for error_class, handler in handlers.items():
        api.add_exception_handler(error_class, handler)


def not_found(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """Answer an address under /api/ that names no operation."""
    return error_response(status=404, code="not_found", message=str(NOT_FOUND))


def with_error_shape_for_405(view: Callable[..., HttpResponseBase]) -> Callable:
    """Give ninja's plain-text "method not allowed" answer the error shape."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> Any:
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        message = METHOD_NOT_ALLOWED % {"method": request.method}
        refusal = error_response(
            status=405, code="method_not_allowed", message=message
        )
        refusal["Allow"] = response.get("Allow", "")
        return refusal

    return wrapper


def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    message = str(exc.message)
    if exc.params:
        # The convention of Django's ValidationError: placeholders are filled
        # at the last moment, so a lazy message is translated first.
        try:
            message = message % exc.params
        except (KeyError, TypeError, ValueError):
            logger.warning("Placeholders of error %s do not match its params", exc.code)
    return error_response(
        status=exc.status, code=exc.code, message=message, field=exc.field
    )


def _parameter_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    # The first complaint is enough to fix the request; clients fix one at a time.
    first = exc.errors[0] if exc.errors else {}
    names = [part for part in first.get("loc", ()) if isinstance(part, str)]
    field = names[-1] if len(names) > 1 else None
    kind = first.get("type", "")
    message = str(_PARAMETER_MESSAGES.get(kind, _INVALID))
    context = first.get("ctx") or {}
    if context:
        try:
            message = message % context
        except (KeyError, TypeError, ValueError):
            message = str(_INVALID)
    code = "required" if kind == "missing" else "invalid"
    return error_response(status=400, code=code, message=message, field=field)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found(request)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = _HTTP_ERRORS.get(exc.status_code, ("error", _INVALID))
    return error_response(status=exc.status_code, code=code, message=str(message))


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # %r keeps line breaks typed into the address from forging log lines.
    logger.exception("API request %s %r failed", request.method, request.path)
    return error_response(
        status=500, code="server_error", message=str(SERVER_ERROR)
    )
