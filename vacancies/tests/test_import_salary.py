import pytest
from django.utils import translation

from vacancies.importing.salary import (
    SalaryError,
    SalaryOffer,
    parse_salary_text,
    salary_offer,
)

NBSP = "\u00a0"  # hhkz_vacancies_2020.csv
NNBSP = "\u202f"  # hhkz_it_vacancies_2024.csv


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# Strings as they stand in the source files, and what they must become.
@pytest.mark.parametrize(
    ("text", "offer"),
    [
        (f"250{NBSP}000-300{NBSP}000 KZT", SalaryOffer(250000, 300000, "KZT", None)),
        (f"от 200{NBSP}000 KZT", SalaryOffer(200000, None, "KZT", None)),
        (f"до 450{NBSP}000 KZT", SalaryOffer(None, 450000, "KZT", None)),
        (f"до 25{NBSP}000 руб.", SalaryOffer(None, 25000, "RUB", None)),
        (f"70{NBSP}000-90{NBSP}000 руб.", SalaryOffer(70000, 90000, "RUB", None)),
        (f"от 1{NBSP}000 USD", SalaryOffer(1000, None, "USD", None)),
        ("от 650 USD", SalaryOffer(650, None, "USD", None)),
        (f"от 1{NBSP}000 EUR", SalaryOffer(1000, None, "EUR", None)),
        (f"от 1{NBSP}000 бел.{NBSP}руб.", SalaryOffer(1000, None, "BYN", None)),
        (
            f"120{NBSP}000-1{NBSP}000{NBSP}000 KZT",
            SalaryOffer(120000, 1000000, "KZT", None),
        ),
        (f"200{NBSP}000-200{NBSP}000 KZT", SalaryOffer(200000, 200000, "KZT", None)),
        (f"до 126{NBSP}250 KZT", SalaryOffer(None, 126250, "KZT", None)),
        (
            f"150{NNBSP}000 – 350{NNBSP}000 ₸ до вычета налогов",
            SalaryOffer(150000, 350000, "KZT", True),
        ),
        (
            f"350{NNBSP}000 – 430{NNBSP}000 ₸ на руки",
            SalaryOffer(350000, 430000, "KZT", False),
        ),
        (f"от 2{NNBSP}000 $ на руки", SalaryOffer(2000, None, "USD", False)),
        (
            f"до 123{NNBSP}100 ₸ до вычета налогов",
            SalaryOffer(None, 123100, "KZT", True),
        ),
        (
            f"от 1{NNBSP}500{NNBSP}000 ₸ на руки",
            SalaryOffer(1500000, None, "KZT", False),
        ),
        (f"645 – 1{NNBSP}100 $ на руки", SalaryOffer(645, 1100, "USD", False)),
        (f"от 120{NNBSP}000 ₽ на руки", SalaryOffer(120000, None, "RUB", False)),
        (
            f"2{NNBSP}800 – 5{NNBSP}500 $ до вычета налогов",
            SalaryOffer(2800, 5500, "USD", True),
        ),
        ("от 200 000 до 300 000 тенге", SalaryOffer(200000, 300000, "KZT", None)),
        ("100 000 KZT", SalaryOffer(100000, 100000, "KZT", None)),
        ("от 3 000 000 сум", SalaryOffer(3000000, None, "UZS", None)),
        ("  от\t200 000   KZT  ", SalaryOffer(200000, None, "KZT", None)),
    ],
)
def test_it_reads_the_salary_texts_of_the_sources(text, offer):
    assert parse_salary_text(text) == offer


@pytest.mark.parametrize(
    "text", ["", "   ", "Not specified", "не указана", "По договоренности"]
)
def test_it_reads_no_salary_from_texts_that_name_none(text):
    assert parse_salary_text(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"50{NBSP}000-40{NBSP}000 KZT", "Salary from 50000 is above salary to 40000"),
        (
            f"300{NNBSP}000 – 200{NNBSP}000 ₸ на руки",
            "Salary from 300000 is above salary to 200000",
        ),
        ("от 100 000", "Salary without a currency: от 100 000"),
        ("от 100 000 дублонов", "Unknown currency: дублонов"),
        ("сколько скажете", "Salary not understood: сколько скажете"),
        ("от 0 KZT", "Salary out of range: 0"),
        ("до 99 999 999 999 KZT", "Salary out of range: 99999999999"),
    ],
)
def test_it_refuses_salaries_that_cannot_be_stored(text, reason):
    with pytest.raises(SalaryError) as raised:
        parse_salary_text(text)
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("currency", "code"),
    [("RUR", "RUB"), ("BYR", "BYN"), ("KZT", "KZT"), ("UZS", "UZS"), ("EUR", "EUR")],
)
def test_it_turns_hh_currency_codes_into_iso_codes(currency, code):
    offer = salary_offer(amount_from=100, amount_to=None, currency=currency, gross=None)

    assert offer == SalaryOffer(100, None, code, None)


def test_it_reads_no_offer_from_an_hh_salary_without_amounts():
    assert (
        salary_offer(amount_from=None, amount_to=None, currency="RUR", gross=True)
        is None
    )


def test_it_rejects_an_hh_salary_range_upside_down():
    with pytest.raises(SalaryError) as raised:
        salary_offer(amount_from=500000, amount_to=300000, currency="KZT", gross=False)
    assert str(raised.value) == "Salary from 500000 is above salary to 300000"


def test_the_upper_end_is_the_to_amount_or_else_the_from_amount():
    assert SalaryOffer(100, 200, "KZT", None).upper == 200
    assert SalaryOffer(100, None, "KZT", None).upper == 100
    assert SalaryOffer(None, 300, "KZT", None).upper == 300
