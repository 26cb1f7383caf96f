import datetime as dt
import re

import pytest
from django.core.cache import cache

from incidents.services import incident_report
from operations.models import BackupRecord, BackupStatus, MaintenanceWindow, ProbeResult
from tests.factories import (
    EmployerFactory,
    KatoUnitFactory,
    ResumeFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import CloseReason, Status, Vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def record_minutes(clock, function: str, pattern: str) -> None:
    start = clock.now - dt.timedelta(minutes=len(pattern))
    for index, char in enumerate(pattern):
        ProbeResult.objects.create(
            function=function, ok=char == "+", status_code=200 if char == "+" else 502,
            latency_ms=100, checked_at=start + dt.timedelta(minutes=index),
        )


def test_the_dashboard_is_for_the_back_office(client, job_seeker, clock):
    anonymous = client.get("/en/operations/")
    client.force_login(job_seeker)
    seeker = client.get("/en/operations/")

    assert anonymous.status_code == 302
    assert seeker.status_code == 403


def test_the_dashboard_draws_uptime_incidents_and_backups(client, operator, clock):
    record_minutes(clock, "search", "+++--+++")
    incident_report(source="monitoring", title="Search is slow", fingerprint="probe:x",
                    severity="medium", function="search", actor="monitoring")
    BackupRecord.objects.create(set_id="20260615-020000-abcdef",
                                status=BackupStatus.SUCCEEDED, started_at=clock.now,
                                finished_at=clock.now, database_vendor="sqlite")
    client.force_login(operator)

    response = client.get("/en/operations/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 7  # the portal and six functions
    assert "<rect" in html and "available" in html
    assert "Search is slow" in html
    assert response.context["overall"] == "up"
    assert "<code>backup</code>" in html  # the readiness checks, at a glance
    assert "2 min 0 s" in html  # the outage's mean time to recover
    assert "20260615-020000-abcdef" in html
    rows = response.context["rows"]
    search = next(row for row, _ in rows if row.function == "search")
    assert search.total.outages == 1


def test_the_dashboard_keeps_a_mistyped_month_and_explains(client, operator, clock):
    client.force_login(operator)

    response = client.get("/en/operations/", {"month": "June"})

    assert response.status_code == 200
    assert response.context["form"]["month"].value() == "June"
    assert "Enter a month as year and month, for example 2026-06." in (
        response.content.decode()
    )
    assert (response.context["year"], response.context["month"]) == (2026, 6)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_status_page_is_public_in_three_languages(client, clock, language):
    record_minutes(clock, "home", "++++")

    response = client.get(f"/{language}/status/")

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert response.context["history"][0][0].function == "overall"
    assert len(response.context["history"][0][0].days) == 90


def test_the_status_page_says_what_does_not_work(client, clock):
    record_minutes(clock, "home", "+++")
    record_minutes(clock, "search", "+--")

    response = client.get("/en/status/")

    html = response.content.decode()
    assert response.context["overall"] == "down"
    assert "Some functions of the portal do not work." in html
    assert (
        '<li><span>Vacancy search</span> <span class="state down">does not work</span>'
        in html
    )
    assert '<li><span>Home page</span> <span class="state up">works</span>' in html


@pytest.mark.parametrize(
    ("language", "written", "seven_of_eight"),
    [
        ("kk", r"\d+,\d\d\xa0%", "87,50\xa0%"),
        ("ru", r"\d+,\d\d\xa0%", "87,50\xa0%"),
        ("en", r"\d+\.\d\d%", "87.50%"),
    ],
)
def test_the_status_page_writes_every_percentage_one_way_per_language(
    client, clock, language, written, seven_of_eight
):
    record_minutes(clock, "home", "++++")
    record_minutes(clock, "search", "+++++++-")

    response = client.get(f"/{language}/status/")

    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    percentages = re.findall(r"\d[\d.,]*\s*%", text)
    assert len(percentages) > 10  # figures, bar titles, summaries, legend
    assert [each for each in percentages if not re.fullmatch(written, each)] == []
    assert seven_of_eight in text


def test_the_status_page_announces_planned_maintenance(client, clock):
    MaintenanceWindow.objects.create(
        starts_at=clock.now + dt.timedelta(days=1),
        ends_at=clock.now + dt.timedelta(days=1, hours=2), reason="Server move",
    )

    response = client.get("/en/status/")

    assert "Server move" in response.content.decode()


def test_the_main_menu_links_to_the_status_page(client, clock):
    response = client.get("/en/status/")

    assert '<a href="/en/status/">Status</a>' in response.content.decode()


# --- Stale vacancies -------------------------------------------------------------

def test_the_stale_report_groups_by_region_and_employer(client, operator, clock):
    employer = EmployerFactory(name="ТОО Ескі")
    VacancyFactory(employer=employer)
    clock.advance(days=40)
    client.force_login(operator)

    response = client.get("/en/operations/stale-vacancies/")

    assert response.status_code == 200
    assert [(g.employer, g.stale) for g in response.context["groups"]] == [
        ("ТОО Ескі", 1)
    ]
    assert response.context["may_close"]


def test_the_stale_report_counts_resumes_by_region(client, operator, clock):
    almaty = KatoUnitFactory(code="750000000", name_kk="Алматы")
    ResumeFactory(region=almaty)
    clock.advance(days=400)
    client.force_login(operator)

    response = client.get("/en/operations/stale-vacancies/")

    assert [(g.region, g.stale) for g in response.context["resume_groups"]] == [
        ("Алматы", 1)
    ]
    assert "Алматы" in response.content.decode()


def test_the_back_office_closes_a_stale_vacancy_as_expired(client, operator, clock):
    vacancy = VacancyFactory()
    clock.advance(days=40)
    client.force_login(operator)

    response = client.post("/en/operations/stale-vacancies/", {"vacancy": vacancy.pk})

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.close_reason) == (
        Status.CLOSED, CloseReason.EXPIRED,
    )


def test_a_fresh_vacancy_cannot_be_closed_from_the_report(client, operator, clock):
    vacancy = VacancyFactory()
    client.force_login(operator)

    response = client.post("/en/operations/stale-vacancies/", {"vacancy": vacancy.pk})

    assert response.status_code == 404
    assert Vacancy.objects.get(pk=vacancy.pk).status == Status.PUBLISHED


def test_an_auditor_reads_the_report_but_cannot_close(client, clock):
    auditor = UserFactory(role="auditor", is_staff=True)
    vacancy = VacancyFactory()
    clock.advance(days=40)
    client.force_login(auditor)

    page = client.get("/en/operations/stale-vacancies/")
    refused = client.post("/en/operations/stale-vacancies/", {"vacancy": vacancy.pk})

    assert page.status_code == 200
    assert not page.context["may_close"]
    assert refused.status_code == 403


def asked_vacancy(clock, django_capture_on_commit_callbacks):
    from vacancies.services import vacancy_reconfirm_token, vacancy_stale_ask_due

    vacancy = VacancyFactory()
    clock.advance(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_stale_ask_due(link=lambda token: token)
    vacancy.refresh_from_db()
    return vacancy, vacancy_reconfirm_token(vacancy)


def test_the_emailed_link_shows_one_button_and_changes_nothing_by_itself(
    client, clock, django_capture_on_commit_callbacks
):
    vacancy, token = asked_vacancy(clock, django_capture_on_commit_callbacks)

    response = client.get(f"/en/operations/reconfirm/{token}/")

    assert response.status_code == 200
    assert "Yes, the vacancy is still open" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.reconfirmed_at is None


def test_one_click_reconfirms_the_vacancy(
    client, clock, django_capture_on_commit_callbacks
):
    vacancy, token = asked_vacancy(clock, django_capture_on_commit_callbacks)

    response = client.post(f"/en/operations/reconfirm/{token}/")

    assert response.status_code == 200
    assert "stays published" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.reconfirmed_at == clock.now


def test_a_damaged_link_explains_itself_without_a_stack_trace(client, clock):
    response = client.post("/en/operations/reconfirm/not-a-token/")

    assert response.status_code == 400
    assert "This link is damaged. Copy the whole address from the email." in (
        response.content.decode()
    )
