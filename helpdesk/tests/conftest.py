import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from huey.contrib.djhuey import HUEY

from core.localtime import ALMATY
from helpdesk.services import request_submit
from helpdesk.tests import files
from tests.factories import TopicFactory


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


class Clock:
    """A wall clock that moves only when a test moves it."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, *args: int) -> dt.datetime:
        self.now = dt.datetime(*args, tzinfo=ALMATY)
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Monday 2 March 2026, 10:00 in Almaty (an ordinary working day)."""
    fixed = Clock(dt.datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY))
    monkeypatch.setattr(timezone, "now", fixed)
    return fixed


@pytest.fixture
def topic(db):
    return TopicFactory(name_kk="Іздеу", name_ru="Поиск", name_en="Search")


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
