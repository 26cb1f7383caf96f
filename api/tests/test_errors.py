import logging

import pytest
from django.utils.translation import gettext_lazy as _

from api.errors import METHOD_NOT_ALLOWED, NOT_FOUND, SERVER_ERROR
from api.tests.helpers import JSON, LANGUAGES, api_get, error_of, translated
from core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    ValidationErrors,
    ValidationFailed,
)
from vacancies import selectors

SALARY_UPSIDE_DOWN = _("The upper end of the salary is below the lower end.")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here",
        "/api/v2/vacancies",
        "/api/v1/vacancies/",
        "/api/v1/vacancies/not-a-number",
    ],
)
def test_it_answers_an_unknown_address_with_the_error_shape(client, path, language):
    response = client.get(path, headers={"accept-language": language})

    assert error_of(response, status=404, language=language) == {
        "code": "not_found",
        "message": translated(NOT_FOUND, language),
        "field": None,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_a_method_the_address_does_not_take(client, language):
    response = client.post(
        "/api/v1/vacancies", {}, headers={"accept-language": language}
    )

    assert response["Allow"] == "GET"
    assert error_of(response, status=405, language=language) == {
        "code": "method_not_allowed",
        "message": translated(METHOD_NOT_ALLOWED, language, method="POST"),
        "field": None,
    }


@pytest.mark.django_db
def test_it_hides_an_unexpected_failure_behind_a_500(client, monkeypatch, caplog):
    def broken(vacancy_id):
        raise RuntimeError("connection string postgres://secret")

    monkeypatch.setattr(selectors, "vacancy_get_public", broken)

    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = api_get(client, "/api/v1/vacancies/7", "ru")

    assert error_of(response, status=500, language="ru") == {
        "code": "server_error",
        "message": translated(SERVER_ERROR, "ru"),
        "field": None,
    }
    assert b"secret" not in response.content
    assert b"Traceback" not in response.content
    assert [r.getMessage() for r in caplog.records if r.name == "api.errors"] == [
        "API request GET '/api/v1/vacancies/7' failed"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("error", "status", "code", "field"),
    [
        (ValidationFailed(SALARY_UPSIDE_DOWN, field="salary_to"), 400, "invalid",
         "salary_to"),
        (NotFound(SALARY_UPSIDE_DOWN), 404, "not_found", None),
        (Forbidden(SALARY_UPSIDE_DOWN), 403, "forbidden", None),
        (Conflict(SALARY_UPSIDE_DOWN, code="already_closed"), 409, "already_closed",
         None),
    ],
)
def test_it_maps_every_service_error_through_one_handler(
    client, monkeypatch, error, status, code, field, language
):
    def refuse(vacancy_id):
        raise error

    monkeypatch.setattr(selectors, "vacancy_get_public", refuse)

    response = api_get(client, "/api/v1/vacancies/7", language)

    assert error_of(response, status=status, language=language) == {
        "code": code,
        "message": translated(SALARY_UPSIDE_DOWN, language),
        "field": field,
    }


@pytest.mark.django_db
def test_it_answers_a_refusal_of_several_fields_with_the_first(client, monkeypatch):
    def refuse(vacancy_id):
        raise ValidationErrors([
            ValidationFailed(SALARY_UPSIDE_DOWN, code="upside_down", field="salary_to"),
            ValidationFailed(_("Enter a date."), field="expires_on"),
        ])

    monkeypatch.setattr(selectors, "vacancy_get_public", refuse)

    response = api_get(client, "/api/v1/vacancies/7", "ru")

    assert error_of(response, status=400, language="ru") == {
        "code": "upside_down",
        "message": translated(SALARY_UPSIDE_DOWN, "ru"),
        "field": "salary_to",
    }


@pytest.mark.django_db
def test_it_fills_the_placeholders_of_a_service_error(client, monkeypatch):
    message = _("At most %(count)s vacancies may be open at once.")

    def refuse(vacancy_id):
        raise Conflict(message, params={"count": 50})

    monkeypatch.setattr(selectors, "vacancy_get_public", refuse)

    response = api_get(client, "/api/v1/vacancies/7", "en")

    assert error_of(response, status=409, language="en")["message"] == (
        translated(message, "en", count=50)
    )


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "kk"),
        ("ru", "ru"),
        ("en-US,en;q=0.9", "en"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("en;q=0.5,kk;q=0.9", "kk"),
        ("de-DE", "kk"),
        ("de, en;q=0.5", "en"),
        ("*", "kk"),
        ("not a header;;;", "kk"),
    ],
)
def test_it_answers_in_the_language_of_the_accept_language_header(
    client, header, language
):
    response = client.get("/api/v1/nothing", headers={"accept-language": header})

    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    assert response.json()["error"]["message"] == translated(NOT_FOUND, language)


def test_it_ignores_the_language_cookie_of_the_web_pages(client):
    client.cookies["django_language"] = "ru"

    response = client.get("/api/v1/nothing")

    assert response["Content-Language"] == "kk"


def test_it_writes_json_in_utf_8(client):
    response = client.get("/api/v1/nothing")

    assert response["Content-Type"] == JSON
