import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    # Messages are compared in the source language, whatever the default.
    with translation.override("en"):
        yield
