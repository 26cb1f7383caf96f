import datetime as dt
import threading

import pytest
from django.db import connection, connections

from accounts.models import Role
from applications import services
from applications.models import Application, ApplicationStatus, Invitation
from applications.services import (
    application_accept,
    application_reject,
    application_submit,
    invitation_send,
)
from applications.tests.factories import VacancyOnPortalFactory
from core.errors import Conflict, Forbidden, ValidationFailed
from core.localtime import local_today
from resumes.models import Visibility
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    ResumeFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import CloseReason, Status

pytestmark = pytest.mark.django_db


def company_of(user):
    return user.employers.get()


# --- applying -----------------------------------------------------------------


def test_a_job_seeker_applies_with_a_resume_and_a_letter(job_seeker):
    vacancy = VacancyOnPortalFactory()
    resume = ResumeFactory(owner=job_seeker)

    application = application_submit(
        vacancy=vacancy, applicant=job_seeker, resume=resume,
        cover_letter="  Здравствуйте!  ",
    )

    application.refresh_from_db()
    assert (application.vacancy, application.applicant, application.resume) == (
        vacancy, job_seeker, resume,
    )
    assert application.cover_letter == "Здравствуйте!"
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_same_application_again_returns_the_first_one(job_seeker):
    vacancy = VacancyOnPortalFactory()
    resume = ResumeFactory(owner=job_seeker)

    first = application_submit(
        vacancy=vacancy, applicant=job_seeker, resume=resume, cover_letter="Привет"
    )
    second = application_submit(
        vacancy=vacancy, applicant=job_seeker, resume=resume,
        cover_letter=" Привет \n",
    )

    assert second.pk == first.pk
    assert Application.objects.filter(vacancy=vacancy).count() == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda seeker: {"cover_letter": "ещё раз"},
        lambda seeker: {"resume": ResumeFactory(owner=seeker)},
    ],
    ids=["another letter", "another resume"],
)
def test_another_application_to_the_same_vacancy_is_refused_with_its_date(
    job_seeker, change
):
    vacancy = VacancyOnPortalFactory()
    first = application_submit(vacancy=vacancy, applicant=job_seeker)
    Application.objects.filter(pk=first.pk).update(
        created_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    )

    with pytest.raises(Conflict) as caught:
        application_submit(
            vacancy=vacancy, applicant=job_seeker, **change(job_seeker)
        )

    assert caught.value.code == "already_applied"
    assert caught.value.params == {"application_id": first.pk}
    assert "on March 2, 2026." in caught.value.message
    first.refresh_from_db()
    assert (first.cover_letter, first.resume) == ("", None)


def test_a_lost_race_returns_the_application_of_the_winner(job_seeker, monkeypatch):
    # The second of two concurrent requests reads nothing, then its insert
    # hits the unique constraint: it must answer with the first one.
    vacancy = VacancyOnPortalFactory()
    winner = ApplicationFactory(vacancy=vacancy, applicant=job_seeker)
    reads = iter([None])

    def stale_then_real(*, vacancy, applicant):
        try:
            return next(reads)
        except StopIteration:
            return Application.objects.filter(
                vacancy=vacancy, applicant=applicant
            ).first()

    monkeypatch.setattr("applications.services.application_of", stale_then_real)

    application = application_submit(vacancy=vacancy, applicant=job_seeker)

    assert application.pk == winner.pk
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.CLOSED, "close_reason": CloseReason.FILLED},
        {"expires_on": dt.date(2024, 1, 31)},
        {"status": Status.DRAFT, "published_at": None},
    ],
)
def test_it_refuses_a_vacancy_that_is_not_open(job_seeker, fields):
    vacancy = VacancyOnPortalFactory(**fields)

    with pytest.raises(ValidationFailed) as refused:
        application_submit(vacancy=vacancy, applicant=job_seeker)

    assert refused.value.code == "vacancy_closed"
    assert refused.value.message == (
        "This vacancy is closed and no longer accepts applications."
    )
    assert not Application.objects.exists()


