"""A follow-up on the private page that comes back with an error keeps its files."""

import re

import pytest

from helpdesk.attachments import attachment_storage
from helpdesk.kept_files import FOLDER
from helpdesk.models import Message
from helpdesk.tests import files
from helpdesk.tests.files import upload
from helpdesk.tests.test_feedback_round import GONE, KEPT, kept_folder
from helpdesk.tests.test_views_public import private_url

pytestmark = pytest.mark.django_db


def test_a_file_sent_without_text_is_kept_and_attached_once_the_text_is_written(
    client, submit, media_root
):
    url = private_url(submit().token)

    first = client.post(url, {"text": "", "attachments": [
        upload("Скрин №1.pdf", files.pdf()),
    ]})

    assert first.status_code == 200
    assert set(first.context["form"].errors) == {"text"}
    page = first.content.decode()
    assert "Attached: Скрин №1.pdf (kept)" in page
    assert "Files cannot be kept" not in page
    tokens = KEPT.findall(page)
    assert len(tokens) == 1
    [stored] = kept_folder(media_root)
    on_disk = media_root / "attachments" / FOLDER / stored
    assert on_disk.read_bytes() == files.pdf()
    assert Message.objects.count() == 0

    second = client.post(url, {"text": "The screenshot is attached.",
                               "kept": tokens})

    assert second.status_code == 302
    message = Message.objects.get(author="requester")
    assert message.text == "The screenshot is attached."
    attachment = message.attachments.get()
    assert attachment.original_name == "Скрин №1.pdf"
    assert attachment_storage().open(attachment.stored_name).read() == files.pdf()
    assert kept_folder(media_root) == []


def test_an_unticked_kept_file_is_left_out_of_the_follow_up(client, submit):
    url = private_url(submit().token)
    client.post(url, {"text": "", "attachments": [upload("a.pdf", files.pdf())]})

    # The box was unticked: its token is not sent back.
    response = client.post(url, {"text": "No file after all."})

    assert response.status_code == 302
    assert Message.objects.get(author="requester").attachments.count() == 0


def test_a_missing_text_does_not_hide_a_refused_file_which_is_not_kept(
    client, submit, media_root
):
    url = private_url(submit().token)

    response = client.post(url, {"text": "", "attachments": [
        upload("good.png", files.png()), upload("x.png", files.svg()),
    ]})

    errors = response.context["form"].errors
    assert set(errors) == {"text", "attachments"}
    assert "“x.png” is not a file of an allowed kind" in errors["attachments"][0]
    page = response.content.decode()
    assert "Attached: good.png (kept)" in page
    assert "x.png (kept)" not in page
    assert len(kept_folder(media_root)) == 1


def test_a_kept_file_of_another_request_is_refused(client, submit):
    first_url = private_url(submit().token)
    other_url = private_url(submit(email="daniyar@example.kz").token)
    page = client.post(first_url, {"text": "", "attachments": [
        upload("a.pdf", files.pdf()),
    ]}).content.decode()

    response = client.post(other_url, {"text": "Take this file.",
                                       "kept": KEPT.findall(page)})

    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [GONE]
    assert Message.objects.count() == 0


def test_a_file_refused_by_the_rate_limit_is_kept_for_later(
    client, submit, settings
):
    settings.HELPDESK_RATE_LIMIT = "1/5m"
    url = private_url(submit().token)
    assert client.post(url, {"text": "Any news?"}).status_code == 302

    refused = client.post(url, {"text": "Here is a file.", "attachments": [
        upload("a.pdf", files.pdf()),
    ]})

    assert refused.status_code == 429
    assert "Attached: a.pdf (kept)" in refused.content.decode()
    assert re.search(KEPT, refused.content.decode())
    assert Message.objects.count() == 1
