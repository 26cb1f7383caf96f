"""Identifiers of Kazakhstan: BIN/IIN check digits and phone numbers."""

import phonenumbers
from django.utils.translation import gettext

from core.errors import ValidationFailed

ASCII_DIGITS = frozenset("0123456789")
BIN_LENGTH = 12
_FIRST_PASS_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_PASS_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def _is_ascii_digits(value: str) -> bool:
    # str.isdigit() is true for full-width, Arabic-Indic and other digits,
    # which would then be stored as a BIN that no other state system knows.
    return bool(value) and all(char in ASCII_DIGITS for char in value)


def _weighted_remainder(digits: list[int], weights: tuple[int, ...]) -> int:
    weighted = zip(digits[: len(weights)], weights, strict=True)
    return sum(digit * weight for digit, weight in weighted) % 11


def bin_is_valid(value: str) -> bool:
    """Tell whether VALUE is a 12-digit BIN or IIN with a correct check digit.

    The check digit is the weighted sum of the first eleven digits modulo 11;
    a remainder of 10 calls for the second set of weights, and a second 10
    means that no number with these eleven digits is valid. Digits 3-4 are a
    month in both kinds (registration of a BIN, birth of an IIN), so a number
    such as 000000000000, whose check digit happens to fit, is refused.
    """
    if len(value) != BIN_LENGTH or not _is_ascii_digits(value):
        return False
    if not 1 <= int(value[2:4]) <= 12:
        return False

    digits = [int(char) for char in value]
    check = _weighted_remainder(digits, _FIRST_PASS_WEIGHTS)
    if check == 10:
        check = _weighted_remainder(digits, _SECOND_PASS_WEIGHTS)
    if check == 10:
        return False
    return check == digits[-1]


def phone_normalize(value: str, region: str = "KZ", *, field: str | None = None) -> str:
    """Return VALUE as an E.164 number (+7...) of REGION.

    Raises ValidationFailed when VALUE is not a valid number, is a number of
    another country (a Russian +7 number where a Kazakh one is required) or
    carries an extension, which E.164 cannot hold.
    """
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationFailed(
            gettext("Enter a phone number, for example +7 701 123 45 67."),
            code="phone_invalid",
            field=field,
        ) from None

    if not phonenumbers.is_valid_number(number):
        raise ValidationFailed(
            gettext("This phone number does not exist. Check the digits."),
            code="phone_invalid",
            field=field,
        )
    if not phonenumbers.is_valid_number_for_region(number, region):
        message = (
            gettext("Enter a phone number of Kazakhstan (+7 7xx or +7 6xx).")
            if region == "KZ"
            else gettext("This phone number belongs to another country.")
        )
        raise ValidationFailed(message, code="phone_wrong_country", field=field)
    if number.extension:
        raise ValidationFailed(
            gettext("Enter the phone number without an extension."),
            code="phone_extension",
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
