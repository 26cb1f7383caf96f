import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in their English source wording."""
    with translation.override("en"):
        yield
