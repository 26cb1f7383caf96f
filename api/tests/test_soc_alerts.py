import hashlib
import hmac
import json
import time

import pytest

from incidents.models import Incident, IncidentLink
from security.models import SecurityEvent

URL = "/soc/v1/alerts/"
TOKEN = "t" * 40
SECRET = "s" * 40


@pytest.fixture(autouse=True)
def sender(settings):
    settings.SECURITY_SOC_SENDERS = f"soc-kz:{TOKEN}:{SECRET}"


def _post(client, alert, *, token=TOKEN, secret=SECRET, timestamp=None, body=None):
    body = body if body is not None else json.dumps(alert).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = hmac.new(secret.encode(), stamp.encode() + b"\n" + body,
                         hashlib.sha256).hexdigest()
    return client.post(
        URL, body, content_type="application/json", HTTP_X_SOC_TOKEN=token,
        HTTP_X_SOC_TIMESTAMP=stamp, HTTP_X_SOC_SIGNATURE=signature,
        HTTP_ACCEPT_LANGUAGE="en",
    )


ALERT = {"id": "A-2026-77", "title": "Brute force on sign-in", "severity": "high",
         "description": "4000 attempts from 198.51.100.0/24"}


@pytest.mark.django_db
def test_a_signed_alert_becomes_an_incident_from_the_soc(client):
    response = _post(client, ALERT)

    assert response.status_code == 202
    incident = Incident.objects.get()
    assert response.json() == {"incident": incident.number, "created": True}
    assert (incident.source, incident.severity, incident.title) == (
        "soc", "high", "Brute force on sign-in",
    )
    assert IncidentLink.objects.get().reference == "A-2026-77"
    assert SecurityEvent.objects.get(name="sys_soc_alert_received").details == {
        "sender": "soc-kz", "new_incident": True,
    }


@pytest.mark.django_db
def test_the_same_request_sent_twice_is_refused_as_a_replay(client):
    stamp = int(time.time())
    assert _post(client, ALERT, timestamp=stamp).status_code == 202

    again = _post(client, ALERT, timestamp=stamp)

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "replay"
    assert Incident.objects.get().occurrences == 1
    assert SecurityEvent.objects.filter(name="authn_token_reuse").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("change, code", [
    ({"token": "x" * 40}, "unknown_sender"),
    ({"secret": "z" * 40}, "bad_signature"),
    ({"timestamp": int(time.time()) - 3600}, "stale"),
    ({"timestamp": "yesterday"}, "stale"),
])
def test_a_request_without_valid_credentials_is_refused(client, change, code):
    response = _post(client, ALERT, **change)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert not Incident.objects.exists()
    assert SecurityEvent.objects.get(name="authn_token_invalid").outcome == "failure"


@pytest.mark.django_db
def test_a_malformed_alert_gets_a_clear_error(client):
    response = _post(client, None, body=b'{"id": "A-1"}')

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid", "message": "This field is required.", "field": "title",
    }


@pytest.mark.django_db
def test_the_address_takes_only_post(client):
    assert client.get(URL).status_code == 405
