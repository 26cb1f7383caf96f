"""The base calendar: what the `holidays` package knows about Kazakhstan.

Only this module talks to the package, so that an upgrade that renames its
attributes breaks in one place. Results are cached per year for the life of
the process: the package's data cannot change without a restart.
"""

import datetime as dt
import functools
from dataclasses import dataclass

import holidays

# The package names holidays in these languages; Russian readers get Kazakh,
# the state language, rather than English.
_PACKAGE_LANGUAGES = {"kk": "kk", "en": "en_US"}
_DEFAULT_LANGUAGE = "kk"


@dataclass(frozen=True)
class PackageYear:
    days_off: frozenset[dt.date]
    # Saturdays and Sundays that a government decree made working days, e.g.
    # Saturday 2024-05-04 in exchange for Wednesday 2024-05-08.
    weekend_workdays: frozenset[dt.date]
    # Islamic holidays whose date the package computed, not took from an act.
    estimated: frozenset[dt.date]


def package_version() -> str:
    return holidays.__version__


def package_is_working_day(day: dt.date) -> bool:
    """Apply the package's rule: Mon-Fri not off, or a decreed working weekend."""
    year = package_year(day.year)
    if day.weekday() >= 5:
        return day in year.weekend_workdays
    return day not in year.days_off


@functools.lru_cache(maxsize=32)
def package_year(year: int) -> PackageYear:
    # Neighbouring years are populated too: a decree of one year may move a
    # working day into the previous December (see 2014 in the package).
    years = (year - 1, year, year + 1)
    shown = holidays.KZ(years=years, islamic_show_estimated=True)
    plain = holidays.KZ(years=years, islamic_show_estimated=False)
    own_year = {day for day in shown if day.year == year}
    # The only public trace of an estimate is the label the package adds.
    estimated = {day for day in own_year if shown[day] != plain.get(day)}
    return PackageYear(
        days_off=frozenset(own_year),
        weekend_workdays=frozenset(
            day for day in shown.weekend_workdays if day.year == year
        ),
        estimated=frozenset(estimated),
    )


def package_holiday_name(day: dt.date, *, language: str) -> str | None:
    """Name the package gives DAY in LANGUAGE, or None for an ordinary day."""
    code = _PACKAGE_LANGUAGES.get(language, _DEFAULT_LANGUAGE)
    return _named_year(day.year, code).get(day)


@functools.lru_cache(maxsize=32)
def _named_year(year: int, language: str) -> dict[dt.date, str]:
    calendar = holidays.KZ(years=year, language=language)
    return dict(calendar.items())
