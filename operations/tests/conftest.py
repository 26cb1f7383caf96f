import datetime as dt

import pytest
from django.utils import translation

from core.localtime import ALMATY
from tests.clock import clock_install


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in their English source wording."""
    with translation.override("en"):
        yield


@pytest.fixture
def clock(monkeypatch):
    return clock_install(monkeypatch, dt.datetime(2026, 6, 15, 10, 0, tzinfo=ALMATY))


@pytest.fixture
def folders(settings, tmp_path):
    """Files and backups in folders of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BACKUP_DIR = str(tmp_path / "backups")
    return tmp_path
