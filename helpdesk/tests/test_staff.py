import datetime as dt

import pytest
from django.core import mail

from accounts.models import Role
from core.errors import Forbidden, ValidationFailed
from core.localtime import ALMATY
from helpdesk.models import EventKind, FeedbackRequest, Status
from helpdesk.services import (
    request_assign,
    request_close,
    request_follow_up,
    request_incident_link,
    request_incident_open,
    request_note_add,
    request_reply,
)
from incidents.models import Incident, IncidentLink, Source
from incidents.selectors import incidents_linked_to
from incidents.services import incident_report
from tests.factories import TopicFactory, UserFactory

QUEUE = "/en/feedback/desk/"


def desk(number: str, action: str = "") -> str:
    return f"/en/feedback/desk/{number}/{action + '/' if action else ''}"


def numbers(response) -> list[str]:
    return [request.number for request in response.context["page"]]


# Who may work the desk --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [QUEUE, "/en/feedback/desk/report/",
                                 "/en/feedback/desk/report.csv"])
def test_strangers_are_sent_to_sign_in_and_others_refused(client, url, job_seeker):
    anonymous = client.get(url)
    client.force_login(job_seeker)
    seeker = client.get(url)
    auditor_client = client.__class__()
    auditor_client.force_login(UserFactory(role=Role.AUDITOR, is_staff=True))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/accounts/login/")
    assert seeker.status_code == 403
    assert auditor_client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_request_page_is_for_the_desk_only(client, submit, job_seeker, operator):
    number = submit().request.number

    client.force_login(job_seeker)
    refused = client.get(desk(number))
    client.force_login(operator)
    shown = client.get(desk(number))

    assert refused.status_code == 403
    assert shown.status_code == 200
    assert "Іздеу жұмыс істемейді." in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert "private" in shown["Cache-Control"]


@pytest.mark.django_db
def test_a_service_refuses_a_user_outside_the_desk(submit, job_seeker):
    request = submit().request

    with pytest.raises(Forbidden):
        request_note_add(request=request, by=job_seeker, text="Hi")


# The queue ----------------------------------------------------------------------------


@pytest.fixture
def queue(submit, clock, operator, topic):
    """Four requests received on different days of March 2026."""
    other_operator = UserFactory(email="op2@example.kz", role=Role.OPERATOR,
                                 is_staff=True)
    billing = TopicFactory(name_en="Billing")
    clock.set(2026, 2, 24, 10, 0)   # Tue: due Fri 27 Feb -> overdue
    overdue = submit().request
    clock.set(2026, 3, 2, 10, 0)    # Mon: due Thu 5 Mar -> due soon on Wed
    soon = submit(topic=billing).request
    clock.set(2026, 3, 3, 10, 0)    # Tue: due Fri 6 Mar
    later = submit(topic=None).request
    answered = submit().request
    request_assign(request=soon, by=operator, assignee=operator)
    request_assign(request=later, by=operator, assignee=other_operator)
    request_reply(request=answered, by=operator, text="Done")
    clock.set(2026, 3, 4, 10, 0)    # Wednesday
    return {"overdue": overdue, "soon": soon, "later": later,
            "answered": answered, "billing": billing, "other": other_operator}


@pytest.mark.django_db
def test_the_queue_shows_waiting_requests_most_urgent_first_with_counts(
    client, operator, queue
):
    client.force_login(operator)

    response = client.get(QUEUE)

    assert numbers(response) == [queue["overdue"].number, queue["soon"].number,
                                 queue["later"].number]
    counts = response.context["counts"]
    assert (counts.open, counts.overdue, counts.due_soon) == (3, 1, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), [
    ({"status": "answered"}, ["answered"]),
    ({"status": "all"}, ["overdue", "soon", "later", "answered"]),
    ({"status": "in_progress"}, ["soon", "later"]),
    ({"assignee": "me"}, ["soon"]),
    ({"assignee": "none"}, ["overdue"]),
    ({"topic": "other"}, ["later"]),
    ({"due": "overdue"}, ["overdue"]),
    ({"due": "soon"}, ["soon"]),
    ({"due": "today"}, []),
])
def test_the_queue_filters(client, operator, queue, query, expected):
    client.force_login(operator)

    response = client.get(QUEUE, query)

    assert numbers(response) == [queue[name].number for name in expected]


