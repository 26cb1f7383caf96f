import datetime as dt

import pytest
from django.utils import timezone, translation

from core.localtime import ALMATY


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in their English source wording."""
    with translation.override("en"):
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
    fixed = Clock(dt.datetime(2026, 6, 15, 10, 0, tzinfo=ALMATY))
    monkeypatch.setattr(timezone, "now", fixed)
    return fixed


@pytest.fixture
def folders(settings, tmp_path):
    """Files and backups in folders of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BACKUP_DIR = str(tmp_path / "backups")
    return tmp_path
