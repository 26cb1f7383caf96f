import datetime as dt

import pytest

from core.errors import ValidationFailed
from workdays.models import CalendarDay, DayKind
from workdays.services import calendar_day_confirm, calendar_day_set

DAY = dt.date(2026, 5, 27)


@pytest.mark.django_db
def test_it_creates_then_replaces_the_row_of_a_day():
    calendar_day_set(day=DAY, kind=DayKind.DAY_OFF, reason="  Kurban Ait ")
    calendar_day_set(day=DAY, kind=DayKind.WORKING_DAY, reason="Moved")

    row = CalendarDay.objects.get()
    assert (row.date, row.kind, row.reason, row.confirmed) == (
        DAY, DayKind.WORKING_DAY, "Moved", False
    )


@pytest.mark.django_db
def test_it_refuses_a_row_without_a_reason():
    with pytest.raises(ValidationFailed) as caught:
        calendar_day_set(day=DAY, kind=DayKind.DAY_OFF, reason="  ")

    assert caught.value.field == "reason"
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_an_unknown_kind_of_day():
    with pytest.raises(ValidationFailed) as caught:
        calendar_day_set(day=DAY, kind="holiday", reason="Kurban Ait")

    assert caught.value.field == "kind"


@pytest.mark.django_db
def test_it_refuses_to_confirm_a_row_without_its_act():
    with pytest.raises(ValidationFailed) as caught:
        calendar_day_set(
            day=DAY, kind=DayKind.DAY_OFF, reason="Kurban Ait", confirmed=True
        )

    assert caught.value.field == "legal_reference"
    assert str(caught.value) == "Name the act that sets this day before confirming it."


@pytest.mark.django_db
def test_it_confirms_a_row_and_records_its_act():
    calendar_day_set(day=DAY, kind=DayKind.DAY_OFF, reason="Kurban Ait")

    row = calendar_day_confirm(day=DAY, legal_reference=" Decision No. 1 ")

    row.refresh_from_db()
    assert (row.confirmed, row.legal_reference) == (True, "Decision No. 1")


@pytest.mark.django_db
def test_it_refuses_to_confirm_a_row_that_does_not_exist():
    with pytest.raises(ValidationFailed) as caught:
        calendar_day_confirm(day=DAY, legal_reference="Decision No. 1")

    assert str(caught.value) == "There is no calendar entry for 2026-05-27 to confirm."
