"""Salary offers from HeadHunter records and free-text salary lines.

Texts seen in the sources: "250 000-300 000 KZT", "от 200 000 KZT",
"до 25 000 руб.", "от 1 000 USD", "150 000 – 350 000 ₸ до вычета налогов",
"от 2 000 $ на руки", "Not specified", with no-break spaces of two kinds
between the digits.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# The columns hold 32-bit integers; larger amounts are typing errors.
AMOUNT_MAX = 2_147_483_647

# Every way the sources write a currency -> ISO 4217 code. hh.ru writes RUR
# for the rouble and BYR for the Belarusian rouble after its 2016 re-issue.
CURRENCY_CODES: dict[str, str] = {
    "kzt": "KZT",
    "₸": "KZT",
    "тг": "KZT",
    "тенге": "KZT",
    "теңге": "KZT",
    "rur": "RUB",
    "rub": "RUB",
    "руб": "RUB",
    "р": "RUB",
    "₽": "RUB",
    "byr": "BYN",
    "byn": "BYN",
    "белруб": "BYN",
    "бр": "BYN",
    "usd": "USD",
    "$": "USD",
    "eur": "EUR",
    "€": "EUR",
    "uzs": "UZS",
    "сум": "UZS",
    "kgs": "KGS",
    "сом": "KGS",
    "cny": "CNY",
    "¥": "CNY",
}
_NO_SALARY = {
    "",
    "not specified",
    "не указана",
    "не указано",
    "з/п не указана",
    "по договоренности",
    "договорная",
    "-",
}
_GROSS_MARKS = {
    "до вычета налогов": True,
    "gross": True,
    "на руки": False,
    "после вычета налогов": False,
    "net": False,
}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_NUMBER = r"\d+(?: \d{3})*"
_FORMS = [
    re.compile(
        rf"^(?:от |from )?(?P<low>{_NUMBER})-(?P<high>{_NUMBER}) ?(?P<cur>\D*)$"
    ),
    re.compile(
        rf"^(?:от|from) (?P<low>{_NUMBER}) (?:до|to) (?P<high>{_NUMBER}) ?(?P<cur>\D*)$"
    ),
    re.compile(rf"^(?:от|from) (?P<low>{_NUMBER}) ?(?P<cur>\D*)$"),
    re.compile(rf"^(?:до|up to|to) (?P<high>{_NUMBER}) ?(?P<cur>\D*)$"),
    re.compile(rf"^(?P<exact>{_NUMBER}) ?(?P<cur>\D*)$"),
]


class SalaryError(ValueError):
    """A salary that cannot be stored; the message says why."""


@dataclass(frozen=True)
class SalaryOffer:
    amount_from: int | None
    amount_to: int | None
    currency: str  # ISO 4217
    gross: bool | None  # None: the source does not say

    @property
    def upper(self) -> int | None:
        return self.amount_to if self.amount_to is not None else self.amount_from


def currency_code(text: str) -> str:
    """Return the ISO code for a currency as the sources write it."""
    key = _SPACES.sub("", text.casefold()).replace(".", "")
    code = CURRENCY_CODES.get(key)
    if code is None:
        raise SalaryError(_("Unknown currency: %(currency)s") % {"currency": text})
    return code


def salary_offer(
    *, amount_from: object, amount_to: object, currency: str, gross: bool | None
) -> SalaryOffer | None:
    """Check the parts of an offer; None when it names no amount."""
    low = _amount(amount_from)
    high = _amount(amount_to)
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        raise SalaryError(
            _("Salary from %(low)s is above salary to %(high)s")
            % {"low": low, "high": high}
        )
    return SalaryOffer(low, high, currency_code(currency), gross)


def parse_salary_text(text: str) -> SalaryOffer | None:
    """Parse a salary line of a vacancy card; None when it names no salary."""
    line = _DASHES.sub("-", _SPACES.sub(" ", text.casefold())).strip()
    if line in _NO_SALARY:
        return None
    gross = None
    for mark, is_gross in _GROSS_MARKS.items():
        if line.endswith(" " + mark):
            line, gross = line[: -len(mark) - 1].strip(), is_gross
            break
    for form in _FORMS:
        match = form.match(line)
        if match:
            parts = match.groupdict()
            exact = parts.get("exact")
            if not parts["cur"].strip():
                raise SalaryError(
                    _("Salary without a currency: %(text)s") % {"text": text}
                )
            return salary_offer(
                amount_from=exact or parts.get("low"),
                amount_to=exact or parts.get("high"),
                currency=parts["cur"],
                gross=gross,
            )
    raise SalaryError(_("Salary not understood: %(text)s") % {"text": text})


def _amount(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = value.replace(" ", "")
    try:
        amount = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        message = _("Salary is not a number: %(value)s") % {"value": value}
        raise SalaryError(message) from None
    if isinstance(value, float) and value != amount:
        raise SalaryError(
            _("Salary is not a whole number: %(value)s") % {"value": value}
        )
    if amount <= 0 or amount > AMOUNT_MAX:
        raise SalaryError(_("Salary out of range: %(value)s") % {"value": value})
    return amount
