import datetime as dt
import hashlib
import io
import json
import logging
import shutil
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.models import User
from applications.models import Application
from core.localtime import ALMATY
from helpdesk.models import Attachment, FeedbackRequest
from helpdesk.services import request_submit
from helpdesk.tests import files
from incidents.models import Incident
from operations.backup import (
    BackupFailed,
    backup_create,
    backup_due,
    backup_prune,
    backup_sets,
)
from operations.models import (
    BackupRecord,
    BackupStatus,
    CheckKind,
    VerificationRecord,
)
from operations.restore import (
    RestoreFailed,
    RestoreRefused,
    backup_restore,
    backup_verify,
)
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db(transaction=True)

KAZAKH_FILE = "applications/Өтініш.pdf"
CONTENT = b"%PDF-1.4\n" + bytes(range(256)) * 40
ATTACHMENT_NAME = "Жұмыс іздеу өтініші.pdf"
PDF = files.pdf()


def yes(question: str) -> bool:
    return True


@pytest.fixture
def portal(folders, settings):
    """Users, an employer, vacancies, applications and a file with a Kazakh name."""
    settings.LOG_INCIDENTS = False
    employer_user = UserFactory(email="daniyar@example.kz", full_name="Данияр")
    employer = EmployerFactory(name="ТОО Алатау", members=[employer_user])
    vacancy = VacancyFactory(employer=employer, title="Бухгалтер-кассир")
    VacancyFactory(employer=employer, title="Аспаз")
    ApplicationFactory(vacancy=vacancy)
    ApplicationFactory(vacancy=vacancy)
    stored = default_storage.save(KAZAKH_FILE, ContentFile(CONTENT))
    assert stored == KAZAKH_FILE
    request_submit(
        name="Әсел Нұрланқызы", email="asel@example.kz", topic=None,
        text="Өтінішім қабылданбады", files=[files.upload(ATTACHMENT_NAME, PDF)],
    )
    return folders


