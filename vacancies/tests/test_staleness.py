"""Stale vacancies: asked after 30 days, closed as expired 14 days later."""

import datetime as dt

import pytest
from django.core import mail, signing
from django.utils import translation

from core.errors import Conflict, Forbidden, ValidationFailed
from core.localtime import ALMATY
from tests.factories import EmployerFactory, UserFactory, VacancyFactory
from vacancies.models import CloseReason, Status, Vacancy
from vacancies.services import (
    vacancy_reconfirm,
    vacancy_reconfirm_by,
    vacancy_reconfirm_token,
    vacancy_stale_ask_due,
    vacancy_stale_close,
    vacancy_stale_expire_due,
    vacancy_update,
)
from vacancies.stale_selectors import vacancies_stale, vacancy_stale_report
from tests.clock import clock_install

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def clock(monkeypatch):
    return clock_install(monkeypatch, dt.datetime(2026, 3, 2, 9, 0, tzinfo=ALMATY))


@pytest.fixture
def employer(db):
    member = UserFactory(email="hr@alatau.kz", preferred_language="en")
    return EmployerFactory(
        name="ТОО Алатау", contact_email="jobs@alatau.kz", members=[member]
    )


def links(token: str) -> str:
    return f"https://enbek.example.kz/kk/operations/reconfirm/{token}/"


def ask(captured) -> int:
    with captured(execute=True):
        return vacancy_stale_ask_due(link=links)