@pytest.mark.django_db
def test_the_queue_filters_by_topic_and_by_a_colleague(client, operator, queue):
    client.force_login(operator)

    by_topic = client.get(QUEUE, {"topic": str(queue["billing"].pk)})
    by_colleague = client.get(QUEUE, {"assignee": str(queue["other"].pk)})

    assert numbers(by_topic) == [queue["soon"].number]
    assert numbers(by_colleague) == [queue["later"].number]


@pytest.mark.django_db
def test_the_queue_shows_requests_due_today(client, operator, queue, clock):
    clock.set(2026, 3, 5, 9, 0)
    client.force_login(operator)

    response = client.get(QUEUE, {"due": "today"})

    assert numbers(response) == [queue["soon"].number]


@pytest.mark.django_db
def test_the_queue_ignores_an_unknown_filter_value(client, operator, queue):
    client.force_login(operator)

    response = client.get(QUEUE, {"status": "lost"})

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert len(numbers(response)) == 3


# Working on one request ------------------------------------------------------------


@pytest.mark.django_db
def test_assigning_a_new_request_starts_it(client, operator, submit):
    request = submit().request
    client.force_login(operator)

    response = client.post(desk(request.number, "assign"), {"assignee": operator.pk})

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.assignee) == (Status.IN_PROGRESS, operator)
    event = request.events.get(kind=EventKind.ASSIGNED)
    assert event.after == {"status": "in_progress", "assignee": operator.email}


@pytest.mark.django_db
def test_a_request_goes_only_to_desk_staff(operator, submit, job_seeker):
    request = submit().request

    with pytest.raises(ValidationFailed) as refused:
        request_assign(request=request, by=operator, assignee=job_seeker)

    assert refused.value.message == "Requests go to operators and administrators only."


@pytest.mark.django_db
def test_an_internal_note_stays_off_the_private_page(client, operator, submit):
    submission = submit()
    client.force_login(operator)

    client.post(desk(submission.request.number, "note"), {"text": "Known bug."})
    private = client.__class__().get(f"/en/feedback/r/{submission.token}/")

    note = submission.request.events.get(kind=EventKind.NOTE)
    assert (note.note, note.actor_user) == ("Known bug.", operator)
    assert "Known bug." not in private.content.decode()


@pytest.mark.django_db
def test_a_reply_answers_the_request_and_is_emailed(
    client, operator, submit, clock, django_capture_on_commit_callbacks
):
    request = submit(language="en").request
    clock.advance(hours=2)
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(desk(request.number, "reply"),
                               {"text": "Clear the browser cache."})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    assert request.first_answered_at == clock.now
    assert request.answered_in_time is True
    reply = mail.outbox[-1]
    assert reply.to == ["aigerim@example.kz"]
    assert reply.subject == f"Answer to your request {request.number}"
    assert "Clear the browser cache." in reply.body


@pytest.mark.django_db
def test_a_late_first_answer_is_recorded_as_late(operator, submit, clock):
    request = submit().request
    clock.set(2026, 3, 5, 18, 1)

    request_reply(request=request, by=operator, text="Sorry for the wait.")

    request.refresh_from_db()
    assert request.answered_in_time is False


@pytest.mark.django_db
def test_an_empty_reply_keeps_the_page_with_the_error(client, operator, submit):
    request = submit().request
    client.force_login(operator)

    response = client.post(desk(request.number, "reply"), {"text": "  "})

    assert response.status_code == 400
    assert response.context["reply_form"].errors["text"] == ["This field is required."]


@pytest.mark.django_db
def test_closing_without_an_answer_needs_a_reason(client, operator, submit):
    request = submit().request
    client.force_login(operator)

    refused = client.post(desk(request.number, "close"), {"reason": ""})
    closed = client.post(desk(request.number, "close"), {"reason": "Spam"})

    assert refused.status_code == 400
    assert refused.context["close_form"].errors["reason"] == [
        f"Request {request.number} has no answer yet: say why it is closed."
    ]
    assert closed.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.events.get(kind=EventKind.CLOSED).note == "Spam"


@pytest.mark.django_db
def test_an_answered_request_closes_without_a_reason(operator, submit):
    request = submit().request
    request_reply(request=request, by=operator, text="Done")

    closed = request_close(request=request, by=operator)

    assert closed.status == Status.CLOSED


