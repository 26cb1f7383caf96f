"""Reference rates for comparing salaries offered in different currencies.

Salary filters and sorting compare the upper end of an offer in tenge. The
rates are fixed reference values, not the day's market, because a filter
must not move a vacancy in or out of results from one day to the next.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

# The day the rates below stand for. They are approximate: rounded figures
# near the National Bank of Kazakhstan's official rates of that time, not its
# exact fixing. The importer imports its files again when a rate changes.
RATES_DATE = dt.date(2025, 6, 2)

# Tenge per unit, rounded reference rates of the National Bank of Kazakhstan.
# TODO: load the rates from the National Bank's daily file once the exchange
# with state systems (duty 4.4 of the Rules) is built; until then, review
# these numbers every quarter.
KZT_RATES: dict[str, Decimal] = {
    "KZT": Decimal("1"),
    "USD": Decimal("510"),
    "EUR": Decimal("590"),
    "RUB": Decimal("6.3"),
    "RUR": Decimal("6.3"),  # hh.ru's code for the rouble
    "BYN": Decimal("170"),
    "BYR": Decimal("170"),  # hh.ru's code for the Belarusian rouble since 2016
    "KGS": Decimal("5.9"),
    "UZS": Decimal("0.04"),
    "CNY": Decimal("70"),
}


def to_kzt(amount: int | None, currency: str) -> int | None:
    """Return AMOUNT of CURRENCY in whole tenge, or None if either is unknown."""
    rate = KZT_RATES.get(currency.upper())
    if amount is None or rate is None:
        return None
    return int((Decimal(amount) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
