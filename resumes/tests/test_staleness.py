"""Stale resumes: told after a year untouched, hidden 30 days later."""

import datetime as dt

import pytest
from django.core import mail

from core.localtime import ALMATY
from resumes.models import Visibility
from resumes.services import (
    ResumeData,
    resume_stale_hide_due,
    resume_stale_notify_due,
    resume_update,
)
from resumes.stale_selectors import resume_stale_report
from tests.factories import KatoUnitFactory, ResumeFactory, UserFactory
from tests.clock import clock_install

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return clock_install(monkeypatch, dt.datetime(2026, 3, 2, 9, 0, tzinfo=ALMATY))


@pytest.fixture
def resume(clock):
    owner = UserFactory(email="aigerim@example.kz", preferred_language="en")
    return ResumeFactory(owner=owner, title="Аспаз")


def link(resume) -> str:
    return f"https://enbek.example.kz/en/resumes/{resume.pk}/edit/"


def notify(captured) -> int:
    with captured(execute=True):
        return resume_stale_notify_due(link=link)


def test_the_full_cycle_with_a_frozen_clock(
    clock, resume, django_capture_on_commit_callbacks
):
    clock.advance(days=364, hours=23)
    assert notify(django_capture_on_commit_callbacks) == 0

    clock.advance(hours=2)  # a year and an hour untouched
    assert notify(django_capture_on_commit_callbacks) == 1
    resume.refresh_from_db()
    assert resume.stale_notified_at == clock.now
    assert resume.updated_at == clock.now - dt.timedelta(days=365, hours=1)
    assert [message.to for message in mail.outbox] == [["aigerim@example.kz"]]
    assert mail.outbox[0].subject == "Is your resume still current?"
    assert "on 2027-04-01 unless you open it" in mail.outbox[0].body
    assert link(resume) in mail.outbox[0].body

    # Told once, not every day; hidden only after the notice period.
    clock.advance(days=29)
    assert notify(django_capture_on_commit_callbacks) == 0
    assert resume_stale_hide_due() == 0

    clock.advance(days=1)
    assert resume_stale_hide_due() == 1
    resume.refresh_from_db()
    assert resume.visibility == Visibility.HIDDEN
    assert resume.hidden_as_stale_at == clock.now
    assert len(mail.outbox) == 1


def test_a_save_after_the_notice_keeps_the_resume_visible(
    clock, resume, django_capture_on_commit_callbacks
):
    clock.advance(days=366)
    notify(django_capture_on_commit_callbacks)

    clock.advance(days=10)
    resume_update(resume=resume, by=resume.owner,
                  data=ResumeData(title="Аспаз-кондитер"))
    clock.advance(days=20)

    assert resume_stale_hide_due() == 0
    resume.refresh_from_db()
    assert resume.visibility == Visibility.PUBLIC
    assert resume.stale_notified_at is None


def test_a_hidden_resume_saved_as_visible_is_shown_again(
    clock, resume, django_capture_on_commit_callbacks
):
    clock.advance(days=366)
    notify(django_capture_on_commit_callbacks)
    clock.advance(days=30)
    resume_stale_hide_due()

    resume_update(resume=resume, by=resume.owner,
                  data=ResumeData(title="Аспаз", visibility=Visibility.PUBLIC))

    resume.refresh_from_db()
    assert resume.visibility == Visibility.PUBLIC
    assert resume.hidden_as_stale_at is None


def test_a_resume_its_owner_hid_is_never_told(
    clock, django_capture_on_commit_callbacks
):
    ResumeFactory(visibility=Visibility.HIDDEN)
    clock.advance(days=400)

    assert notify(django_capture_on_commit_callbacks) == 0


def test_the_report_counts_stale_and_hidden_resumes_by_region(
    clock, django_capture_on_commit_callbacks
):
    almaty = KatoUnitFactory(code="750000000", name_kk="Алматы")
    ResumeFactory(region=almaty)
    ResumeFactory(region=almaty)
    ResumeFactory(region=None)
    clock.advance(days=366)
    ResumeFactory(region=almaty)  # fresh
    with django_capture_on_commit_callbacks(execute=True):
        resume_stale_notify_due(link=link)

    told = {group.region: group for group in resume_stale_report(now=clock.now)}
    clock.advance(days=30)
    resume_stale_hide_due()
    hidden = {group.region: group for group in resume_stale_report(now=clock.now)}

    assert [(g.region, g.stale, g.notified, g.hidden) for g in told.values()] == [
        ("Алматы", 2, 2, 0), ("", 1, 1, 0),
    ]
    assert [(g.region, g.stale, g.notified, g.hidden) for g in hidden.values()] == [
        ("Алматы", 0, 0, 2), ("", 0, 0, 1),
    ]
