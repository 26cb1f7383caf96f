import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import translation
from huey.contrib.djhuey import HUEY

from core.localtime import ALMATY
from helpdesk.services import request_submit
from helpdesk.tests import files
from tests.factories import TopicFactory
from tests.clock import clock_install


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in their English source wording."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Attachments of each test land in a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_queue():
    """Retries that a test scheduled must not reach the next test."""
    HUEY.storage.flush_all()
    yield
    HUEY.storage.flush_all()


@pytest.fixture(autouse=True)
def fresh_rate_limits(request):
    """Counters of the rate limit live in the cache, which outlives a test."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        cache.clear()
    yield


@pytest.fixture
def clock(monkeypatch):
    """Monday 2 March 2026, 10:00 in Almaty (an ordinary working day)."""
    return clock_install(monkeypatch, dt.datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY))


@pytest.fixture
def topic(db):
    return TopicFactory(name_kk="Іздеу", name_ru="Поиск", name_en="Search")


@pytest.fixture
def filled(topic):
    """The public form's fields, every one valid."""
    return {
        "name": "Айгерім Сәрсенова",
        "email": "aigerim@example.kz",
        "phone": "8 (701) 123-45-67",
        "topic": str(topic.pk),
        "text": "Іздеу жұмыс істемейді.\nPlease help.",
    }


@pytest.fixture
def submit(db, topic):
    """Send a request through the service, as the form does; returns Submission."""

    def send(**overrides):
        values = {
            "name": "Айгерім Сәрсенова",
            "email": "aigerim@example.kz",
            "phone": "",
            "topic": topic,
            "text": "Іздеу жұмыс істемейді.",
            "language": "kk",
            "base_url": "https://enbek.example.kz",
        }
        values.update(overrides)
        return request_submit(**values)

    return send


@pytest.fixture
def a_pdf():
    return files.upload("Өтініш.pdf", files.pdf())