def state() -> dict:
    return {
        "users": list(User.objects.order_by("pk").values()),
        "vacancies": list(Vacancy.objects.order_by("pk").values()),
        "applications": list(Application.objects.order_by("pk").values()),
        "feedback": list(FeedbackRequest.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
    }


def attachment_bytes() -> bytes:
    attachment = Attachment.objects.get(original_name=ATTACHMENT_NAME)
    with default_storage.open(f"attachments/{attachment.stored_name}", "rb") as handle:
        return handle.read()


def destroy() -> None:
    stored_name = Attachment.objects.get().stored_name
    default_storage.delete(f"attachments/{stored_name}")
    FeedbackRequest.objects.all().delete()
    Application.objects.all().delete()
    Vacancy.objects.all().delete()
    User.objects.filter(email="daniyar@example.kz").update(full_name="Changed")
    UserFactory(email="intruder@example.kz")
    default_storage.delete(KAZAKH_FILE)
    default_storage.save("applications/after-backup.txt", ContentFile(b"new"))


def scratch_databases() -> list[str]:
    if connection.vendor != "postgresql":
        return []
    live = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{live}\\_%"]
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_restore_drill_brings_everything_back_byte_for_byte(portal):
    before = state()
    record = backup_create()
    destroy()

    check = backup_verify(reference=record.set_id)
    restored, notes = backup_restore(
        reference=record.set_id, confirm=yes, keep_previous=False
    )

    assert check.ok, check.message
    assert restored.ok
    assert restored.kind == CheckKind.RESTORE
    assert state() == before
    assert before["attachments"][0]["original_name"] == ATTACHMENT_NAME
    assert attachment_bytes() == PDF
    with default_storage.open(KAZAKH_FILE, "rb") as handle:
        assert handle.read() == CONTENT
    assert notes == ["1 stored files not in the set were left in place."]
    assert scratch_databases() == []


def test_a_backup_set_is_one_folder_of_parts_named_by_its_set_id(portal, settings):
    record = backup_create()

    folder = portal / "backups" / record.set_id
    names = sorted(path.name for path in folder.iterdir())
    suffix = "pgdump" if connection.vendor == "postgresql" else "sqlite3"
    assert names == sorted([
        f"{record.set_id}.database.{suffix}",
        f"{record.set_id}.files.tar.gz",
        f"{record.set_id}.manifest.json",
    ])
    manifest = json.loads((folder / f"{record.set_id}.manifest.json").read_text())
    assert manifest["set_id"] == record.set_id
    assert manifest["application"]["name"] == "labor-exchange"
    assert manifest["application"]["version"] == "0.1.0"
    assert manifest["migrations"]["operations"] == "0001_records"
    assert manifest["row_counts"]["vacancies_vacancy"] == 2
    assert manifest["row_counts"]["applications_application"] == 2
    attachment = Attachment.objects.get()
    assert manifest["files"] == [
        {"name": KAZAKH_FILE, "size": len(CONTENT),
         "sha256": hashlib.sha256(CONTENT).hexdigest()},
        {"name": f"attachments/{attachment.stored_name}", "size": len(PDF),
         "sha256": attachment.sha256},
    ]
    assert manifest["row_counts"]["helpdesk_attachment"] == 1
    assert set(manifest["parts"]) == {names[0], names[1]}
    assert record.status == BackupStatus.SUCCEEDED
    assert record.files_count == 2
    assert not any(path.name.startswith(".") for path in (portal / "backups").iterdir())


def test_a_restore_check_is_recorded(portal):
    record = backup_create()

    check = backup_verify()

    assert check.ok
    assert check.set_id == record.set_id
    assert VerificationRecord.objects.get().kind == CheckKind.VERIFY
    assert check.details["files"] == 2
    assert scratch_databases() == []


def test_a_corrupted_set_fails_its_check_and_is_refused(portal):
    record = backup_create()
    archive = portal / "backups" / record.set_id / f"{record.set_id}.files.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    before = state()
    Vacancy.objects.filter(title="Аспаз").delete()

    check = backup_verify(reference=record.set_id)
    with pytest.raises(RestoreRefused) as refused:
        backup_restore(reference=record.set_id, confirm=yes, keep_previous=False)

    problem = f"part {record.set_id}.files.tar.gz does not match its checksum"
    assert not check.ok
    assert check.message == problem
    assert str(refused.value) == problem
    assert len(state()["vacancies"]) == len(before["vacancies"]) - 1
    incident = Incident.objects.get(fingerprint="backup:verify")
    assert incident.source == "monitoring"
    assert incident.status == "open"


def test_a_mix_of_parts_from_two_sets_is_refused(portal):
    first = backup_create()
    second = backup_create()
    folder = portal / "backups" / first.set_id
    for path in (portal / "backups" / second.set_id).glob("*.database.*"):
        shutil.copy(path, folder / path.name)

    with pytest.raises(RestoreRefused) as refused:
        backup_restore(reference=first.set_id, confirm=yes)

    assert "parts of different sets are mixed" in str(refused.value)


def test_a_part_of_another_set_under_this_sets_name_is_refused(portal):
    first = backup_create()
    VacancyFactory(title="Жаңа")
    second = backup_create()
    target = next((portal / "backups" / first.set_id).glob("*.database.*"))
    source = next((portal / "backups" / second.set_id).glob("*.database.*"))
    shutil.copy(source, target)

    with pytest.raises(RestoreRefused) as refused:
        backup_restore(reference=first.set_id, confirm=yes)

    assert str(refused.value) == f"part {target.name} does not match its checksum"


def test_a_set_from_a_newer_schema_is_refused(portal):
    record = backup_create()
    path = portal / "backups" / record.set_id / f"{record.set_id}.manifest.json"
    manifest = json.loads(path.read_text())
    manifest["applied_migrations"].append(["vacancies", "9999_from_the_future"])
    path.write_text(json.dumps(manifest))

    with pytest.raises(RestoreRefused) as refused:
        backup_restore(reference=record.set_id, confirm=yes)

    assert str(refused.value) == (
        f"set {record.set_id} comes from a newer schema than this code: 1 "
        "migrations are unknown here, e.g. vacancies.9999_from_the_future. "
        "Deploy the code of that version first."
    )


def test_an_unconfirmed_restore_changes_nothing(portal):
    record = backup_create()
    Vacancy.objects.filter(title="Аспаз").delete()

    with pytest.raises(RestoreRefused) as refused:
        backup_restore(reference=record.set_id, confirm=lambda question: False)

    assert str(refused.value) == "not confirmed; nothing was changed"
    assert Vacancy.objects.count() == 1
    assert scratch_databases() == []


def test_a_restore_whose_files_fail_says_it_is_partial(portal):
    record = backup_create()

    with mock.patch.object(
        type(default_storage._wrapped if hasattr(default_storage, "_wrapped")
             else default_storage), "save", side_effect=OSError("disk full"),
    ), pytest.raises(RestoreFailed) as failed:
        backup_restore(reference=record.set_id, confirm=yes, keep_previous=False)

    assert str(failed.value).startswith(
        f"PARTIAL RESTORE: the database of set {record.set_id} is live"
    )
    last = VerificationRecord.objects.get(kind=CheckKind.RESTORE)
    assert not last.ok


def test_a_failed_backup_opens_an_incident_and_logs_an_error(portal, caplog):
    with mock.patch(
        "operations.backup.engine_for",
        side_effect=RuntimeError("pg_dump is missing"),
    ), caplog.at_level(logging.ERROR), pytest.raises(BackupFailed):
        backup_create(trigger="scheduled")

    record = BackupRecord.objects.get()
    assert record.status == BackupStatus.FAILED
    assert record.error == "RuntimeError: pg_dump is missing"
    incident = Incident.objects.get()
    assert (incident.source, incident.fingerprint, incident.severity) == (
        "monitoring", "backup:create", "high"
    )
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        f"backup {record.set_id} failed: RuntimeError: pg_dump is missing"
    ]
    assert list((portal / "backups").iterdir()) == []


