"""Calls and checks shared by the API's tests."""

from typing import Any

from django.test import Client
from django.utils import translation

JSON = "application/json; charset=utf-8"
LANGUAGES = ["kk", "ru", "en"]


def api_get(client: Client, path: str, language: str = "kk", **params: Any):
    return client.get(path, params, headers={"accept-language": language})


def translated(message: Any, language: str, **params: Any) -> str:
    """Return MESSAGE as the API should write it in LANGUAGE."""
    with translation.override(language):
        text = str(message)
    return text % params if params else text


def error_of(response: Any, *, status: int, language: str) -> dict:
    """Check the one error shape and return its inner object."""
    assert response.status_code == status
    assert response["Content-Type"] == JSON
    assert response["Content-Language"] == language
    body = response.json()
    assert list(body) == ["error"]
    assert sorted(body["error"]) == ["code", "field", "message"]
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"].strip()
    return body["error"]
