import csv
import datetime as dt
import io

import pytest

from helpdesk.selectors import monthly_report
from helpdesk.services import request_close, request_reply
from tests.factories import TopicFactory


@pytest.fixture
def march(submit, clock, operator, topic):
    """Requests of March 2026 (and one on each side of it), answered or not."""
    billing = TopicFactory(name_en="=Billing")

    clock.set(2026, 2, 28, 23, 59)          # February in Almaty: not counted
    submit()
    clock.set(2026, 2, 28, 19, 30)          # 19:30 UTC ... see below
    clock.now = clock.now.replace(tzinfo=dt.UTC)  # 1 March 00:30 in Almaty
    first = submit().request
    clock.set(2026, 3, 2, 10, 0)
    second = submit().request               # due Thu 5 March 18:00
    third = submit(topic=billing).request
    fourth = submit(topic=None).request
    spam = submit(topic=None).request
    clock.set(2026, 3, 20, 10, 0)           # due after Nauryz, still in term
    fifth = submit().request
    clock.set(2026, 4, 1, 9, 0)
    submit()                                # April: not counted

    clock.set(2026, 3, 2, 12, 0)
    request_reply(request=first, by=operator, text="Answer")     # in time
    clock.set(2026, 3, 3, 10, 0)
    request_reply(request=second, by=operator, text="Answer")    # 24 h, in time
    clock.set(2026, 3, 6, 10, 0)
    request_reply(request=third, by=operator, text="Answer")     # late, 96 h
    request_close(request=spam, by=operator, reason="Spam")
    clock.set(2026, 3, 24, 12, 0)
    return {"billing": billing, "fourth": fourth, "fifth": fifth}


@pytest.mark.django_db
def test_it_counts_the_month_by_topic(march, clock):
    report = monthly_report(year=2026, month=3)

    search, billing, other = report.rows
    assert (search.topic, billing.topic, other.topic) == ("Search", "=Billing", "Other")
    assert (search.received, search.answered_in_time, search.answered_late,
            search.overdue_unanswered, search.within_term) == (3, 2, 0, 0, 1)
    assert (billing.received, billing.answered_late, billing.overdue) == (1, 1, 1)
    assert (other.received, other.overdue_unanswered, other.closed_unanswered) == (
        2, 1, 1
    )
    total = report.total
    assert (total.received, total.answered_in_time, total.overdue) == (6, 2, 2)


@pytest.mark.django_db
def test_it_gives_the_median_time_to_the_first_answer(march, clock):
    report = monthly_report(year=2026, month=3)

    search = report.rows[0]
    # Search: 35.5 h (received 1 March 00:30, answered 2 March 12:00) and 24 h.
    assert search.median_to_answer == dt.timedelta(hours=29.75)
    assert search.median_hours == 29.8
    # All three answers: 24 h, 35.5 h and 96 h.
    assert report.total.median_to_answer == dt.timedelta(hours=35.5)
    assert report.rows[2].median_to_answer is None


@pytest.mark.django_db
def test_it_reports_an_empty_month(db):
    report = monthly_report(year=2025, month=12)

    assert report.rows == []
    assert report.total.received == 0


@pytest.mark.django_db
def test_staff_export_the_report_as_csv(client, operator, march):
    client.force_login(operator)

    response = client.get("/en/feedback/desk/report.csv", {"year": 2026, "month": 3})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="feedback-2026-03.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        ["Topic", "Received", "Answered in time", "Answered late",
         "Unanswered, overdue", "Overdue, total", "Unanswered, within the term",
         "Closed without an answer", "Median time to answer, hours"],
        ["Search", "3", "2", "0", "0", "0", "1", "0", "29.8"],
        ["'=Billing", "1", "0", "1", "0", "1", "0", "0", "96.0"],
        ["Other", "2", "0", "0", "1", "1", "0", "1", ""],
        ["All topics", "6", "2", "1", "1", "2", "1", "1", "35.5"],
    ]


@pytest.mark.django_db
def test_the_report_page_shows_the_month(client, operator, march):
    client.force_login(operator)

    response = client.get("/en/feedback/desk/report/", {"year": 2026, "month": 3})

    assert response.status_code == 200
    assert response.context["report"].total.received == 6
    assert "29.8 h" in response.content.decode()


@pytest.mark.django_db
def test_the_csv_refuses_a_month_that_does_not_exist(client, operator):
    client.force_login(operator)

    response = client.get("/en/feedback/desk/report.csv", {"year": 2026, "month": 13})

    assert response.status_code == 400
    assert "month" in response.context["form"].errors
