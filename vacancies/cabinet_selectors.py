"""Reads of the employer cabinet: a company's own vacancies and the pick lists.

The public search selectors (vacancies.selectors) answer for job seekers;
the cabinet shows drafts and closed vacancies too, so it reads on its own.
"""

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from accounts.selectors import user_is_back_office
from classifiers.models import KatoLevel, KatoUnit, Occupation
from core.errors import Forbidden, NotFound
from employers.models import Employer
from vacancies.models import Vacancy

ISCO_UNIT_GROUP_LEVEL = 4


def cabinet_vacancies(employer: Employer) -> QuerySet[Vacancy]:
    """EMPLOYER's vacancies in every status, newest first, with application counts."""
    return (
        Vacancy.objects.filter(employer=employer)
        .annotate(application_count=Count("applications"))
        .order_by("-created_at", "-id")
    )


def cabinet_vacancy_get(*, vacancy_id: int, user: User) -> Vacancy:
    """Return a vacancy USER may manage; raise NotFound or Forbidden."""
    vacancy = (
        Vacancy.objects.select_related("employer", "occupation", "region")
        .filter(pk=vacancy_id)
        .first()
    )
    if vacancy is None:
        raise NotFound(gettext("There is no such vacancy."), code="vacancy_not_found")
    if not (
        user_is_back_office(user)
        or vacancy.employer.members.filter(pk=user.pk).exists()
    ):
        raise Forbidden(
            gettext("This vacancy belongs to another company."), code="not_a_member"
        )
    return vacancy


def occupation_options() -> tuple[list[Occupation], list[Occupation]]:
    """Return (major groups, unit groups) of the newest ISCO edition, by code."""
    groups = Occupation.objects.all()
    newest = groups.aggregate(newest=Max("version"))["newest"]
    edition = groups.filter(version=newest).order_by("code")
    majors = list(edition.filter(level=1))
    units = list(edition.filter(level=ISCO_UNIT_GROUP_LEVEL))
    return majors, units


def region_options() -> list[KatoUnit]:
    """Oblasts, cities of republican significance, districts and cities, by code.

    KATO puts a city's administration ("Семей Г.А.", "Ақтау Г.А.") among the
    districts and the city itself ("г.Семей") one level below, code
    XXXX10000. An employer means the city: it stands in its
    administration's place, under its own name.
    """
    units = KatoUnit.objects.all()
    newest = units.aggregate(newest=Max("version"))["newest"]
    levels = [KatoLevel.OBLAST, KatoLevel.DISTRICT]
    listed = list(units.filter(version=newest, level__in=levels).order_by("code"))
    cities = {
        unit.code[:4]: unit
        for unit in units.filter(
            version=newest, level=KatoLevel.SUB_DISTRICT,
            code__endswith="10000", name_ru__startswith="г.",
        )
    }
    return [
        cities.get(unit.code[:4], unit) if unit.level == KatoLevel.DISTRICT
        else unit
        for unit in listed
    ]
