"""Factories for the portal's main objects, shared by every app's tests."""

import factory
from django.utils import timezone

from accounts.models import Role, User
from employers.models import Employer
from vacancies.models import Education, EmploymentType, Schedule, Status, Vacancy
from vacancies.place_names import searched_place_names
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


def _tag(number: int) -> str:
    """Return NUMBER written in the letters Kazakh has and Russian lacks."""
    letters = "әғқңөұүһі"
    tag = ""
    while True:
        number, digit = divmod(number, len(letters))
        tag = letters[digit] + tag
        if not number:
            return tag


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    # The name is among its vacancies' search words: a word no test searches
    # for, told apart by letters rather than digits, which tests do search.
    name = factory.Sequence(lambda n: f"ТОО Тұлпар-{_tag(n)}")

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
    # What an employer's form states; imported rows may leave them "".
    employment_type = EmploymentType.FULL
    schedule = Schedule.FULL_DAY
    education = Education.ANY
    published_at = factory.LazyFunction(timezone.now)
    # Declared so that the search words can name the place.
    region = None
    oblast = None
    city = ""
    country_code = "KZ"
    is_abroad = False

    @factory.lazy_attribute
    def search_title(self):
        return search_fields(title=self.title, description=self.description)[0]

    @factory.lazy_attribute
    def search_document(self):
        return search_fields(
            title=self.title, description=self.description,
            duties=self.duties, requirements=self.requirements,
            employer=self.employer.name,
            places=searched_place_names(
                city=self.city,
                units=[
                    (unit.name_kk, unit.name_ru, unit.name_en)
                    for unit in dict.fromkeys(
                        unit for unit in (self.region, self.oblast) if unit
                    )
                ],
                country_code=self.country_code, is_abroad=self.is_abroad,
            ),
        )[1]

    @factory.lazy_attribute
    def search_employer_name(self):
        return self.employer.name

    description = ""
    duties = ""
    requirements = ""


# KATO code digits that belong to one unit and everything below it, by level:
# AB (region), ABCD (district), ABCDEF (rural district), all nine (settlement).
_KATO_PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9}


class KatoUnitFactory(factory.django.DjangoModelFactory):
    """A KATO unit of the 2025 edition; a region (level 1) unless told."""

    class Meta:
        model = "classifiers.KatoUnit"

    code = factory.Sequence(lambda n: f"{10 + n % 90:02d}0000000")
    version = "NK RK 11-2025"
    level = 1
    name_kk = factory.Sequence(lambda n: f"Облыс {n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    parent = None

    @factory.lazy_attribute
    def tree_prefix(self):
        return self.code[: _KATO_PREFIX_LENGTH[self.level]]


class OccupationFactory(factory.django.DjangoModelFactory):
    """An ISCO-08 group; its level is the number of digits of its code."""

    class Meta:
        model = "classifiers.Occupation"

    code = factory.Sequence(lambda n: f"{n % 10}")
    version = "ISCO-08"
    title_en = factory.Sequence(lambda n: f"Occupation group {n}")
    title_kk = factory.Sequence(lambda n: f"Кәсіп тобы {n}")
    title_ru = factory.Sequence(lambda n: f"Группа занятий {n}")
    parent = None

    @factory.lazy_attribute
    def level(self):
        return len(self.code)


class ResumeFactory(factory.django.DjangoModelFactory):
    """A public resume of a new job seeker; search_text follows the title."""

    class Meta:
        model = "resumes.Resume"

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Бухгалтер {n}")
    visibility = "public"

    @factory.lazy_attribute
    def search_text(self):
        from resumes.search_text import search_document

        return search_document(self.title)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application of a new job seeker to a new vacancy."""

    class Meta:
        model = "applications.Application"

    vacancy = factory.SubFactory(VacancyFactory)
    applicant = factory.SubFactory(UserFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic of the feedback form, named in the three languages."""

    class Meta:
        model = "helpdesk.Topic"

    name_kk = factory.Sequence(lambda n: f"Іздеу {n}")
    name_ru = factory.Sequence(lambda n: f"Поиск {n}")
    name_en = factory.Sequence(lambda n: f"Search {n}")
    is_active = True
    position = factory.Sequence(lambda n: n)
