"""What the desk tells the security journal (Rules 4.2): refused files, bots."""

import json

import pytest
from django.test import Client

from helpdesk.models import FeedbackRequest
from helpdesk.tests import files
from helpdesk.tests.files import upload
from security.models import SecurityEvent

FORM = "/en/feedback/"
EMAIL = "aigerim@example.kz"
PHONE = "87011234567"


@pytest.fixture
def filled(topic):
    return {
        "name": "Айгерім Сәрсенова", "email": EMAIL, "phone": PHONE,
        "topic": str(topic.pk), "text": "Іздеу жұмыс істемейді.",
    }


def journal_text(event: SecurityEvent) -> str:
    return event.object_ref + json.dumps(event.details, ensure_ascii=False)


@pytest.mark.django_db
def test_a_refused_file_on_the_form_is_recorded_without_contacts_or_content(
    filled,
):
    client = Client(REMOTE_ADDR="203.0.113.7")

    response = client.post(FORM, {**filled, "attachments": [
        upload("report.pdf", files.html(), "application/pdf"),
    ]})

    assert response.status_code == 200
    assert FeedbackRequest.objects.count() == 0
    event = SecurityEvent.objects.get(name="upload_rejected")
    assert event.outcome == "failure"
    assert event.object_ref == "feedback_form"
    assert event.details == {
        "reason": "file_kind", "detected": "markup", "size": len(files.html()),
    }
    assert event.source_ip == "203.0.113.7"
    text = journal_text(event)
    assert EMAIL not in text and PHONE not in text
    assert "report.pdf" not in text and "<html" not in text.lower()


@pytest.mark.django_db
def test_a_refused_file_on_the_private_page_names_the_request(client, submit):
    submission = submit()
    url = f"/en/feedback/r/{submission.token}/"

    client.post(url, {"text": "See.", "attachments": [upload("x.png", files.svg())]})

    event = SecurityEvent.objects.get(name="upload_rejected")
    assert event.object_ref == f"feedback_request:{submission.request.number}"
    assert event.details["reason"] == "file_kind"
    assert event.details["detected"] == "markup"


@pytest.mark.django_db
def test_too_many_files_are_recorded_with_their_count(client, filled, settings):
    settings.HELPDESK_MAX_FILES = 1

    client.post(FORM, {**filled, "attachments": [
        upload("a.pdf", files.pdf()), upload("b.pdf", files.pdf()),
    ]})

    event = SecurityEvent.objects.get(name="upload_rejected")
    assert event.details == {"reason": "too_many_files", "files": 2}


@pytest.mark.django_db
def test_an_accepted_file_records_nothing(client, filled):
    client.post(FORM, {**filled, "attachments": [upload("a.pdf", files.pdf())]})

    assert FeedbackRequest.objects.count() == 1
    assert not SecurityEvent.objects.filter(name="upload_rejected").exists()


@pytest.mark.django_db
def test_a_filled_honeypot_is_recorded_as_malicious(filled):
    client = Client(REMOTE_ADDR="198.51.100.9")

    client.post(FORM, {**filled, "website": "http://spam.example"})

    event = SecurityEvent.objects.get(name="malicious_honeypot")
    assert event.outcome == "failure"
    assert event.level == "WARN"
    assert event.object_ref == "feedback_form"
    assert event.details == {"field": "website"}
    assert event.source_ip == "198.51.100.9"
    assert EMAIL not in journal_text(event)
    assert FeedbackRequest.objects.count() == 0
