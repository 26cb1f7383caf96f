import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError

from core.errors import Conflict, ValidationFailed
from core.localtime import ALMATY
from helpdesk.models import (
    Attachment,
    EventKind,
    FeedbackRequest,
    Notification,
    Status,
)
from helpdesk.selectors import request_by_token, token_hash
from helpdesk.tests import files
from helpdesk.tests.files import upload
from workdays.selectors import calendar_version
from workdays.services import calendar_day_set

CASES = Path(django_settings.BASE_DIR).parent / "shared" / "cases"


def _working_day_cases():
    data = json.loads((CASES / "working_days.json").read_text(encoding="utf-8"))
    return [(case["received"], case["due"]) for case in data["cases"]]


@pytest.mark.django_db
def test_it_stores_the_request_with_its_number_due_moment_and_calendar(submit, clock):
    submission = submit()

    request = FeedbackRequest.objects.get()
    assert request == submission.request
    assert request.number == "2026-000001"
    assert request.status == Status.NEW
    assert request.received_at == clock.now
    # Monday 2 March 2026: Tue, Wed, Thu are the three working days.
    assert request.due_at == dt.datetime(2026, 3, 5, 18, 0, tzinfo=ALMATY)
    assert request.calendar_version == calendar_version()
    assert request.events.get().kind == EventKind.RECEIVED


@pytest.mark.django_db
@pytest.mark.parametrize(("received", "due"), _working_day_cases())
def test_it_gives_the_field_cases_their_due_moment(submit, clock, received, due):
    clock.now = dt.datetime.fromisoformat(received.replace("Z", "+00:00"))

    request = submit().request

    assert request.due_at == dt.datetime.fromisoformat(due)


@pytest.mark.django_db
def test_it_numbers_requests_per_year_of_receipt_in_almaty(submit, clock):
    clock.set(2026, 12, 31, 23, 0)
    last_of_2026 = submit().request
    submit()
    # 19:30 UTC on 31 December is already 1 January in Almaty.
    clock.now = dt.datetime(2026, 12, 31, 19, 30, tzinfo=dt.UTC)
    first_of_2027 = submit().request

    assert last_of_2026.number == "2026-000001"
    assert first_of_2027.number == "2027-000001"
    assert FeedbackRequest.objects.filter(number="2026-000002").exists()


@pytest.mark.django_db
def test_it_stores_only_a_hash_of_the_private_token(submit):
    submission = submit()

    assert len(submission.token) >= 43
    assert submission.request.access_token_hash == token_hash(submission.token)
    assert submission.token not in submission.request.access_token_hash
    assert request_by_token(submission.token) == submission.request


@pytest.mark.django_db
def test_it_keeps_the_files_with_size_and_sha256(submit, media_root, clock):
    pdf, png = files.pdf(), files.png()

    uploads = [upload("Өтініш.pdf", pdf), upload("скрин.png", png)]
    request = submit(files=uploads).request

    stored = list(Attachment.objects.filter(request=request).order_by("id"))
    assert [(item.original_name, item.kind, item.size) for item in stored] == [
        ("Өтініш.pdf", "pdf", len(pdf)), ("скрин.png", "png", len(png)),
    ]
    for item, content in zip(stored, (pdf, png), strict=True):
        path = Path(media_root) / "attachments" / item.stored_name
        assert path.read_bytes() == content
        assert item.sha256 == hashlib.sha256(content).hexdigest()
        assert item.stored_name.startswith("2026/03/")


@pytest.mark.django_db
def test_it_removes_the_files_when_the_request_cannot_be_stored(
    submit, media_root, monkeypatch
):
    def broken(**kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr("helpdesk.services._attach_files",
                        lambda *args, **kwargs: broken())

    with pytest.raises(IntegrityError):
        submit(files=[upload("a.pdf", files.pdf())])

    folder = Path(media_root) / "attachments"
    assert [path for path in folder.rglob("*") if path.is_file()] == []
    assert FeedbackRequest.objects.count() == 0


@pytest.mark.django_db
def test_it_meets_a_form_sent_twice_with_the_first_request(submit):
    key = uuid.uuid4()
    first = submit(submission_key=key).request

    with pytest.raises(Conflict) as resent:
        submit(submission_key=key, files=[upload("a.pdf", files.pdf())])

    assert resent.value.params["request"] == first
    assert resent.value.message == (
        "This form was already sent: it is request %s. The link to "
        "follow it went to your email." % first.number
    )
    assert FeedbackRequest.objects.count() == 1
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_it_flattens_line_breaks_in_the_name(submit):
    request = submit(name="Aigerim\r\nBcc: victim@example.com").request

    assert request.name == "Aigerim Bcc: victim@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize("email", [
    "aigerim@example.kz\r\nBcc: victim@example.com",
    "aigerim@example.kz\nCc: victim@example.com",
    "not-an-address",
    "",
])
def test_it_refuses_an_email_that_is_not_one_address(submit, email):
    with pytest.raises(ValidationFailed) as refused:
        submit(email=email)

    assert refused.value.field == "email"
    assert refused.value.message == (
        "Enter a valid email address, for example aigerim@example.kz."
    )
    assert FeedbackRequest.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "stored"), [
    ("8 (701) 123-45-67", "+77011234567"),
    ("+7 7172 55 55 55", "+77172555555"),
    ("+7 913 123 45 67", "+79131234567"),
    ("+996 555 123 456", "+996555123456"),
    ("", ""),
])
def test_it_stores_phones_in_international_form(submit, typed, stored):
    assert submit(phone=typed).request.phone == stored


@pytest.mark.django_db
def test_it_refuses_a_phone_number_that_does_not_exist(submit):
    with pytest.raises(ValidationFailed) as refused:
        submit(phone="+7 123")

    assert refused.value.field == "phone"


@pytest.mark.django_db
def test_it_refuses_a_topic_that_is_no_longer_offered(submit, topic):
    topic.is_active = False
    topic.save()

    with pytest.raises(ValidationFailed) as refused:
        submit(topic=topic)

    assert refused.value.message == (
        "This topic is no longer offered: choose another one."
    )


@pytest.mark.django_db
def test_it_takes_other_as_a_request_without_topic(submit):
    request = submit(topic=None).request

    assert request.topic is None
    assert request.topic_name() == "Other"


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), [
    ("   \n ", "Write the text of your message."),
    ("ә" * 10_001, "Shorten the text to 10000 characters (now 10001)."),
])
def test_it_refuses_an_empty_or_endless_text(submit, text, message):
    with pytest.raises(ValidationFailed) as refused:
        submit(text=text)

    assert refused.value.message == message


@pytest.mark.django_db
def test_it_writes_the_confirmation_into_the_outbox_with_the_link(submit, clock):
    submission = submit(language="en")

    notification = Notification.objects.get()
    assert notification.recipient == "aigerim@example.kz"
    assert notification.subject == "Your request 2026-000001 has been received"
    assert (f"https://enbek.example.kz/en/feedback/r/{submission.token}/"
            in notification.body)
    assert "The answer is due by March 5, 2026, 18:00" in notification.body


@pytest.mark.django_db
def test_it_uses_the_calendar_in_force_for_the_due_moment(submit, clock):
    # A decree makes Wednesday 4 March 2026 a day off.
    calendar_day_set(day=dt.date(2026, 3, 4), kind="day_off", reason="Decree")

    request = submit().request

    assert request.due_at == dt.datetime(2026, 3, 6, 18, 0, tzinfo=ALMATY)
    assert request.calendar_version == calendar_version()