@pytest.mark.django_db
def test_staff_cannot_answer_a_closed_request(operator, submit):
    request = submit().request
    request_close(request=request, by=operator, reason="Duplicate")

    with pytest.raises(ValidationFailed) as refused:
        request_reply(request=request, by=operator, text="Late answer")

    assert refused.value.message == (
        f"Request {request.number} is closed; it reopens when the requester "
        "writes again."
    )


# Feedback -> incident ---------------------------------------------------------


@pytest.mark.django_db
def test_an_operator_turns_a_request_into_an_incident_in_one_step(
    client, operator, submit, clock
):
    request = submit().request
    client.force_login(operator)

    response = client.post(desk(request.number, "incident"), {
        "title": "Search answers 500", "severity": "high", "function": "search",
    })

    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.source, incident.title, incident.severity, incident.function) == (
        Source.USER_FEEDBACK, "Search answers 500", "high", "search"
    )
    assert incident.description == request.text
    assert list(incidents_linked_to(kind="feedback_request",
                                    reference=request.number)) == [incident]
    event = request.events.get(kind=EventKind.INCIDENT)
    assert event.after == {"incident": incident.number, "created": True}
    page = client.get(desk(request.number)).content.decode()
    assert incident.number in page


@pytest.mark.django_db
def test_a_second_report_of_the_same_request_adds_to_its_incident(operator, submit):
    request = submit().request

    first = request_incident_open(request=request, by=operator,
                                  severity="medium", function="search")
    second = request_incident_open(request=request, by=operator,
                                   severity="high", function="search")

    assert first.pk == second.pk
    second.refresh_from_db()
    assert (second.occurrences, second.severity) == (2, "high")
    assert first.title == f"Failure reported in feedback request {request.number}"


@pytest.mark.django_db
def test_an_operator_links_a_request_to_an_existing_incident(
    client, operator, submit
):
    request = submit().request
    incident, _created = incident_report(
        source="monitoring", title="Search down", fingerprint="probe:search",
        severity="critical", function="search", actor="monitoring",
    )
    client.force_login(operator)

    response = client.post(desk(request.number, "incident/link"),
                           {"number": incident.number.lower()})

    assert response.status_code == 302
    assert IncidentLink.objects.filter(
        incident=incident, kind="feedback_request", reference=request.number
    ).exists()


@pytest.mark.django_db
def test_linking_to_an_unknown_incident_says_so(client, operator, submit):
    request = submit().request
    client.force_login(operator)

    response = client.post(desk(request.number, "incident/link"),
                           {"number": "INC-2026-999999"})

    assert response.status_code == 400
    assert response.context["incident_link_form"].errors["number"] == [
        "There is no incident INC-2026-999999."
    ]


@pytest.mark.django_db
def test_linking_twice_is_harmless(operator, submit):
    request = submit().request
    incident, _ = incident_report(
        source="monitoring", title="Down", fingerprint="probe:x",
        severity="low", function="other", actor="monitoring",
    )

    request_incident_link(request=request, by=operator, incident_number=incident.number)
    request_incident_link(request=request, by=operator, incident_number=incident.number)

    assert IncidentLink.objects.filter(incident=incident).count() == 1


@pytest.mark.django_db
def test_the_request_page_answers_404_for_an_unknown_number(client, operator):
    client.force_login(operator)

    assert client.get(desk("2026-999999")).status_code == 404


@pytest.mark.django_db
def test_due_moments_are_shown_in_almaty_time(client, operator, submit, clock):
    request = submit().request
    client.force_login(operator)

    page = client.get(desk(request.number)).content.decode()

    assert request.due_at == dt.datetime(2026, 3, 5, 18, 0, tzinfo=ALMATY)
    assert "March 5, 2026, 18:00" in page
    assert FeedbackRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_assignee_hears_when_the_requester_writes_again(
    operator, submit, django_capture_on_commit_callbacks
):
    request = submit().request
    request_assign(request=request, by=operator, assignee=operator)
    request_close(request=request, by=operator, reason="No answer needed")

    with django_capture_on_commit_callbacks(execute=True):
        request_follow_up(request=request, text="Please, it is urgent.",
                          base_url="https://enbek.example.kz")

    request.refresh_from_db()
    assert (request.status, request.closed_at) == (Status.IN_PROGRESS, None)
    [email] = mail.outbox
    assert email.to == [operator.email]
    assert f"https://enbek.example.kz/kk/feedback/desk/{request.number}/" in email.body
