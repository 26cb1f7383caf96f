import math
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from helpdesk.models import Attachment, FeedbackRequest, Message, Status
from helpdesk.services import request_reply
from helpdesk.tests import files
from helpdesk.tests.files import upload
from tests.factories import UserFactory

FORM = "/en/feedback/"


def private_url(token: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("helpdesk:private", args=[token])


def post(client, data, url=FORM, **extra):
    return client.post(url, data, **extra)


@pytest.mark.django_db
def test_it_shows_the_form_uncached_with_a_csrf_token(client, topic):
    response = client.get(FORM)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "csrftoken" in response.cookies
    page = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert re.search(r'<input type="file" name="attachments"[^>]* multiple', page)
    assert f'<option value="{topic.pk}">Search</option>' in page
    assert '<option value="other">Other</option>' in page


@pytest.mark.django_db
def test_it_refuses_a_post_without_the_csrf_token(filled):
    strict = Client(enforce_csrf_checks=True)

    refused = strict.post(FORM, filled)
    page = strict.get(FORM)
    token = page.cookies["csrftoken"].value
    accepted = strict.post(FORM, {**filled, "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert FeedbackRequest.objects.count() == 1


@pytest.mark.django_db
def test_it_fills_in_the_contact_details_of_a_signed_in_user(client, topic):
    user = UserFactory(email="erlan@example.kz", full_name="Ерлан Ахметов",
                       phone="+77011234567")
    client.force_login(user)

    form = client.get(FORM).context["form"]

    assert form["name"].value() == "Ерлан Ахметов"
    assert form["email"].value() == "erlan@example.kz"
    assert form["phone"].value() == "+77011234567"


@pytest.mark.django_db
def test_it_shows_the_number_due_moment_and_private_link_after_sending(
    client, filled, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {**filled, "attachments": [
            upload("Өтініш.pdf", files.pdf()), upload("скрин.png", files.png()),
        ]})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    request = FeedbackRequest.objects.get()
    assert request.number == "2026-000001"
    assert request.phone == "+77011234567"
    assert request.attachments.count() == 2
    page = response.content.decode()
    assert '<strong id="request-number">2026-000001</strong>' in page
    assert "March 5, 2026, 18:00" in page
    link = re.search(r'id="private-link" href="([^"]+)"', page).group(1)
    assert link.startswith("http://testserver/en/feedback/r/")
    [email] = mail.outbox
    assert link in email.body
    assert client.get(link).status_code == 200


@pytest.mark.django_db
def test_it_keeps_the_language_of_the_page_for_the_request(client, filled):
    post(client, filled, url="/kk/feedback/")

    assert FeedbackRequest.objects.get().language == "kk"


@pytest.mark.django_db
def test_it_keeps_what_was_typed_and_says_what_to_fix(client, filled):
    response = post(client, {**filled, "email": "aigerim@", "attachments": [
        upload("Өтініш.pdf", files.pdf()),
    ]})

    assert response.status_code == 200
    form = response.context["form"]
    assert form["text"].value() == filled["text"]
    assert form["name"].value() == filled["name"]
    assert form.errors["email"] == ["Enter a valid email address."]
    page = response.content.decode()
    assert "Attached: Өтініш.pdf (kept)" in page
    assert "Іздеу жұмыс істемейді." in page
    assert FeedbackRequest.objects.count() == 0


@pytest.mark.django_db
def test_it_names_the_file_that_is_not_allowed(client, filled):
    response = post(client, {**filled, "attachments": [
        upload("report.pdf", files.html()),
    ]})

    assert response.context["form"].errors["attachments"] == [
        "“report.pdf” is not a file of an allowed kind. Attach PDF, PNG, JPEG, "
        "DOCX, XLSX, ODT or plain text (TXT) files."
    ]
    assert response.context["form"]["text"].value() == filled["text"]
    assert FeedbackRequest.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_it_answers_a_filled_honeypot_like_a_success_and_keeps_nothing(
    client, filled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {**filled, "website": "http://spam.example"})

    assert response.status_code == 200
    assert response.templates[0].name == "helpdesk/received.html"
    number = re.search(r'id="request-number">([^<]+)<', response.content.decode())
    assert re.fullmatch(r"20\d\d-00000[1-3]", number.group(1))
    assert FeedbackRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_limits_messages_per_client_address(client, filled, settings):
    settings.HELPDESK_RATE_LIMIT = "2/5m"

    first = post(client, filled)
    second = post(client, filled)
    third = post(client, filled)

    assert (first.status_code, second.status_code, third.status_code) == (
        200, 200, 429
    )
    assert 1 <= int(third["Retry-After"]) <= 300
    page = third.content.decode()
    assert "You have sent several messages in a short time. Please try again in" in page
    assert third.context["form"]["text"].value() == filled["text"]
    assert FeedbackRequest.objects.count() == 2


@pytest.mark.django_db
def test_it_says_the_limit_in_the_language_of_the_page(client, filled, settings):
    settings.HELPDESK_RATE_LIMIT = "1/5m"
    post(client, filled, url="/ru/feedback/")

    refused = post(client, filled, url="/ru/feedback/")

    assert refused.status_code == 429
    minutes = math.ceil(int(refused["Retry-After"]) / 60)
    page = refused.content.decode()
    assert '<html lang="ru">' in page
    assert (
        "Вы отправили несколько сообщений за короткое время. Повторите попытку "
        f"через {minutes} минут"
    ) in page
    assert "написанное сохранено ниже." in page


@pytest.mark.django_db
def test_it_trusts_forwarded_addresses_only_from_configured_proxies(
    client, filled, settings
):
    settings.HELPDESK_RATE_LIMIT = "1/5m"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    via_proxy = {"REMOTE_ADDR": "10.0.0.5"}

    alice = post(client, filled, HTTP_X_FORWARDED_FOR="203.0.113.7", **via_proxy)
    bob = post(client, filled, HTTP_X_FORWARDED_FOR="198.51.100.9", **via_proxy)
    alice_again = post(client, filled, HTTP_X_FORWARDED_FOR="203.0.113.7",
                       **via_proxy)

    assert (alice.status_code, bob.status_code, alice_again.status_code) == (
        200, 200, 429
    )


@pytest.mark.django_db
def test_it_ignores_a_forwarded_address_from_an_untrusted_peer(
    client, filled, settings
):
    settings.HELPDESK_RATE_LIMIT = "1/5m"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    direct = {"REMOTE_ADDR": "192.0.2.50"}

    first = post(client, filled, HTTP_X_FORWARDED_FOR="203.0.113.1", **direct)
    spoofed = post(client, filled, HTTP_X_FORWARDED_FOR="203.0.113.2", **direct)

    assert (first.status_code, spoofed.status_code) == (200, 429)


@pytest.mark.django_db
def test_a_line_break_in_the_name_adds_no_header_or_recipient(
    client, filled, django_capture_on_commit_callbacks
):
    hostile = "Aigerim\r\nBcc: victim@example.com\r\nCc: other@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {**filled, "name": hostile})

    assert response.status_code == 200
    [email] = mail.outbox
    assert email.to == ["aigerim@example.kz"]
    assert (email.cc, email.bcc) == ([], [])
    raw = email.message().as_string()
    assert not re.search(r"^(Bcc|Cc):", raw, re.MULTILINE)
    assert email.recipients() == ["aigerim@example.kz"]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [
    ("email", "aigerim@example.kz\r\nBcc: victim@example.com"),
    ("topic", "1\r\nBcc: victim@example.com"),
])
def test_a_line_break_in_the_email_or_topic_is_refused_without_a_crash(
    client, filled, field, value, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {**filled, field: value})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert FeedbackRequest.objects.count() == 0
    assert mail.outbox == []


# The private page ---------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_request_and_its_answer_on_the_private_page(
    client, submit, operator
):
    submission = submit()
    request_reply(request=submission.request, by=operator,
                  text="Clear the browser cache.")

    response = client.get(private_url(submission.token))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    page = response.content.decode()
    assert "Іздеу жұмыс істемейді." in page
    assert "Clear the browser cache." in page
    assert '<dd id="request-status">Answered</dd>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["x" * 43, "short", "../../etc/passwd"])
def test_it_answers_404_to_a_wrong_private_link(client, submit, token):
    submit()

    assert client.get(f"/en/feedback/r/{token}/").status_code == 404


@pytest.mark.django_db
def test_a_message_on_the_private_page_reopens_an_answered_request(
    client, submit, operator
):
    submission = submit()
    request_reply(request=submission.request, by=operator, text="Done.")
    url = private_url(submission.token)

    response = client.post(url, {"text": "Still broken.", "attachments": [
        upload("скрин.png", files.png()),
    ]})

    assert response.status_code == 302
    assert response["Location"] == url
    request = FeedbackRequest.objects.get()
    assert request.status == Status.NEW
    message = Message.objects.get(author="requester")
    assert message.text == "Still broken."
    assert message.attachments.get().original_name == "скрин.png"


@pytest.mark.django_db
def test_it_keeps_a_follow_up_with_an_error_on_the_page(client, submit):
    submission = submit()

    response = client.post(private_url(submission.token), {
        "text": "See the file.", "attachments": [upload("x.png", files.svg())],
    })

    assert response.status_code == 200
    assert response.context["form"]["text"].value() == "See the file."
    assert "“x.png” is not a file of an allowed kind" in response.content.decode()


# Downloads ------------------------------------------------------------------------


@pytest.fixture
def with_file(submit):
    submission = submit(files=[upload("Өтініш №1.pdf", files.pdf(), "text/html")])
    return submission, submission.request.attachments.get()


def assert_download_headers(response, attachment):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'attachment; filename="request-{attachment.request.number}-'
        f"{attachment.pk}.pdf\"; filename*=UTF-8''"
        "%D3%A8%D1%82%D1%96%D0%BD%D1%96%D1%88%20%E2%84%961.pdf"
    )
    assert b"".join(response.streaming_content) == files.pdf()


