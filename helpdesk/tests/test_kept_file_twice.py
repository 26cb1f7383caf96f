"""A kept file chosen again is attached once, not twice."""

import re

import pytest

from helpdesk.models import FeedbackRequest
from helpdesk.tests import files
from helpdesk.tests.files import upload

FORM = "/kk/feedback/"
KEPT = re.compile(r'name="kept" value="([^"]+)"')


def kept_after_an_error(client, filled, *uploads):
    page = client.post(FORM, {**filled, "email": "aigerim@", "attachments": [
        *uploads,
    ]}).content.decode()
    return KEPT.findall(page)


@pytest.mark.django_db
def test_the_kept_file_chosen_again_is_attached_once(client, filled, media_root):
    tokens = kept_after_an_error(client, filled, upload("Өтініш.pdf", files.pdf()))
    assert len(tokens) == 1

    client.post(FORM, {**filled, "kept": tokens,
                       "attachments": [upload("Өтініш.pdf", files.pdf())]})

    attachments = FeedbackRequest.objects.get().attachments.all()
    assert [a.original_name for a in attachments] == ["Өтініш.pdf"]
    assert not list((media_root / "attachments" / "kept").iterdir())


@pytest.mark.django_db
def test_the_same_bytes_under_another_name_are_attached_once(
    client, filled, media_root
):
    tokens = kept_after_an_error(client, filled, upload("scan.pdf", files.pdf()))

    client.post(FORM, {**filled, "kept": tokens,
                       "attachments": [upload("scan (1).pdf", files.pdf())]})

    attachments = FeedbackRequest.objects.get().attachments.all()
    assert [a.original_name for a in attachments] == ["scan.pdf"]


@pytest.mark.django_db
def test_another_file_chosen_beside_a_kept_one_is_attached_too(
    client, filled, media_root
):
    tokens = kept_after_an_error(client, filled, upload("Өтініш.pdf", files.pdf()))

    client.post(FORM, {**filled, "kept": tokens,
                       "attachments": [upload("photo.png", files.png())]})

    names = sorted(
        a.original_name for a in FeedbackRequest.objects.get().attachments.all()
    )
    assert names == ["photo.png", "Өтініш.pdf"]


@pytest.mark.django_db
def test_a_kept_file_chosen_again_after_a_second_error_stays_listed_once(
    client, filled, media_root
):
    tokens = kept_after_an_error(client, filled, upload("Өтініш.pdf", files.pdf()))

    again = client.post(FORM, {**filled, "email": "aigerim@", "kept": tokens,
                               "attachments": [upload("Өтініш.pdf", files.pdf())]})

    page = again.content.decode()
    assert len(KEPT.findall(page)) == 1
    assert page.count("(сақталды)") == 1
    assert len(list((media_root / "attachments" / "kept").iterdir())) == 1
