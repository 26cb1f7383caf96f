"""The desk's files in the nightly integrity check of operations (Rules 4.2)."""

import pytest

from helpdesk.attachments import attachment_storage
from helpdesk.selectors import stored_file_checksums
from helpdesk.tests import files
from helpdesk.tests.files import upload
from incidents.models import Incident
from operations.integrity import integrity_check


@pytest.fixture
def outside_media(settings, tmp_path):
    # Outside MEDIA_ROOT no backup manifest covers the files: only their
    # own recorded checksums can tell that one changed.
    settings.HELPDESK_ATTACHMENTS_ROOT = str(tmp_path / "desk-files")
    settings.BACKUP_DIR = str(tmp_path / "backups")


@pytest.mark.django_db
def test_it_offers_each_attachment_with_its_recorded_checksum(outside_media, submit):
    attachment = submit(files=[upload("a.pdf", files.pdf())]).request.attachments.get()

    [(storage, name, sha256)] = list(stored_file_checksums())

    assert storage.path(name) == attachment_storage().path(attachment.stored_name)
    assert (name, sha256) == (attachment.stored_name, attachment.sha256)


@pytest.mark.django_db
def test_an_attachment_changed_on_disk_is_reported_as_an_incident(
    outside_media, submit
):
    kept = submit(files=[upload("a.pdf", files.pdf())]).request.attachments.get()
    damaged = submit(files=[upload("b.png", files.png())]).request.attachments.get()
    assert integrity_check().files == []
    path = attachment_storage().path(damaged.stored_name)
    with open(path, "r+b") as handle:
        handle.seek(10)
        handle.write(b"\xff\xfe")  # was 00 00 (a PNG chunk length)

    report = integrity_check()

    assert report.files == [
        f"file {damaged.stored_name} does not match its recorded checksum"
    ]
    assert kept.stored_name not in " ".join(report.files)
    incident = Incident.objects.get(fingerprint="integrity:files")
    assert incident.status == "open"
    assert damaged.stored_name in incident.description