def test_it_accepts_a_vacancy_on_its_closing_day(job_seeker):
    vacancy = VacancyOnPortalFactory(expires_on=local_today())

    application = application_submit(vacancy=vacancy, applicant=job_seeker)

    assert application.pk is not None


@pytest.mark.parametrize("persona", ["employer_user", "operator", "administrator"])
def test_only_job_seekers_apply(request, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(Forbidden):
        application_submit(vacancy=VacancyOnPortalFactory(), applicant=user)

    assert not Application.objects.exists()


def test_it_refuses_another_persons_resume(job_seeker):
    with pytest.raises(ValidationFailed) as refused:
        application_submit(
            vacancy=VacancyOnPortalFactory(), applicant=job_seeker,
            resume=ResumeFactory(),
        )

    assert refused.value.field == "resume"


def test_it_refuses_an_overlong_cover_letter(job_seeker):
    with pytest.raises(ValidationFailed) as refused:
        application_submit(
            vacancy=VacancyOnPortalFactory(), applicant=job_seeker,
            cover_letter="а" * 5001,
        )

    assert refused.value.field == "cover_letter"


def test_it_refuses_an_employer_without_members_on_the_portal(job_seeker):
    imported = VacancyFactory(employer__source="hh.kz", employer__external_id="42")

    with pytest.raises(ValidationFailed) as refused:
        application_submit(vacancy=imported, applicant=job_seeker, cover_letter="Hi")

    assert refused.value.code == "employer_not_on_portal"
    assert refused.value.message == (
        "This employer does not receive applications through the portal. "
        "Apply where the vacancy was published."
    )
    assert not Application.objects.exists()


def test_it_refuses_an_employer_whose_only_member_is_deactivated(job_seeker):
    former = UserFactory(role=Role.EMPLOYER, is_active=False)
    vacancy = VacancyFactory(employer=EmployerFactory(members=[former]))

    with pytest.raises(ValidationFailed) as refused:
        application_submit(vacancy=vacancy, applicant=job_seeker)

    assert refused.value.code == "employer_not_on_portal"
    assert not Application.objects.exists()


# --- deciding -----------------------------------------------------------------


def test_a_member_of_the_employer_accepts_and_rejects(employer_user):
    vacancy = VacancyOnPortalFactory(employer=company_of(employer_user))
    application = ApplicationFactory(vacancy=vacancy)

    application_accept(application=application, by=employer_user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_at is not None

    application_reject(application=application, by=employer_user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


@pytest.mark.parametrize("decide", [application_accept, application_reject])
@pytest.mark.parametrize("persona", ["job_seeker", "other_employer", "operator"])
def test_nobody_else_decides(request, employer_user, decide, persona):
    if persona == "other_employer":
        user = UserFactory(role="employer")
        EmployerFactory(members=[user])
    else:
        user = request.getfixturevalue(persona)
    application = ApplicationFactory(
        vacancy=VacancyOnPortalFactory(employer=company_of(employer_user))
    )

    with pytest.raises(Forbidden):
        decide(application=application, by=user)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.decided_at is None


# --- inviting -----------------------------------------------------------------


def test_an_employer_invites_the_owner_of_a_public_resume(employer_user):
    employer = company_of(employer_user)
    vacancy = VacancyOnPortalFactory(employer=employer)
    resume = ResumeFactory()

    invitation = invitation_send(
        employer=employer, resume=resume, vacancy=vacancy,
        message="Приглашаем на собеседование", by=employer_user,
    )

    invitation.refresh_from_db()
    assert (invitation.employer, invitation.resume, invitation.vacancy) == (
        employer, resume, vacancy,
    )
    assert invitation.message == "Приглашаем на собеседование"


def test_a_hidden_resume_receives_no_invitation(employer_user):
    resume = ResumeFactory(visibility=Visibility.HIDDEN)

    with pytest.raises(Forbidden) as refused:
        invitation_send(
            employer=company_of(employer_user), resume=resume, message="Здравствуйте",
            by=employer_user,
        )

    assert refused.value.code == "resume_hidden"
    assert not Invitation.objects.exists()


def test_only_members_invite_on_behalf_of_an_employer(employer_user, job_seeker):
    with pytest.raises(Forbidden):
        invitation_send(
            employer=company_of(employer_user), resume=ResumeFactory(),
            message="Здравствуйте", by=job_seeker,
        )


@pytest.mark.parametrize(
    "vacancy_fields",
    [{"employer": None}, {"status": Status.CLOSED, "close_reason": "filled"}],
)
def test_it_invites_only_to_an_open_vacancy_of_the_employer(
    employer_user, vacancy_fields
):
    employer = company_of(employer_user)
    fields = {"employer": employer, **vacancy_fields}
    if fields["employer"] is None:
        fields["employer"] = EmployerFactory()
    vacancy = VacancyOnPortalFactory(**fields)

    with pytest.raises(ValidationFailed) as refused:
        invitation_send(
            employer=employer, resume=ResumeFactory(), vacancy=vacancy,
            message="Здравствуйте", by=employer_user,
        )

    assert refused.value.field == "vacancy"


def test_inviting_twice_returns_the_first_invitation(employer_user):
    employer = company_of(employer_user)
    resume = ResumeFactory()
    vacancy = VacancyOnPortalFactory(employer=employer)

    for target in [vacancy, None]:
        first = invitation_send(
            employer=employer, resume=resume, vacancy=target, message="1",
            by=employer_user,
        )
        second = invitation_send(
            employer=employer, resume=resume, vacancy=target, message="2",
            by=employer_user,
        )
        assert second.pk == first.pk

    assert Invitation.objects.count() == 2


# --- two requests at once -----------------------------------------------------


def _submit_at_once(monkeypatch, vacancy, applicant, letters):
    """Submit one application per letter, each in a thread, all at once."""
    results, errors = [], []
    # Both requests look for an earlier application before either inserts,
    # so that the database constraint, not the first look, has to decide.
    both_looked = threading.Barrier(len(letters), timeout=10)
    seen = threading.local()
    real_lookup = services.application_of

    def lookup_then_wait(**kwargs):
        found = real_lookup(**kwargs)
        if not getattr(seen, "looked", False):
            seen.looked = True
            both_looked.wait()
        return found

    monkeypatch.setattr(services, "application_of", lookup_then_wait)

    def submit(letter):
        try:
            results.append(
                application_submit(
                    vacancy=vacancy, applicant=applicant, cover_letter=letter
                )
            )
        except Exception as error:  # noqa: BLE001 - the assertion reports it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=[each]) for each in letters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


needs_concurrent_writers = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes one writer at a time; the race needs PostgreSQL",
)


@needs_concurrent_writers
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_create_one_application(monkeypatch):
    applicant = UserFactory()
    vacancy = VacancyOnPortalFactory()

    results, errors = _submit_at_once(monkeypatch, vacancy, applicant, ["", ""])

    assert errors == []
    assert len(results) == 2
    assert results[0].pk == results[1].pk
    assert Application.objects.filter(vacancy=vacancy).count() == 1


@needs_concurrent_writers
@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_letters_one_is_stored_and_the_other_refused(monkeypatch):
    applicant = UserFactory()
    vacancy = VacancyOnPortalFactory()

    results, errors = _submit_at_once(
        monkeypatch, vacancy, applicant, ["Первое", "Второе"]
    )

    stored = Application.objects.get(vacancy=vacancy)
    assert [each.pk for each in results] == [stored.pk]
    assert [(type(each), each.code) for each in errors] == [
        (Conflict, "already_applied")
    ]
