"""Fixtures shared by every app's tests: the named personas of the portal."""

import pytest
from django.utils import translation

from tests.factories import (
    EmployerFactory,
    UserFactory,
)
from accounts.models import Role


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Run each test with English active outside requests.

    A request leaves its language active in the thread; without this, a
    service's message in one test would depend on the page an earlier test
    opened. Tests of other languages use translation.override or a URL prefix.
    """
    with translation.override("en"):
        yield


@pytest.fixture
def job_seeker(db):
    """Aigerim, looking for work in Almaty."""
    return UserFactory(email="aigerim@example.kz", full_name="Айгерім Сәрсенова")


@pytest.fixture
def employer_user(db):
    """Daniyar, the HR manager of a company with a valid BIN."""
    user = UserFactory(
        email="daniyar@example.kz", full_name="Данияр Ахметов", role=Role.EMPLOYER
    )
    EmployerFactory(name="ТОО Алатау Сервис", bin="150540000007", members=[user])
    return user


@pytest.fixture
def operator(db):
    return UserFactory(email="operator@example.kz", role=Role.OPERATOR, is_staff=True)


@pytest.fixture
def administrator(db):
    return UserFactory(
        email="admin@example.kz", role=Role.ADMINISTRATOR, is_staff=True,
        is_superuser=True,
    )


from tests.browser import browser_page  # noqa: E402,F401  (fixture)
