import datetime as dt

import pytest
from django.urls import reverse

from workdays.models import CalendarDay, DayKind
from workdays.services import calendar_day_set


@pytest.fixture
def admin_client_kk(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.django_db
def test_it_warns_the_administrator_about_unsettled_years(admin_client_kk):
    response = admin_client_kk.get(
        reverse("admin:workdays_calendarday_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    texts = [str(message) for message in response.context["messages"]]
    assert any("is not settled" in text for text in texts)


@pytest.mark.django_db
def test_it_keeps_the_typed_row_and_explains_a_missing_act(admin_client_kk):
    response = admin_client_kk.post(
        reverse("admin:workdays_calendarday_add"),
        {
            "date": "2026-05-27",
            "kind": DayKind.DAY_OFF,
            "reason": "Kurban Ait",
            "legal_reference": "",
            "confirmed": "on",
        },
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["legal_reference"] == [
        "Name the act that sets this day before confirming it."
    ]
    assert form["reason"].value() == "Kurban Ait"
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_it_confirms_the_selected_days_from_the_list(admin_client_kk):
    calendar_day_set(
        day=dt.date(2026, 5, 27),
        kind=DayKind.DAY_OFF,
        reason="Kurban Ait",
        legal_reference="Decision No. 1",
    )
    calendar_day_set(day=dt.date(2026, 5, 28), kind=DayKind.DAY_OFF, reason="Draft")

    admin_client_kk.post(
        reverse("admin:workdays_calendarday_changelist"),
        {
            "action": "confirm_days",
            "_selected_action": list(CalendarDay.objects.values_list("pk", flat=True)),
        },
    )

    confirmed = dict(CalendarDay.objects.values_list("date", "confirmed"))
    assert confirmed == {dt.date(2026, 5, 27): True, dt.date(2026, 5, 28): False}
