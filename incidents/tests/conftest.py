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
    return clock_install(monkeypatch, dt.datetime(2026, 3, 2, 9, 0, tzinfo=ALMATY))
