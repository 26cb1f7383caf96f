"""Reads of employers: public pages, membership and the regions to pick from."""

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from classifiers.models import KatoLevel, KatoUnit
from classifiers.selectors import kato_oblasts_by_name
from core.errors import NotFound
from core.localtime import local_today
from employers.models import Employer

# Vacancy.status of a vacancy open to job seekers. Vacancies point at
# employers and not the other way round, so this app reaches them through
# the reverse relation instead of importing the vacancies app.
PUBLISHED = "published"


def employer_get_public(employer_id: int) -> Employer:
    """Return the employer with its region, or raise NotFound."""
    employer = (
        Employer.objects.select_related("region").filter(pk=employer_id).first()
    )
    if employer is None:
        raise NotFound(gettext("There is no such employer."), code="employer_not_found")
    return employer


def employer_open_vacancies(employer: Employer) -> QuerySet:
    """Published vacancies of EMPLOYER whose closing date has not passed."""
    today = local_today()
    return (
        employer.vacancies.filter(status=PUBLISHED)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .select_related("region")
        .order_by("-published_at", "-id")
    )


def employer_for_member(user: User) -> Employer | None:
    """Return the company USER acts for: the first one that admitted them."""
    if not user.is_authenticated:
        return None
    return user.employers.order_by("id").first()


def employer_has_active_member(employer_ref: str = "pk") -> Exists:
    """Say whether the employer at outer EMPLOYER_REF has an active member.

    Only a member reads applications, and employers imported from hh.kz or
    hh.ru have none until someone of the company signs up for them.
    """
    members = User.objects.filter(employers=OuterRef(employer_ref), is_active=True)
    return Exists(members)


def employer_receives_applications(employer: Employer) -> bool:
    """Whether someone on the portal can read applications to EMPLOYER."""
    receiving = Employer.objects.filter(employer_has_active_member(), pk=employer.pk)
    return receiving.exists()


def employer_bin_taken(bin_value: str, *, exclude_pk: int | None = None) -> bool:
    companies = Employer.objects.filter(bin=bin_value)
    if exclude_pk is not None:
        companies = companies.exclude(pk=exclude_pk)
    return companies.exists()


def oblast_options() -> QuerySet[KatoUnit]:
    """Oblasts and cities of republican significance of the newest KATO edition.

    They come by name in the active language, in its alphabet.
    """
    oblasts = KatoUnit.objects.filter(level=KatoLevel.OBLAST)
    newest = oblasts.aggregate(newest=Max("version"))["newest"]
    return kato_oblasts_by_name(version=newest)