@pytest.mark.django_db
def test_the_requester_downloads_a_file_through_the_private_link(client, with_file):
    submission, attachment = with_file
    with translation.override("en"):
        url = reverse("helpdesk:private_attachment",
                      args=[submission.token, attachment.pk])

    assert_download_headers(client.get(url), attachment)


@pytest.mark.django_db
def test_staff_download_a_file_from_the_desk(client, with_file, operator):
    _submission, attachment = with_file
    client.force_login(operator)

    response = client.get(f"/en/feedback/desk/files/{attachment.pk}/")

    assert_download_headers(response, attachment)


@pytest.mark.django_db
def test_nobody_else_downloads_a_file(client, with_file, submit, job_seeker):
    _submission, attachment = with_file
    other = submit()
    staff_url = f"/en/feedback/desk/files/{attachment.pk}/"

    anonymous = client.get(staff_url)
    client.force_login(job_seeker)
    seeker = client.get(staff_url)
    wrong_token = client.get(
        f"/en/feedback/r/{other.token}/files/{attachment.pk}/"
    )

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/accounts/login/")
    assert seeker.status_code == 403
    assert wrong_token.status_code == 404


@pytest.mark.django_db
def test_a_file_missing_from_the_disk_answers_404(client, with_file, media_root):
    submission, attachment = with_file
    (media_root / "attachments" / attachment.stored_name).unlink()

    response = client.get(
        f"/en/feedback/r/{submission.token}/files/{attachment.pk}/"
    )

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("sent", "shown"), [
    ("..\\..\\evil.pdf", "evil.pdf"),
    ("../../evil.pdf", "evil.pdf"),
    ("№№.pdf", "№№.pdf"),
    ("¡¡¡.¡¡¡", "¡¡¡.¡¡¡"),
])
def test_hostile_file_names_pass_through_the_form_safely(
    client, filled, media_root, sent, shown
):
    response = post(client, {**filled, "attachments": [upload(sent, files.pdf())]})

    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.original_name == shown
    root = (media_root / "attachments").resolve()
    assert (root / attachment.stored_name).resolve().is_relative_to(root)


