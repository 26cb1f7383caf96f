"""Typed errors raised by services and turned into responses in one place.

A service raises one of these with a stable code and a translated message; a
view shows the message to the user, and the API wraps it in its error shape.
"""

from typing import Any


class ServiceError(Exception):
    """A rule of the portal refused the operation."""

    status = 400
    default_code = "invalid"

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.params = params or {}


class ValidationFailed(ServiceError):
    default_code = "invalid"


class NotFound(ServiceError):
    status = 404
    default_code = "not_found"


class Forbidden(ServiceError):
    status = 403
    default_code = "forbidden"


class Conflict(ServiceError):
    status = 409
    default_code = "conflict"