def test_the_full_cycle_with_a_frozen_clock(
    clock, employer, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(employer=employer, title="Бухгалтер")

    clock.advance(days=29, hours=23)
    assert ask(django_capture_on_commit_callbacks) == 0

    clock.advance(hours=2)  # 30 days and an hour without a change
    assert ask(django_capture_on_commit_callbacks) == 1
    vacancy.refresh_from_db()
    assert vacancy.stale_notified_at == clock.now
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["hr@alatau.kz", "jobs@alatau.kz"]
    assert mail.outbox[0].subject == "Are your vacancies still open?"
    assert links(vacancy_reconfirm_token(vacancy)) in mail.outbox[0].body
    assert "by 2026-04-15" in mail.outbox[0].body

    # Asked once per stale period, not every day.
    clock.advance(days=1)
    assert ask(django_capture_on_commit_callbacks) == 0
    assert vacancy_stale_expire_due() == 0

    clock.advance(days=13)  # 14 days after the question
    assert vacancy_stale_expire_due() == 1
    vacancy.refresh_from_db()
    assert vacancy.status == Status.CLOSED
    assert vacancy.close_reason == CloseReason.EXPIRED
    assert vacancy.closed_at == clock.now


def test_one_click_on_the_link_keeps_the_vacancy_open(
    clock, employer, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(employer=employer)
    clock.advance(days=31)
    ask(django_capture_on_commit_callbacks)
    vacancy.refresh_from_db()
    token = vacancy_reconfirm_token(vacancy)

    clock.advance(days=3)
    vacancy_reconfirm(token=token)
    again = vacancy_reconfirm(token=token)  # a second click is harmless

    assert again.reconfirmed_at == clock.now
    assert again.stale_notified_at is None
    clock.advance(days=20)
    assert vacancy_stale_expire_due() == 0
    # The next question comes 30 days after the reconfirmation.
    clock.advance(days=9)
    assert ask(django_capture_on_commit_callbacks) == 0
    clock.advance(days=2)
    assert ask(django_capture_on_commit_callbacks) == 1


def test_a_change_by_the_employer_after_the_question_keeps_it_open(
    clock, employer, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(employer=employer)
    clock.advance(days=31)
    ask(django_capture_on_commit_callbacks)
    clock.advance(days=5)

    vacancy_update(vacancy=vacancy, by=employer.members.get(),
                   changes={"title": "Бас бухгалтер"})
    clock.advance(days=10)

    assert vacancy_stale_expire_due() == 0
    assert Vacancy.objects.get(pk=vacancy.pk).status == Status.PUBLISHED


def test_a_forged_or_damaged_link_is_refused(clock, employer):
    vacancy = VacancyFactory(employer=employer)
    forged = signing.dumps({"v": vacancy.pk, "n": 1}, salt="another.salt")

    with pytest.raises(ValidationFailed) as refused:
        vacancy_reconfirm(token=forged)

    assert refused.value.message == (
        "This link is damaged. Copy the whole address from the email."
    )


def test_an_old_link_has_expired(clock, employer, django_capture_on_commit_callbacks):
    vacancy = VacancyFactory(employer=employer)
    clock.advance(days=31)
    ask(django_capture_on_commit_callbacks)
    vacancy.refresh_from_db()
    token = vacancy_reconfirm_token(vacancy)

    clock.advance(days=22)
    with pytest.raises(ValidationFailed) as refused:
        vacancy_reconfirm(token=token)

    assert refused.value.code == "reconfirm_link_expired"


def test_a_link_of_a_closed_vacancy_says_it_is_closed(
    clock, employer, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(employer=employer)
    clock.advance(days=31)
    ask(django_capture_on_commit_callbacks)
    vacancy.refresh_from_db()
    token = vacancy_reconfirm_token(vacancy)
    clock.advance(days=15)
    vacancy_stale_expire_due()

    with pytest.raises(Conflict) as refused:
        vacancy_reconfirm(token=token)

    assert refused.value.code == "vacancy_closed"


def test_imported_and_draft_vacancies_are_not_asked(
    clock, employer, django_capture_on_commit_callbacks
):
    VacancyFactory(employer=employer, source="hh", external_id="1")
    VacancyFactory(employer=employer, status=Status.DRAFT)
    clock.advance(days=60)

    assert ask(django_capture_on_commit_callbacks) == 0
    assert vacancy_stale_expire_due() == 0


def test_a_member_reconfirms_from_the_cabinet_and_a_stranger_cannot(clock, employer):
    vacancy = VacancyFactory(employer=employer)
    clock.advance(days=31)

    with pytest.raises(Forbidden):
        vacancy_reconfirm_by(vacancy=vacancy, by=UserFactory())
    vacancy_reconfirm_by(vacancy=vacancy, by=employer.members.get())

    assert list(vacancies_stale(now=clock.now)) == []


def test_an_administrator_closes_a_stale_vacancy_at_once(
    clock, employer, administrator
):
    vacancy = VacancyFactory(employer=employer)

    closed = vacancy_stale_close(vacancy=vacancy, by=administrator)

    assert (closed.status, closed.close_reason) == (Status.CLOSED, CloseReason.EXPIRED)


def test_the_report_counts_stale_vacancies_by_region_and_employer(
    clock, employer, django_capture_on_commit_callbacks
):
    from tests.factories import KatoUnitFactory

    almaty = KatoUnitFactory(code="750000000", name_kk="Алматы")
    other = EmployerFactory(name="ТОО Бәйтерек")
    VacancyFactory(employer=employer, oblast=almaty)
    VacancyFactory(employer=employer, oblast=almaty)
    VacancyFactory(employer=other)
    clock.advance(days=31)
    ask(django_capture_on_commit_callbacks)
    clock.advance(days=14)
    VacancyFactory(employer=other)  # fresh: not stale

    rows = vacancy_stale_report(now=clock.now)

    assert [(r.region, r.employer, r.stale, r.asked, r.expiring) for r in rows] == [
        ("", "ТОО Бәйтерек", 1, 1, 1),
        ("Алматы", "ТОО Алатау", 2, 2, 2),
    ]


def test_an_employer_without_an_address_is_skipped_with_a_warning(
    clock, caplog, django_capture_on_commit_callbacks
):
    silent = EmployerFactory(name="ТОО Тыныш")
    VacancyFactory(employer=silent)
    clock.advance(days=31)

    assert ask(django_capture_on_commit_callbacks) == 1
    assert mail.outbox == []
    assert f"employer {silent.pk} has no address" in caplog.text
