"""Vacancies that take applications: their employer has someone on the portal."""

import factory

from accounts.models import Role
from tests.factories import EmployerFactory, UserFactory, VacancyFactory


class EmployerOnPortalFactory(EmployerFactory):
    """An employer with a representative (a new one unless members are given)."""

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.members.add(*(extracted or [UserFactory(role=Role.EMPLOYER)]))


class VacancyOnPortalFactory(VacancyFactory):
    employer = factory.SubFactory(EmployerOnPortalFactory)
