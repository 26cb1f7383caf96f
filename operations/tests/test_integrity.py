import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from incidents.models import Incident
from operations import integrity
from operations.backup import backup_create
from operations.integrity import integrity_check
from operations.models import Heartbeat
from tests.factories import VacancyFactory
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def test_a_clean_database_passes_and_the_run_is_recorded(folders, clock):
    VacancyFactory()

    report = integrity_check()

    assert report.ok
    assert report.database == []
    assert not Incident.objects.exists()
    assert Heartbeat.objects.get(name="integrity").beat_at == clock.now


def test_a_row_pointing_to_a_missing_row_opens_an_incident(folders, clock):
    vacancy = VacancyFactory()
    # Foreign keys are checked at commit on both databases; the test's
    # transaction never commits, so the broken row can exist inside it.
    Vacancy.objects.filter(pk=vacancy.pk).update(employer_id=987654)

    report = integrity_check()
    # Django checks the constraints before it rolls the test back.
    Vacancy.objects.filter(pk=vacancy.pk).update(employer_id=vacancy.employer_id)

    assert not report.ok
    assert (
        "1 rows of vacancies_vacancy point to missing rows of employers_employer "
        "(employer)"
    ) in report.database
    incident = Incident.objects.get(fingerprint="integrity:database")
    assert (incident.source, incident.severity, incident.status) == (
        "monitoring", "high", "open"
    )


def test_a_file_that_no_longer_matches_its_checksum_is_reported(
    folders, clock, monkeypatch
):
    name = default_storage.save("attachments/a.pdf", ContentFile(b"original"))
    recorded = hashlib.sha256(b"original").hexdigest()
    monkeypatch.setattr(integrity, "_recorded_checksums", lambda: iter([
        (default_storage, name, recorded),
        (default_storage, "attachments/gone.pdf", recorded),
    ]))
    with default_storage.open(name, "wb") as handle:
        handle.write(b"tampered")

    report = integrity_check()

    assert report.files == [
        f"file {name} does not match its recorded checksum",
        "file attachments/gone.pdf is missing",
    ]
    assert report.files_checked == 2
    assert Incident.objects.get(fingerprint="integrity:files").status == "open"


def test_a_referenced_file_that_is_missing_is_reported(folders, clock, monkeypatch):
    monkeypatch.setattr(integrity, "_referenced_files", lambda: iter([
        (default_storage, "content/news/missing.png"),
    ]))

    report = integrity_check()

    assert report.files == ["file content/news/missing.png is referenced but missing"]


def test_a_clean_run_resolves_the_earlier_incident(folders, clock, monkeypatch):
    monkeypatch.setattr(integrity, "_referenced_files", lambda: iter([
        (default_storage, "content/news/missing.png"),
    ]))
    integrity_check()
    monkeypatch.setattr(integrity, "_referenced_files", lambda: iter([]))

    integrity_check()

    incident = Incident.objects.get(fingerprint="integrity:files")
    assert incident.status == "resolved"
    assert incident.resolution == "The nightly integrity check found no problem."


def test_the_real_file_fields_of_the_portal_are_walked(folders):
    fields = {name for _, name in integrity._referenced_files()}

    assert fields == set()  # no content item holds a file in an empty portal


@pytest.mark.django_db(transaction=True)
def test_a_stored_file_changed_since_the_last_backup_is_reported(folders, settings):
    settings.LOG_INCIDENTS = False
    kept = default_storage.save("attachments/Өтініш.pdf", ContentFile(b"%PDF-1"))
    damaged = default_storage.save("attachments/анкета.pdf", ContentFile(b"%PDF-2"))
    record = backup_create()
    with default_storage.open(damaged, "wb") as handle:
        handle.write(b"%PDF-X")

    report = integrity_check()

    assert report.files == [
        f"file {damaged} has changed since backup set {record.set_id}"
    ]
    assert report.files_checked == 2
    assert default_storage.exists(kept)
    assert Incident.objects.get(fingerprint="integrity:files").status == "open"
