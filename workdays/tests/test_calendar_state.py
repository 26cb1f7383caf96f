"""Calendar version, provisional days and whether a year is settled."""

import datetime as dt

import holidays
import pytest
from django.utils import translation

from workdays.models import CalendarDay, DayKind
from workdays.selectors import (
    CALENDAR_VERSION_MAX_LENGTH,
    calendar_covers,
    calendar_version,
    provisional_days,
)
from workdays.services import calendar_day_set

KURBAN_2026 = dt.date(2026, 5, 27)  # the package's estimate


@pytest.mark.django_db
def test_it_names_the_package_version_in_the_calendar_version():
    version = calendar_version()

    assert version == f"holidays-{holidays.__version__}+table-0-e3b0c44298fc"
    assert len(version) <= CALENDAR_VERSION_MAX_LENGTH


@pytest.mark.django_db
def test_it_changes_the_calendar_version_with_every_table_change():
    empty = calendar_version()

    row = calendar_day_set(day=dt.date(2025, 4, 2), kind=DayKind.DAY_OFF, reason="A")
    one_row = calendar_version()
    calendar_day_set(day=row.date, kind=DayKind.WORKING_DAY, reason="A")
    changed_kind = calendar_version()
    CalendarDay.objects.filter(pk=row.pk).delete()

    assert len({empty, one_row, changed_kind}) == 3
    assert "+table-1-" in one_row
    assert calendar_version() == empty


@pytest.mark.django_db
def test_it_keeps_the_calendar_version_when_only_the_wording_changes():
    calendar_day_set(day=dt.date(2025, 4, 2), kind=DayKind.DAY_OFF, reason="A")
    before = calendar_version()

    calendar_day_set(day=dt.date(2025, 4, 2), kind=DayKind.DAY_OFF, reason="B")

    assert calendar_version() == before


@pytest.mark.django_db
def test_it_shows_an_estimated_kurban_ait_as_provisional():
    days = provisional_days(2026)

    assert [(d.date, d.origin) for d in days] == [(KURBAN_2026, "package")]
    assert days[0].name == "Eid al-Adha (estimated)"


@pytest.mark.django_db
def test_it_names_a_provisional_day_in_kazakh_for_kazakh_and_russian_pages():
    for language in ("kk", "ru"):
        with translation.override(language):
            assert provisional_days(2026)[0].name == "Құрбан айт (бағаланған)"


@pytest.mark.django_db
def test_it_lists_no_provisional_day_for_a_year_of_known_dates():
    assert provisional_days(2025) == []


@pytest.mark.django_db
def test_it_keeps_kurban_ait_provisional_until_a_row_is_confirmed():
    calendar_day_set(day=KURBAN_2026, kind=DayKind.DAY_OFF, reason="Kurban Ait")
    assert [d.date for d in provisional_days(2026)] == [KURBAN_2026]

    calendar_day_set(
        day=KURBAN_2026,
        kind=DayKind.DAY_OFF,
        reason="Kurban Ait",
        legal_reference="Decision of the Spiritual Administration, 2026",
        confirmed=True,
    )

    assert provisional_days(2026) == []


@pytest.mark.django_db
def test_it_lists_unconfirmed_table_rows_as_provisional():
    calendar_day_set(day=dt.date(2025, 12, 31), kind=DayKind.DAY_OFF, reason="Draft")

    days = provisional_days(2025)

    assert [(d.date, d.name, d.origin) for d in days] == [
        (dt.date(2025, 12, 31), "Draft", "table")
    ]


@pytest.mark.django_db
def test_it_treats_a_year_without_confirmed_rows_as_not_covered():
    assert calendar_covers(2025) is False


@pytest.mark.django_db
def test_it_covers_a_year_with_a_confirmed_row_and_nothing_provisional():
    calendar_day_set(
        day=dt.date(2025, 1, 3),
        kind=DayKind.DAY_OFF,
        reason="Day off moved from Sunday 5 January",
        legal_reference="Government decree, 2024",
        confirmed=True,
    )

    assert calendar_covers(2025) is True
    assert calendar_covers(2024) is False


@pytest.mark.django_db
def test_it_does_not_cover_a_year_with_a_provisional_kurban_ait():
    calendar_day_set(
        day=dt.date(2026, 1, 2),
        kind=DayKind.DAY_OFF,
        reason="New Year",
        legal_reference="Law on holidays",
        confirmed=True,
    )
    assert calendar_covers(2026) is False

    calendar_day_set(
        day=KURBAN_2026,
        kind=DayKind.DAY_OFF,
        reason="Kurban Ait",
        legal_reference="Decision of the Spiritual Administration, 2026",
        confirmed=True,
    )

    assert calendar_covers(2026) is True
