"""The shapes of what version 1 of the API answers.

Field names and meanings are frozen for v1: a change that breaks a client
goes to /api/v2/ (see docs/api.md).
"""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from vacancies.models import Vacancy


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    # Stored in UTC; the portal speaks Almaty time, offset included.
    return timezone.localtime(moment) if moment else None


class EmployerRef(Schema):
    id: int
    name: str


class RegionRef(Schema):
    id: int = Field(description="Stable internal id; survives code changes.")
    code: str = Field(description="KATO code in the edition named by version.")
    version: str
    name_kk: str
    name_ru: str
    name_en: str | None = Field(
        description="The portal's own English name: curated for regions and "
        "cities, a romanisation of the Kazakh name for other units; null "
        "where there is none."
    )

    @staticmethod
    def resolve_name_en(unit: Any) -> str | None:
        return unit.name_en or None


class OccupationRef(Schema):
    id: int = Field(description="Stable internal id; survives code changes.")
    code: str = Field(description="ISCO-08 code in the edition named by version.")
    version: str
    title_en: str
    title_kk: str
    title_ru: str


class Salary(Schema):
    from_: int | None = Field(None, alias="from")
    to: int | None = None
    currency: str = Field(description="ISO 4217 code, e.g. KZT.")
    gross: bool | None = Field(
        None, description="True: before tax; false: in hand; null: not stated."
    )


class VacancySummary(Schema):
    id: int
    title: str
    employer: EmployerRef
    region: RegionRef | None = Field(
        description="Where in Kazakhstan; null for work abroad or no region."
    )
    is_abroad: bool
    city: str | None = Field(description="City as the employer wrote it.")
    country_code: str = Field(description="ISO 3166-1 alpha-2, KZ at home.")
    occupation: OccupationRef | None
    salary: Salary | None = Field(description="Null when no amount is given.")
    employment_type: str | None = Field(
        description="full, part, project, internship or volunteer; null: not stated."
    )
    schedule: str | None = Field(
        description="full_day, shift, flexible, remote or fly_in_fly_out; "
        "null: not stated."
    )
    is_remote: bool | None = Field(
        description="True: remote work; false: on site; null: not stated (the "
        "schedule is not known and the source did not say remote)."
    )
    status: str = Field(description="published or closed.")
    published_at: dt.datetime | None
    expires_on: dt.date | None = Field(
        description="Last day open, inclusive, in Almaty time."
    )

    @staticmethod
    def resolve_city(obj: Vacancy) -> str | None:
        return obj.city or None

    @staticmethod
    def resolve_employment_type(obj: Vacancy) -> str | None:
        return obj.employment_type or None

    @staticmethod
    def resolve_schedule(obj: Vacancy) -> str | None:
        return obj.schedule or None

    @staticmethod
    def resolve_is_remote(obj: Vacancy) -> bool | None:
        # "Not remote" is read from the schedule, as the vacancy page does.
        if obj.is_remote:
            return True
        return False if obj.schedule else None

    @staticmethod
    def resolve_salary(obj: Vacancy) -> dict | None:
        if obj.salary_from is None and obj.salary_to is None:
            return None
        return {
            "from": obj.salary_from,
            "to": obj.salary_to,
            "currency": obj.currency,
            "gross": obj.salary_gross,
        }

    @staticmethod
    def resolve_published_at(obj: Vacancy) -> dt.datetime | None:
        return _local(obj.published_at)


class VacancyDetail(VacancySummary):
    description: str = Field(description="Sanitised HTML.")
    duties: str = Field(description="Sanitised HTML.")
    requirements: str = Field(description="Sanitised HTML.")
    skills: str
    experience: str | None
    education: str | None = Field(
        description="any (not required), secondary, vocational or higher; "
        "null: not stated."
    )
    places: int | None = Field(description="Null: not stated (imports).")
    language: str = Field(description="Language of the texts: kk, ru or en.")
    is_open: bool = Field(
        description="True while it is open: published, closing date not passed."
    )
    takes_applications: bool = Field(
        description="True while the portal takes applications for it: open, "
        "and its employer is on the portal. Imported vacancies of employers "
        "who are not are applied for at source_url."
    )
    close_reason: str | None = Field(description="filled, withdrawn or expired.")
    closed_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_experience(obj: Vacancy) -> str | None:
        return obj.experience or None

    @staticmethod
    def resolve_education(obj: Vacancy) -> str | None:
        return obj.education or None

    @staticmethod
    def resolve_places(obj: Vacancy) -> int | None:
        return obj.places or None  # 0: not stated

    @staticmethod
    def resolve_close_reason(obj: Vacancy) -> str | None:
        return obj.close_reason or None

    @staticmethod
    def resolve_closed_at(obj: Vacancy) -> dt.datetime | None:
        return _local(obj.closed_at)

    @staticmethod
    def resolve_updated_at(obj: Vacancy) -> dt.datetime | None:
        return _local(obj.updated_at)


class FacetValueOut(Schema):
    value: str = Field(description="The filter value to send back.")
    label: str = Field(description="Translated for the request's language.")
    count: int


class FacetsOut(Schema):
    region: list[FacetValueOut]
    occupation: list[FacetValueOut]
    employment_type: list[FacetValueOut]
    remote: list[FacetValueOut]
    abroad: list[FacetValueOut]
    is_estimate: bool = Field(
        description="True: counted over the newest matches and scaled up."
    )


class VacancyPage(Schema):
    items: list[VacancySummary]
    next_cursor: str | None = Field(
        description="Pass as cursor for the next page; null on the last page."
    )
    total: int = Field(
        description="Matches: exact, or as the two flags below say."
    )
    total_is_estimate: bool = Field(
        description="True: total is not an exact count: the database's "
        "estimate, or a lower bound (see total_is_lower_bound)."
    )
    total_is_lower_bound: bool = Field(
        description="True: the count stopped at its cap and more than total "
        "vacancies match (say \"more than N\", not \"about N\"). "
        "total_is_estimate is then true as well."
    )
    facets: FacetsOut | None = Field(
        None, description="Counts by filter value; only with facets=1."
    )


class Region(Schema):
    id: int = Field(description="Stable internal id; survives code changes.")
    code: str = Field(description="KATO code in the edition named by version.")
    version: str = Field(description="Edition of KATO, e.g. NK RK 11-2025.")
    level: int = Field(description="1 region .. 4 settlement.")
    name_kk: str
    name_ru: str
    name_en: str | None = Field(
        description="The portal's own English name: curated for regions and "
        "cities, a romanisation of the Kazakh name for other units; null "
        "where there is none."
    )
    name_en_romanised: bool = Field(
        description="True: name_en is the portal's unofficial romanisation of "
        "the Kazakh name, not a curated English name."
    )
    parent_code: str | None
    has_children: bool

    @staticmethod
    def resolve_name_en(unit: Any) -> str | None:
        return unit.name_en or None


class RegionList(Schema):
    items: list[Region]


class Occupation(Schema):
    id: int = Field(description="Stable internal id; survives code changes.")
    code: str = Field(description="ISCO-08 code in the edition named by version.")
    version: str
    level: int = Field(description="1 major group .. 4 unit group.")
    title_en: str
    title_kk: str
    title_ru: str
    titles_official: bool = Field(
        description="False: kk/ru titles are the portal's own translation."
    )
    parent_code: str | None
    has_children: bool


class OccupationList(Schema):
    items: list[Occupation]