def test_a_successful_backup_resolves_the_backup_incident(portal):
    with mock.patch("operations.backup.engine_for", side_effect=RuntimeError("x")):
        with pytest.raises(BackupFailed):
            backup_create()

    backup_create()

    incident = Incident.objects.get(fingerprint="backup:create")
    assert incident.status == "resolved"
    assert incident.resolution.startswith("Backup ")


def test_the_commands_show_progress_and_fail_loudly(portal):
    out = io.StringIO()
    call_command("backup", stdout=out)
    set_id = backup_sets()[0].set_id
    verify_out = io.StringIO()
    call_command("backup_verify", set_id, stdout=verify_out)

    assert "Dumping the" in out.getvalue()
    assert "Files archived: 2." in out.getvalue()
    assert f"Backup set {set_id} passed its restore check." in verify_out.getvalue()
    with pytest.raises(CommandError) as unknown:
        call_command("restore", "no-such-set", "--yes")
    assert str(unknown.value) == "Restore refused: There is no backup set no-such-set."


def test_the_restore_command_restores_with_yes(portal):
    call_command("backup", stdout=io.StringIO())
    set_id = backup_sets()[0].set_id
    before = state()
    destroy()
    out = io.StringIO()

    call_command("restore", set_id, "--yes", "--drop-previous", stdout=out)

    assert state() == before
    assert f"Restored backup set {set_id}: database and 2 files." in out.getvalue()


# --- Schedule and retention ------------------------------------------------------

def fake_set(root, set_id: str, created: dt.datetime) -> None:
    folder = root / set_id
    folder.mkdir(parents=True)
    (folder / f"{set_id}.manifest.json").write_text(json.dumps({
        "set_id": set_id, "created_at": created.isoformat(),
        "parts": {}, "files": [], "database": {"vendor": "sqlite"},
    }))


def test_retention_keeps_seven_daily_four_weekly_and_twelve_monthly(folders):
    root = folders / "backups"
    start = dt.datetime(2026, 6, 15, 2, 0, tzinfo=ALMATY)
    for day in range(400):
        created = start - dt.timedelta(days=day)
        fake_set(root, f"{created:%Y%m%d}-020000-000000", created)

    deleted = backup_prune(now=start)

    kept = sorted(path.name[:8] for path in root.iterdir())
    assert len(deleted) == 400 - len(kept)
    assert kept == [
        # monthly: the newest set of each of the 12 months back to July 2025
        "20250731", "20250831", "20250930", "20251031", "20251130",
        "20251231", "20260131", "20260228", "20260331", "20260430",
        # weekly: the newest of each ISO week (31 May also ends its month)
        "20260531", "20260607",
        # daily: the last seven days
        "20260609", "20260610", "20260611", "20260612", "20260613",
        "20260614", "20260615",
    ]


def test_retention_never_deletes_the_only_set(folders, settings):
    settings.BACKUP_KEEP_DAILY = 1
    settings.BACKUP_KEEP_WEEKLY = 0
    settings.BACKUP_KEEP_MONTHLY = 0
    created = dt.datetime(2020, 1, 1, tzinfo=ALMATY)
    fake_set(folders / "backups", "20200101-000000-000000", created)

    assert backup_prune() == []


def test_the_daily_backup_is_due_after_two_and_caught_up_once(db, clock, settings):
    settings.BACKUP_TIME = "02:00"
    clock.set(2026, 6, 15, 1, 59)
    BackupRecord.objects.create(
        set_id="a", status=BackupStatus.SUCCEEDED, database_vendor="sqlite",
        started_at=dt.datetime(2026, 6, 14, 2, 0, tzinfo=ALMATY),
    )
    assert not backup_due()

    clock.set(2026, 6, 15, 9, 30)  # the worker was down at 02:00
    assert backup_due()

    BackupRecord.objects.create(
        set_id="b", status=BackupStatus.FAILED, database_vendor="sqlite",
        started_at=clock.now,
    )
    assert not backup_due()
    clock.advance(minutes=61)
    assert backup_due()

    BackupRecord.objects.create(
        set_id="c", status=BackupStatus.SUCCEEDED, database_vendor="sqlite",
        started_at=clock.now,
    )
    assert not backup_due()
