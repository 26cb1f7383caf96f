"""The job seeker learns the employer's decision, and of every change of it."""

import pytest
from django.core import mail

from applications.models import ApplicationStatus
from applications.tests.factories import VacancyOnPortalFactory
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(employer_user):
    vacancy = VacancyOnPortalFactory(
        employer=employer_user.employers.get(), title="Кассир"
    )
    seeker = UserFactory(email="aigerim@example.kz", preferred_language="kk")
    return ApplicationFactory(vacancy=vacancy, applicant=seeker)


@pytest.fixture
def decide(client, employer_user, django_capture_on_commit_callbacks):
    """Press accept or reject on the employer's page of the application."""
    client.force_login(employer_user)

    def press(application, decision):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/ru/applications/received/{application.pk}/decide/",
                {"decision": decision},
            )
        assert response.status_code == 302
        return response

    return press


def test_the_job_seeker_is_emailed_in_their_language_when_accepted(
    decide, application
):
    decide(application, "accept")

    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["aigerim@example.kz"]
    assert letter.subject == "Өтініміңіз қабылданды"
    assert "«Кассир»" in letter.body and "ТОО Алатау Сервис" in letter.body
    assert "/kk/applications/my/" in letter.body


def test_a_russian_speaking_job_seeker_is_told_of_a_refusal_in_russian(
    decide, application
):
    application.applicant.preferred_language = "ru"
    application.applicant.save()

    decide(application, "reject")

    assert [letter.subject for letter in mail.outbox] == ["Ваш отклик отклонён"]
    assert "/ru/applications/my/" in mail.outbox[0].body


def test_every_change_of_the_decision_is_told_as_a_change(decide, application):
    decide(application, "accept")
    decide(application, "reject")
    decide(application, "accept")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    subjects = [letter.subject for letter in mail.outbox]
    changed = "Жұмыс беруші өтініміңіз бойынша шешімін өзгертті"
    assert subjects == ["Өтініміңіз қабылданды", changed, changed]
    assert "Өтініміңіз енді қабылданбады." in mail.outbox[1].body
    assert "Өтініміңіз енді қабылданды." in mail.outbox[2].body


def test_the_same_decision_twice_sends_one_email(decide, application):
    decide(application, "reject")
    decide(application, "reject")

    assert len(mail.outbox) == 1


def test_a_user_language_the_portal_does_not_speak_falls_back_to_kazakh(
    decide, application
):
    application.applicant.preferred_language = "de"
    application.applicant.save()

    decide(application, "accept")

    assert mail.outbox[0].subject == "Өтініміңіз қабылданды"
