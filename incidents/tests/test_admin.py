import pytest
from django.urls import reverse
from django.utils import translation

from incidents.models import EventKind, Function, Incident, Severity, Source, Status
from incidents.services import incident_report


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:incidents_incident_{name}", args=args)


def probe_incident() -> Incident:
    incident, _ = incident_report(
        source=Source.MONITORING, title="Search is down", fingerprint="probe:search",
        severity=Severity.HIGH, function=Function.SEARCH, actor="monitoring",
    )
    return incident


def change_form(incident: Incident, **values) -> dict:
    return {
        "action": "", "note": "", "new_assignee": "",
        "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        **values,
    }


@pytest.mark.django_db
def test_it_opens_an_incident_for_the_specialist_from_the_admin(
    admin_client, administrator
):
    response = admin_client.post(url("add"), {
        "title": "Applications page is blank",
        "description": "Seen in Chrome",
        "severity": Severity.MEDIUM,
        "function": Function.APPLICATIONS,
        "fingerprint": "",
    })

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert (incident.source, incident.created_by) == (Source.SPECIALIST, administrator)
    assert incident.events.get().actor_name == "admin@example.kz"


@pytest.mark.django_db
def test_it_resolves_from_the_change_form_and_writes_the_timeline(admin_client):
    incident = probe_incident()

    response = admin_client.post(
        url("change", incident.pk),
        change_form(incident, action="resolve", note="Index rebuilt"),
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.resolution) == (Status.RESOLVED, "Index rebuilt")
    assert incident.events.last().kind == EventKind.RESOLVED


@pytest.mark.django_db
def test_it_explains_a_forbidden_step_and_keeps_the_text(admin_client):
    incident = probe_incident()

    response = admin_client.post(
        url("change", incident.pk), change_form(incident, action="close", note="Hm")
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["action"] == [
        "Incident INC-2026-000001 is “Open”; only a resolved incident can be closed."
    ]
    assert form["note"].value() == "Hm"
    incident.refresh_from_db()
    assert incident.status == Status.OPEN


@pytest.mark.django_db
def test_it_shows_the_timeline_on_the_change_page(admin_client):
    incident = probe_incident()

    response = admin_client.get(url("change", incident.pk))

    assert response.status_code == 200
    assert "monitoring" in response.content.decode()
    assert len(response.context["inline_admin_formsets"]) == 2


@pytest.mark.django_db
def test_it_acknowledges_the_selected_incidents_from_the_list(admin_client):
    incident = probe_incident()

    admin_client.post(url("changelist"), {
        "action": "acknowledge_selected", "_selected_action": [incident.pk],
    })

    incident.refresh_from_db()
    assert incident.status == Status.ACKNOWLEDGED


@pytest.mark.django_db
def test_it_never_deletes_an_incident(admin_client):
    incident = probe_incident()

    response = admin_client.post(url("delete", incident.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Incident.objects.filter(pk=incident.pk).exists()
