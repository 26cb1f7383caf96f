import pytest

from core.errors import (
    Conflict,
    FieldErrors,
    NotFound,
    ValidationErrors,
    ValidationFailed,
)


def _collect(*refusals: ValidationFailed | Conflict | None) -> FieldErrors:
    errors = FieldErrors()
    for refusal in refusals:
        with errors.check():
            if refusal is not None:
                raise refusal
    return errors


def test_it_raises_nothing_when_every_check_passes():
    _collect(None, None).raise_if_any()


def test_it_raises_a_single_refusal_as_it_is():
    refusal = ValidationFailed("Enter a date.", field="expires_on")

    with pytest.raises(ValidationFailed) as caught:
        _collect(None, refusal).raise_if_any()

    assert caught.value is refusal
    assert caught.value.errors == (refusal,)


def test_it_raises_several_refusals_together_led_by_the_first():
    first = ValidationFailed("Too low.", code="low", field="a", params={"n": 1})
    second = ValidationFailed("Too high.", field="b")
    nested = ValidationErrors([ValidationFailed("Bad.", field="c")])

    with pytest.raises(ValidationErrors) as caught:
        _collect(first, None, second, nested).raise_if_any()

    assert caught.value.errors == (first, second, nested.errors[0])
    assert (caught.value.code, caught.value.field, caught.value.message) == (
        "low", "a", "Too low.",
    )
    assert caught.value.params == {"n": 1}


def test_it_lets_other_service_errors_through():
    errors = FieldErrors()

    with pytest.raises(NotFound):
        with errors.check():
            raise NotFound("Gone.")
    assert errors.errors == []


def test_a_refusal_of_nothing_is_a_mistake_of_the_caller():
    with pytest.raises(ValueError):
        ValidationErrors([])


def test_it_collects_a_conflict_over_a_value_with_the_other_refusals():
    taken = Conflict("The BIN is registered.", code="bin_taken", field="bin")
    weak = ValidationFailed("Too short.", field="password")

    with pytest.raises(ValidationErrors) as caught:
        _collect(taken, weak).raise_if_any()

    assert caught.value.errors == (taken, weak)
