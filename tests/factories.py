"""Factories for the portal's main objects, shared by every app's tests."""

import factory
from django.utils import timezone

from accounts.models import Role, User
from employers.models import Employer
from vacancies.models import Status, Vacancy
from vacancies.search_document import search_fields


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    role = Role.JOB_SEEKER
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"ТОО Компания {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.members.add(*extracted)


class VacancyFactory(factory.django.DjangoModelFactory):
    """A published vacancy; pass title/description to control what search sees."""

    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Бухгалтер {n}")
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.lazy_attribute
    def search_title(self):
        return search_fields(title=self.title, description=self.description)[0]

    @factory.lazy_attribute
    def search_document(self):
        return search_fields(
            title=self.title, description=self.description,
            duties=self.duties, requirements=self.requirements,
        )[1]

    description = ""
    duties = ""
    requirements = ""
