"""Facts a vacancy does not state are null in the API, and counted nowhere."""

import datetime as dt

import pytest

from api.tests.helpers import api_get
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/vacancies"
FAR_AWAY = dt.date(2099, 12, 31)
UNSTATED = {"employment_type": "", "schedule": "", "education": ""}


@pytest.fixture
def card():
    """An hh.kz card: its source gives no employment, schedule or education."""
    return VacancyFactory(
        title="Системный администратор", source="hhkz2020", external_id="row:1",
        expires_on=FAR_AWAY, **UNSTATED,
    )


def test_a_vacancy_gives_null_for_what_it_does_not_state(client, card):
    body = api_get(client, f"{LIST}/{card.pk}").json()

    assert (body["employment_type"], body["schedule"], body["education"]) == (
        None, None, None,
    )


def test_a_summary_gives_null_for_what_the_vacancy_does_not_state(client, card):
    body = api_get(client, LIST).json()

    [item] = body["items"]
    assert (item["employment_type"], item["schedule"]) == (None, None)


def test_stated_facts_keep_their_codes(client):
    vacancy = VacancyFactory(
        employment_type="part", schedule="shift", education="any",
        expires_on=FAR_AWAY,
    )

    body = api_get(client, f"{LIST}/{vacancy.pk}").json()

    assert (body["employment_type"], body["schedule"], body["education"]) == (
        "part", "shift", "any",
    )


def test_the_employment_facet_leaves_out_vacancies_that_state_none(client, card):
    VacancyFactory(employment_type="part", expires_on=FAR_AWAY)

    body = api_get(client, LIST, facets="1").json()

    employment = body["facets"]["employment_type"]
    assert body["total"] == 2
    assert [(value["value"], value["count"]) for value in employment] == [("part", 1)]


def test_the_openapi_document_says_null_means_not_stated(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    summary = schemas["VacancySummary"]["properties"]
    detail = schemas["VacancyDetail"]["properties"]
    for field in (summary["employment_type"], summary["schedule"], detail["education"]):
        assert field["description"].endswith("null: not stated.")
        assert {"type": "null"} in field["anyOf"]
