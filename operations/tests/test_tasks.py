import datetime as dt

import pytest
from huey.contrib.djhuey import db_task
from huey.exceptions import TaskException

from config import tasks
from operations.models import (
    BackupRecord,
    BackupStatus,
    Heartbeat,
    ProbeResult,
    TaskStat,
)
from operations.probes import Answer


@pytest.mark.django_db
def test_the_worker_beats_every_minute(clock):
    tasks.worker_heartbeat()

    assert Heartbeat.objects.get(name="worker").beat_at == clock.now


@db_task()
def _always_fails():
    raise ValueError("broken on purpose")


@pytest.mark.django_db
def test_a_failed_task_is_counted_for_the_metrics(settings):
    settings.LOG_INCIDENTS = False

    result = _always_fails()
    with pytest.raises(TaskException):
        result.get()

    stat = TaskStat.objects.get()
    assert stat.task.endswith("_always_fails")
    assert stat.failures == 1


@pytest.mark.django_db
def test_the_prober_task_records_results(clock, monkeypatch):
    monkeypatch.setattr("operations.probes.http_fetch",
                        lambda url: Answer(True, 200, 5))

    tasks.probe_portal()

    assert ProbeResult.objects.filter(function="home", ok=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_backup_task_writes_a_set_when_due_and_not_again(folders, clock, settings):
    settings.BACKUP_TIME = "02:00"
    clock.set(2026, 6, 15, 2, 5)

    tasks.backup_if_due()
    tasks.backup_if_due()

    record = BackupRecord.objects.get()
    assert record.status == BackupStatus.SUCCEEDED
    assert record.trigger == "scheduled"


@pytest.mark.django_db(transaction=True)
def test_a_failing_scheduled_backup_does_not_fail_the_task(
    folders, clock, settings, monkeypatch
):
    settings.LOG_INCIDENTS = False
    monkeypatch.setattr("operations.backup.engine_for",
                        lambda db: (_ for _ in ()).throw(OSError("disk gone")))

    tasks.backup_if_due()

    assert BackupRecord.objects.get().status == BackupStatus.FAILED
    assert not TaskStat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_weekly_check_runs_once_a_set_exists(folders, clock, settings):
    from operations.backup import backup_create
    from operations.models import VerificationRecord
    from operations.restore import verification_due

    settings.BACKUP_VERIFY_WEEKDAY = 0  # Monday; 15 June 2026 is a Monday
    settings.BACKUP_VERIFY_TIME = "04:00"
    clock.set(2026, 6, 15, 5, 0)
    assert not verification_due()  # nothing to check yet
    backup_create()

    tasks.backup_verify_if_due()
    tasks.backup_verify_if_due()

    assert VerificationRecord.objects.filter(ok=True).count() == 1
    clock.advance(days=7)
    assert verification_due()


@pytest.mark.django_db
def test_the_stale_vacancy_task_asks_and_closes(clock, mailoutbox):
    from tests.factories import EmployerFactory, UserFactory, VacancyFactory
    from vacancies.models import Status

    employer = EmployerFactory(members=[UserFactory()])
    old = VacancyFactory(employer=employer)
    clock.advance(days=31)
    tasks.stale_vacancies_daily()
    clock.advance(days=15)

    tasks.stale_vacancies_daily()

    old.refresh_from_db()
    assert old.status == Status.CLOSED
    assert clock.now - old.closed_at < dt.timedelta(seconds=1)


@pytest.mark.django_db
def test_the_stale_resume_task_tells_the_owner_and_hides_later(
    clock, mailoutbox, django_capture_on_commit_callbacks
):
    from resumes.models import Visibility
    from tests.factories import ResumeFactory, UserFactory

    owner = UserFactory(email="aigerim@example.kz", preferred_language="ru")
    resume = ResumeFactory(owner=owner)
    clock.advance(days=366)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.stale_resumes_daily()
    clock.advance(days=30)

    tasks.stale_resumes_daily()

    resume.refresh_from_db()
    assert resume.visibility == Visibility.HIDDEN
    assert [message.to for message in mailoutbox] == [["aigerim@example.kz"]]
    assert f"/ru/resumes/{resume.pk}/edit/" in mailoutbox[0].body
