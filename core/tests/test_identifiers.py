import json
from pathlib import Path

import pytest
from django.conf import settings

from core.errors import ValidationFailed
from core.identifiers import bin_is_valid, phone_normalize

CASES_FILE = Path(settings.BASE_DIR).parent / "shared" / "cases" / "identifiers.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
KZ_PHONES = [case for case in CASES["phones"] if case["region"] == "KZ"]
FOREIGN_PHONES = [case for case in CASES["phones"] if case["region"] != "KZ"]


@pytest.mark.parametrize(
    "case", CASES["bin_iin"], ids=[case["why"] for case in CASES["bin_iin"]]
)
def test_it_checks_each_field_bin_case(case):
    assert bin_is_valid(case["value"]) is case["valid"]


@pytest.mark.parametrize("value", ["150540000007", "150540000801"])
def test_it_accepts_a_bin_valid_on_the_first_or_second_pass(value):
    assert bin_is_valid(value) is True


def test_it_rejects_a_bin_whose_first_pass_check_is_wrong():
    assert bin_is_valid("150540000008") is False


def test_it_rejects_a_bin_whose_second_pass_check_is_wrong():
    assert bin_is_valid("150540000802") is False


@pytest.mark.parametrize("last", "0123456789")
def test_it_rejects_every_bin_whose_both_passes_give_ten(last):
    # The first eleven digits give 10 on both passes: no check digit fits.
    assert bin_is_valid("10011862662" + last) is False


@pytest.mark.parametrize("value", ["000000000000", "151340000002", "990040000003"])
def test_it_rejects_a_number_whose_month_digits_are_no_month(value):
    # Each has a fitting check digit; digits 3-4 must be a month, 01 to 12.
    assert bin_is_valid(value) is False


@pytest.mark.parametrize(
    "value",
    [
        "１５０５４０００００００７",  # full-width digits
        "١٥٠٥٤٠٠٠٠٠٠٧",  # Arabic-Indic digits
        "15054000000７",  # one full-width digit among ASCII ones
        "15054000000²",  # superscript two: isdigit() is true for it
    ],
)
def test_it_rejects_non_ascii_digits_in_a_bin(value):
    assert bin_is_valid(value) is False


@pytest.mark.parametrize(
    "value", ["", "1505400000077", "15054000000", " 150540000007", "15054000000a"]
)
def test_it_rejects_a_bin_of_wrong_length_or_with_other_characters(value):
    assert bin_is_valid(value) is False


@pytest.mark.parametrize("case", KZ_PHONES, ids=[case["input"] for case in KZ_PHONES])
def test_it_normalises_each_field_kazakhstan_phone_case(case):
    assert phone_normalize(case["input"]) == case["stored"]


@pytest.mark.parametrize(
    "case", FOREIGN_PHONES, ids=[case["input"] for case in FOREIGN_PHONES]
)
def test_it_refuses_each_field_foreign_phone_case(case):
    with pytest.raises(ValidationFailed) as caught:
        phone_normalize(case["input"])

    assert caught.value.code == "phone_wrong_country"
    assert caught.value.message == (
        "Enter a phone number of Kazakhstan (+7 7xx or +7 6xx)."
    )


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("87011234567", "+77011234567"),
        ("7011234567", "+77011234567"),
        ("+7 (727) 250-00-00", "+77272500000"),
        ("８７０１１２３４５６７", "+77011234567"),  # full-width: stored as ASCII
    ],
)
def test_it_normalises_kazakhstan_numbers_in_other_spellings(value, stored):
    assert phone_normalize(value) == stored


def test_it_refuses_a_russian_number_typed_with_the_trunk_prefix():
    with pytest.raises(ValidationFailed) as caught:
        phone_normalize("8 913 123 45 67")

    assert caught.value.code == "phone_wrong_country"


@pytest.mark.parametrize("value", ["", "phone", "+7 600 123 4567", "123"])
def test_it_refuses_what_is_not_a_phone_number(value):
    with pytest.raises(ValidationFailed) as caught:
        phone_normalize(value, field="contact_phone")

    assert caught.value.code == "phone_invalid"
    assert caught.value.field == "contact_phone"


def test_it_refuses_a_number_with_an_extension():
    with pytest.raises(ValidationFailed) as caught:
        phone_normalize("+7 701 123 45 67 ext. 5")

    assert caught.value.code == "phone_extension"


def test_it_accepts_a_russian_number_where_a_russian_one_is_required():
    assert phone_normalize("8 913 123 45 67", "RU") == "+79131234567"
