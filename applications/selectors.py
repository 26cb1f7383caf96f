"""Reads of applications and invitations for the two cabinets."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application, Invitation
from core.errors import Forbidden, NotFound
from employers.models import Employer
from employers.selectors import employer_has_active_member
from vacancies.models import Vacancy
from vacancies.selectors import vacancy_listable


def application_list_for_applicant(*, applicant: User) -> QuerySet[Application]:
    """APPLICANT's applications, each marked employer_on_portal or not."""
    return (
        Application.objects.filter(applicant=applicant)
        .annotate(employer_on_portal=employer_has_active_member("vacancy__employer"))
        .select_related("vacancy__employer", "resume")
    )


def application_of(*, vacancy: Vacancy, applicant: User) -> Application | None:
    """Return APPLICANT's application for VACANCY, if any."""
    if not applicant.is_authenticated:
        return None
    return Application.objects.filter(vacancy=vacancy, applicant=applicant).first()


def invitation_list_for_owner(*, owner: User) -> QuerySet[Invitation]:
    """Invitations to any of OWNER's resumes."""
    return Invitation.objects.filter(resume__owner=owner).select_related(
        "employer", "vacancy", "resume"
    )


def application_list_for_employer_user(
    *, user: User, vacancy: Vacancy | None = None
) -> QuerySet[Application]:
    """Applications to the vacancies of every employer USER works for."""
    applications = Application.objects.filter(vacancy__employer__members=user)
    if vacancy is not None:
        applications = applications.filter(vacancy=vacancy)
    return applications.select_related("vacancy", "applicant", "resume")


def application_get_for_employer_user(
    *, application_id: int, user: User
) -> Application:
    """Return an application to one of USER's employers' vacancies."""
    application = (
        Application.objects.select_related("vacancy__employer", "applicant", "resume")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("There is no such application."))
    if not is_member(employer=application.vacancy.employer, user=user):
        raise Forbidden(_("Only the employer's own staff can see this application."))
    return application


def vacancy_get_for_employer_user(*, vacancy_id: int, user: User) -> Vacancy:
    vacancy = Vacancy.objects.select_related("employer").filter(pk=vacancy_id).first()
    if vacancy is None:
        raise NotFound(_("There is no such vacancy."))
    if not is_member(employer=vacancy.employer, user=user):
        raise Forbidden(_("Only the employer's own staff can see these applications."))
    return vacancy


def employers_of(*, user: User) -> QuerySet[Employer]:
    if not user.is_authenticated:
        return Employer.objects.none()
    return Employer.objects.filter(members=user)


def open_vacancies_of(*, user: User) -> QuerySet[Vacancy]:
    """Listable vacancies of USER's employers, to invite job seekers to."""
    return (
        vacancy_listable()
        .filter(employer__members=user)
        .select_related("employer")
        .order_by("title", "id")
    )


def is_member(*, employer: Employer, user: User) -> bool:
    return (
        user.is_authenticated and employer.members.filter(pk=user.pk).exists()
    )
