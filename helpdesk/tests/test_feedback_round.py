"""One sending of the feedback form that comes back: every fault, files kept."""

import datetime as dt
import os
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from helpdesk.attachments import attachment_storage
from helpdesk.kept_files import FOLDER, kept_files_hold, kept_files_purge
from helpdesk.models import FeedbackRequest
from helpdesk.tests import files
from helpdesk.tests.files import upload

FORM = "/en/feedback/"
GONE = (
    "A file kept from your earlier sending is no longer available: choose it again."
)
KEPT = re.compile(r'name="kept" value="([^"]+)"')


def kept_folder(media_root):
    folder = media_root / "attachments" / FOLDER
    return sorted(os.listdir(folder)) if folder.exists() else []


@pytest.mark.django_db
def test_a_missing_message_does_not_hide_a_wrong_phone_number(client, filled):
    response = client.post(FORM, {**filled, "text": "", "phone": "12"})

    errors = response.context["form"].errors
    assert set(errors) == {"text", "phone"}
    assert FeedbackRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_wrong_email_does_not_hide_a_refused_file(client, filled):
    response = client.post(FORM, {**filled, "email": "aigerim@", "attachments": [
        upload("report.pdf", files.html()),
    ]})

    errors = response.context["form"].errors
    assert set(errors) == {"email", "attachments"}
    assert "“report.pdf” is not a file of an allowed kind" in errors["attachments"][0]


@pytest.mark.django_db
def test_it_names_every_refused_file_of_one_sending(client, filled):
    response = client.post(FORM, {**filled, "attachments": [
        upload("one.pdf", files.html()), upload("two.txt", b""),
    ]})

    refusals = " ".join(response.context["form"].errors["attachments"])
    assert "“one.pdf”" in refusals and "“two.txt” is empty." in refusals


@pytest.mark.django_db
def test_a_file_that_passed_is_kept_across_an_error_and_attached_when_sent(
    client, filled, media_root
):
    first = client.post(FORM, {**filled, "email": "aigerim@", "attachments": [
        upload("Өтініш.pdf", files.pdf()), upload("bad.pdf", files.html()),
    ]})
    page = first.content.decode()
    assert "Attached: Өтініш.pdf (kept)" in page
    assert "bad.pdf (kept)" not in page
    tokens = KEPT.findall(page)
    assert len(tokens) == 1 and len(kept_folder(media_root)) == 1

    second = client.post(FORM, {**filled, "kept": tokens})

    assert second.status_code == 200
    attachment = FeedbackRequest.objects.get().attachments.get()
    assert attachment.original_name == "Өтініш.pdf"
    assert attachment.kind == "pdf"
    stored = attachment_storage().open(attachment.stored_name).read()
    assert stored == files.pdf()
    assert kept_folder(media_root) == []


@pytest.mark.django_db
def test_an_unticked_kept_file_is_left_out(client, filled):
    client.post(FORM, {**filled, "text": "", "attachments": [
        upload("Өтініш.pdf", files.pdf()),
    ]})

    client.post(FORM, filled)

    assert FeedbackRequest.objects.get().attachments.count() == 0


@pytest.mark.django_db
def test_a_kept_file_counts_against_the_limits_like_a_fresh_one(
    client, filled, settings
):
    settings.HELPDESK_MAX_FILES = 1
    first = client.post(FORM, {**filled, "text": "", "attachments": [
        upload("Өтініш.pdf", files.pdf()),
    ]})
    tokens = KEPT.findall(first.content.decode())

    second = client.post(FORM, {**filled, "kept": tokens, "attachments": [
        upload("more.png", files.png()),
    ]})

    assert "Attach at most 1 files." in second.context["form"].errors["attachments"]
    assert FeedbackRequest.objects.count() == 0
    assert len(KEPT.findall(second.content.decode())) == 2


@pytest.mark.django_db
def test_a_kept_file_of_another_form_is_refused(client, filled):
    first = client.post(FORM, {**filled, "text": "", "attachments": [
        upload("Өтініш.pdf", files.pdf()),
    ]})
    tokens = KEPT.findall(first.content.decode())

    other = {**filled, "submission_key": str(uuid.uuid4()), "kept": tokens}
    response = client.post(FORM, other)

    assert response.context["form"].errors["attachments"] == [GONE]
    assert FeedbackRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_forged_kept_file_is_refused_without_reading_any_file(client, filled):
    response = client.post(FORM, {**filled, "kept": ["attachments/../../settings"]})

    assert response.context["form"].errors["attachments"] == [GONE]


@pytest.mark.django_db
def test_the_purge_removes_kept_files_nobody_sent_after_a_day(media_root):
    old, fresh = kept_files_hold(
        [SimpleUploadedFile("a.pdf", files.pdf()),
         SimpleUploadedFile("b.pdf", files.pdf())],
        submission_key="k",
    )
    assert old.name == "a.pdf" and fresh.name == "b.pdf"
    names = kept_folder(media_root)
    stale = (timezone.now() - dt.timedelta(hours=26)).timestamp()
    os.utime(media_root / "attachments" / FOLDER / names[0], (stale, stale))

    assert kept_files_purge() == 1

    assert kept_folder(media_root) == names[1:]