# The default limits, through the form ----------------------------------------------

MIB = 1024 * 1024


def pdf_of(size: int) -> bytes:
    """A PDF padded after its end to exactly SIZE bytes."""
    content = files.pdf()
    return content + b"\n" * (size - len(content))


@pytest.mark.django_db
def test_the_form_takes_a_file_of_exactly_10_mib_and_refuses_one_byte_more(
    client, filled
):
    exact = post(client, {**filled, "attachments": [
        upload("exact.pdf", pdf_of(10 * MIB)),
    ]})
    over = post(client, {**filled, "attachments": [
        upload("over.pdf", pdf_of(10 * MIB + 1)),
    ]})

    assert "helpdesk/received.html" in [t.name for t in exact.templates]
    assert Attachment.objects.get().size == 10 * MIB
    assert over.context["form"].errors["attachments"] == [
        "“over.pdf” is larger than 10.0\xa0MB."
    ]
    assert FeedbackRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_form_takes_files_of_exactly_25_mib_together_and_refuses_one_byte_more(
    client, filled
):
    exact = [pdf_of(10 * MIB), pdf_of(10 * MIB), pdf_of(5 * MIB)]
    over = [*exact[:2], pdf_of(5 * MIB + 1)]

    accepted = post(client, {**filled, "attachments": [
        upload(f"{n}.pdf", content) for n, content in enumerate(exact)
    ]})
    refused = post(client, {**filled, "attachments": [
        upload(f"{n}.pdf", content) for n, content in enumerate(over)
    ]})

    assert "helpdesk/received.html" in [t.name for t in accepted.templates]
    assert sum(Attachment.objects.values_list("size", flat=True)) == 25 * MIB
    assert refused.context["form"].errors["attachments"] == [
        "The files together are larger than 25.0\xa0MB."
    ]
    assert FeedbackRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_message_refused_for_its_file_does_not_use_up_the_limit(
    client, filled, settings
):
    settings.HELPDESK_RATE_LIMIT = "1/5m"

    refused = post(client, {**filled, "attachments": [
        upload("report.pdf", files.html()),
    ]})
    corrected = post(client, {**filled, "attachments": [
        upload("report.pdf", files.pdf()),
    ]})
    another = post(client, filled)

    assert (refused.status_code, corrected.status_code, another.status_code) == (
        200, 200, 429
    )
    assert "attachments" in refused.context["form"].errors
    assert FeedbackRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_filled_honeypot_meets_the_same_limit(client, filled, settings):
    settings.HELPDESK_RATE_LIMIT = "1/5m"
    bot = {**filled, "website": "http://spam.example"}

    first = post(client, bot)
    second = post(client, bot)

    assert (first.status_code, second.status_code) == (200, 429)
    assert FeedbackRequest.objects.count() == 0


@pytest.mark.django_db
def test_it_limits_messages_on_the_private_page(client, submit, settings):
    settings.HELPDESK_RATE_LIMIT = "1/5m"
    url = private_url(submit().token)

    first = client.post(url, {"text": "Any news?"})
    second = client.post(url, {"text": "Any news now?"})

    assert (first.status_code, second.status_code) == (302, 429)
    assert int(second["Retry-After"]) >= 1
    assert second.context["form"]["text"].value() == "Any news now?"
    assert Message.objects.count() == 1
