import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from incidents.models import Function, Severity, Source
from incidents.services import incident_report
from tests.factories import UserFactory

pytestmark = pytest.mark.urls("incidents.tests.urls")


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"incidents:{name}", args=args)


def probe_incident(key: str = "probe:search", source: str = Source.MONITORING):
    incident, _ = incident_report(
        source=source, title=f"Down: {key}", fingerprint=key,
        severity=Severity.HIGH, function=Function.SEARCH, actor="monitoring",
    )
    return incident


@pytest.mark.django_db
def test_it_lists_incidents_for_the_back_office(client, operator, clock):
    incident = probe_incident()
    client.force_login(operator)

    response = client.get(url("list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [incident]


@pytest.mark.django_db
def test_it_filters_the_list_and_ignores_an_unknown_filter(client, operator, clock):
    probe = probe_incident()
    probe_incident("soc:1", Source.SOC)
    client.force_login(operator)

    filtered = client.get(url("list"), {"source": "monitoring"})
    unknown = client.get(url("list"), {"source": "twitter"})

    assert list(filtered.context["page"]) == [probe]
    assert unknown.status_code == 200
    assert "source" in unknown.context["form"].errors
    assert len(unknown.context["page"]) == 2


@pytest.mark.django_db
def test_it_shows_an_incident_with_its_timeline(client, operator, clock):
    incident = probe_incident()
    client.force_login(operator)

    response = client.get(url("detail", incident.number))

    assert response.status_code == 200
    assert response.context["detail"].events[0].kind == "opened"
    assert incident.number in response.content.decode()


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_incident(client, operator):
    client.force_login(operator)

    assert client.get(url("detail", "INC-2026-999999")).status_code == 404


@pytest.mark.django_db
def test_it_lets_an_auditor_read_but_not_act(client, clock):
    incident = probe_incident()
    auditor = UserFactory(role=Role.AUDITOR, is_staff=True)
    client.force_login(auditor)

    response = client.get(url("detail", incident.number))

    assert response.status_code == 200
    assert response.context["may_manage"] is False


@pytest.mark.django_db
def test_it_refuses_the_registry_to_a_job_seeker(client, job_seeker):
    client.force_login(job_seeker)

    assert client.get(url("list")).status_code == 403


@pytest.mark.django_db
def test_it_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(url("list"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_it_shows_the_figures_of_a_month(client, operator, clock, administrator):
    probe_incident()
    client.force_login(operator)

    response = client.get(url("figures"), {"year": "2026", "month": "3"})

    assert response.status_code == 200
    assert response.context["figures"].total == 1
    assert ("Monitoring tool", [0, 1, 0, 0], 1) in response.context["rows"]


@pytest.mark.django_db
def test_it_explains_a_bad_month_instead_of_failing(client, operator):
    client.force_login(operator)

    response = client.get(url("figures"), {"year": "2026", "month": "13"})

    assert response.status_code == 200
    assert response.context["figures"] is None
    assert "month" in response.context["form"].errors
