"""A requester writes in Kazakh with a PDF, an operator answers, the requester reads."""

import hashlib

import pytest
from django.core import mail
from django.db import connections

from accounts.models import Role
from helpdesk.models import FeedbackRequest, Status
from helpdesk.tests import files
from tests.factories import TopicFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_connections_closed(browser_page):
    """Close what this test opened while Playwright drove it.

    The ORM calls of the test run while Playwright's sync API holds the
    thread; the connection they opened stayed open and kept PostgreSQL from
    dropping the test database.
    """
    yield browser_page
    connections.close_all()


def test_a_request_in_kazakh_is_answered_and_read_through_the_private_link(
    own_connections_closed, media_root,
):
    page, base = own_connections_closed
    topic = TopicFactory(name_kk="Бос орындарды іздеу", name_ru="Поиск вакансий",
                         name_en="Vacancy search")
    UserFactory(email="operator@example.kz", role=Role.OPERATOR, is_staff=True)

    page.goto(f"{base}/kk/feedback/")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.fill("input[name=name]", "Айгерім Сәрсенова")
    page.fill("input[name=email]", "aigerim@example.kz")
    page.fill("input[name=phone]", "8 701 123 45 67")
    page.select_option("select[name=topic]", label="Бос орындарды іздеу")
    page.fill("textarea[name=text]", "Іздеу нәтиже бермейді, көмектесіңізші.")
    page.set_input_files("input[name=attachments]", files=[{
        "name": "Өтініш.pdf", "mimeType": "application/pdf", "buffer": files.pdf(),
    }])
    page.locator("main form button[type=submit]").click()

    number = page.locator("#request-number").inner_text()
    private_link = page.locator("#private-link").get_attribute("href")
    request = FeedbackRequest.objects.get(number=number)
    assert (request.language, request.topic, request.phone) == (
        "kk", topic, "+77011234567"
    )
    attachment = request.attachments.get()
    assert attachment.original_name == "Өтініш.pdf"
    stored = media_root / "attachments" / attachment.stored_name
    assert stored.read_bytes() == files.pdf()
    assert attachment.sha256 == hashlib.sha256(files.pdf()).hexdigest()
    assert "Өтініш" not in attachment.stored_name
    [confirmation] = mail.outbox
    assert confirmation.to == ["aigerim@example.kz"]
    assert number in confirmation.subject
    assert private_link in confirmation.body
    assert "/kk/feedback/r/" in private_link

    operator = page.context.browser.new_context(locale="kk-KZ")
    desk = operator.new_page()
    desk.goto(f"{base}/kk/accounts/login/")
    desk.fill("input[name=username]", "operator@example.kz")
    desk.fill("input[name=password]", "correct-horse-42")
    desk.locator("main form button[type=submit]").click()
    desk.goto(f"{base}/kk/feedback/desk/{number}/")
    desk.fill("#reply-form textarea[name=text]", "Браузердің кэшін тазалаңыз.")
    desk.locator("#reply-form button[type=submit]").click()
    assert desk.locator(".correspondence", has_text="Браузердің кэшін").count() == 1
    operator.close()
    answer = mail.outbox[-1]
    assert (len(mail.outbox), answer.to) == (2, ["aigerim@example.kz"])
    assert number in answer.subject
    assert "Браузердің кэшін тазалаңыз." in answer.body

    page.goto(private_link)
    assert page.locator("text=Браузердің кэшін тазалаңыз.").count() == 1
    assert page.locator("text=Іздеу нәтиже бермейді, көмектесіңізші.").count() == 1
    assert page.locator("a", has_text="Өтініш.pdf").count() == 1
    with page.expect_download() as download:
        page.locator("a", has_text="Өтініш.pdf").click()
    assert download.value.suggested_filename == "Өтініш.pdf"
    assert open(download.value.path(), "rb").read() == files.pdf()
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
