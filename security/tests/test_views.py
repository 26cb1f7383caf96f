import csv
import io

import pytest
from django.urls import reverse

from accounts.models import Role
from security.models import SecurityEvent
from security.services import security_event_record
from tests.factories import UserFactory


@pytest.fixture
def auditor(db):
    from accounts.services import role_groups_sync

    role_groups_sync()
    user = UserFactory(email="auditor@example.kz", role=Role.AUDITOR, is_staff=True)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=Role.AUDITOR))
    return user


@pytest.mark.django_db
def test_an_auditor_searches_the_journal_by_event_and_outcome(client, auditor):
    security_event_record(name="authn_login_fail", outcome="failure", object_ref="x1")
    security_event_record(name="authn_login_success", outcome="success",
                          object_ref="x2")
    client.force_login(auditor)

    response = client.get(reverse("security:journal"),
                          {"name": "authn_login", "outcome": "failure"})

    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [row.object_ref for row in rows] == ["x1"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_journal_page_answers_in_each_language(client, administrator, language):
    client.force_login(administrator)
    response = client.get(f"/{language}/security/journal/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.django_db
def test_bad_dates_get_a_message_not_a_500(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("security:journal"),
                          {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.django_db
def test_an_operator_is_refused_and_the_refusal_recorded(client, operator):
    client.force_login(operator)
    response = client.get(reverse("security:journal"))
    assert response.status_code == 403
    refusal = SecurityEvent.objects.get(name="authz_fail")
    assert refusal.actor_id == operator.pk


@pytest.mark.django_db
def test_the_csv_export_holds_the_rows_and_is_itself_recorded(client, administrator):
    security_event_record(name="upload_rejected", outcome="failure",
                          object_ref="=HYPERLINK(1)")
    client.force_login(administrator)

    response = client.get(reverse("security:journal_export"),
                          {"name": "upload_rejected"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["event_id", "occurred_at_utc", "occurred_at_local", "name"]
    assert [row[3] for row in rows[1:]] == ["upload_rejected"]
    assert rows[1][10] == "'=HYPERLINK(1)"
    assert rows[1][2].endswith("+05:00")
    export = SecurityEvent.objects.get(name="data_export")
    assert export.actor_id == administrator.pk
    assert export.details == {"filters": {"name": "upload_rejected"}, "rows": 1}


@pytest.mark.django_db
def test_a_forged_cross_site_post_is_refused_and_recorded():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/accounts/login/", {"username": "x", "password": "y"},
                           REMOTE_ADDR="203.0.113.66")

    assert response.status_code == 403
    event = SecurityEvent.objects.get(name="malicious_csrf")
    assert event.source_ip == "203.0.113.66"
    assert event.object_ref == "/en/accounts/login/"
    assert "CSRF cookie not set" in event.details["reason"]
