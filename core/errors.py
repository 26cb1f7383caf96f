"""Typed errors raised by services and turned into responses in one place.

A service raises one of these with a stable code and a translated message; a
view shows the message to the user, and the API wraps it in its error shape.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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

    @property
    def errors(self) -> "tuple[ServiceError, ...]":
        """Every refusal this error carries: itself, or several collected."""
        return (self,)


class ValidationFailed(ServiceError):
    default_code = "invalid"


class ValidationErrors(ValidationFailed):
    """Several fields refused at once, so a person fixes them in one round.

    The first refusal is also the error's own code, field and message, so a
    handler that shows one error (the API) needs nothing more.
    """

    def __init__(self, errors: Sequence[ServiceError]) -> None:
        if not errors:
            raise ValueError("ValidationErrors needs at least one error")
        first = errors[0]
        super().__init__(
            first.message, code=first.code, field=first.field, params=first.params
        )
        self._errors = tuple(errors)

    @property
    def errors(self) -> tuple[ServiceError, ...]:
        return self._errors


class FieldErrors:
    """Collect the refusals of independent checks to raise them together."""

    def __init__(self) -> None:
        self.errors: list[ServiceError] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        """Run the block; keep its ValidationFailed or Conflict, not stopping.

        A Conflict is a refused value too (a BIN already registered): the
        person fixes it in the same round as the others.
        """
        try:
            yield
        except (ValidationFailed, Conflict) as error:
            self.errors.extend(error.errors)

    def add(self, error: ServiceError) -> None:
        self.errors.append(error)

    def fields(self) -> set[str | None]:
        return {error.field for error in self.errors}

    def raise_if_any(self) -> None:
        """Raise the one refusal as it is, or several as ValidationErrors."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ValidationErrors(self.errors)


class NotFound(ServiceError):
    status = 404
    default_code = "not_found"


class Forbidden(ServiceError):
    status = 403
    default_code = "forbidden"


class Conflict(ServiceError):
    status = 409
    default_code = "conflict"
