"""Reads of vacancies: what is listable, search with filters and facets.

This module is the one contract that the web pages and the API share. The
bodies here are placeholders to be replaced by the real search; the names,
arguments and returned shapes are fixed.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Mapping

from django.db.models import QuerySet

from classifiers.models import KatoUnit, Occupation
from vacancies.models import Vacancy

SortOrder = Literal["relevance", "newest", "salary"]
MAX_QUERY_LENGTH = 200
PER_PAGE = 20


@dataclass(frozen=True)
class SearchQuery:
    """A validated search request; build it with parse_search_query."""

    text: str = ""
    occupation: Occupation | None = None  # matches the group and everything below
    region: KatoUnit | None = None  # matches the unit and everything below
    abroad: bool | None = None  # True: only abroad, False: only Kazakhstan
    salary_min: int | None = None  # tenge, compared with Vacancy.salary_kzt
    employment_type: str | None = None
    remote: bool | None = None
    published_since: dt.date | None = None
    sort: SortOrder = "relevance"  # "relevance" without text means "newest"


@dataclass(frozen=True)
class FacetValue:
    value: str  # the filter value to put in the URL (code, choice key, "1")
    label: str  # translated label for the current language
    count: int


@dataclass(frozen=True)
class Facets:
    region: list[FacetValue] = field(default_factory=list)  # level-1 KATO units
    occupation: list[FacetValue] = field(default_factory=list)  # ISCO major groups
    employment_type: list[FacetValue] = field(default_factory=list)
    remote: list[FacetValue] = field(default_factory=list)
    abroad: list[FacetValue] = field(default_factory=list)


@dataclass(frozen=True)
class SearchPage:
    results: list[Vacancy]
    total: int
    total_is_estimate: bool  # True: show "about N"
    page: int
    num_pages: int
    facets: Facets


@dataclass(frozen=True)
class SearchSlice:
    """One keyset page for the API: pass next_cursor back to continue."""

    results: list[Vacancy]
    next_cursor: str | None
    total: int
    total_is_estimate: bool


def parse_search_query(params: Mapping[str, str]) -> SearchQuery:
    """Validate the parameters shared by the page and the API.

    Keys: q, occupation (ISCO code), region (KATO code), abroad (1/0),
    salary_min, employment, remote (1/0), since (YYYY-MM-DD), sort.
    Raises core.errors.ValidationFailed (field set, message translated) on an
    unknown region or occupation, a bad number or date, a query longer than
    MAX_QUERY_LENGTH, an unknown sort.
    """
    raise NotImplementedError


def vacancy_listable() -> QuerySet[Vacancy]:
    """Published vacancies whose closing date has not passed in Almaty."""
    raise NotImplementedError


def vacancy_search(query: SearchQuery, *, page: int = 1) -> SearchPage:
    """Return one page of PER_PAGE results with counts and facets.

    Raises ValidationFailed(field="page") for a page out of range.
    """
    raise NotImplementedError


def vacancy_search_slice(
    query: SearchQuery, *, cursor: str | None = None, limit: int = PER_PAGE
) -> SearchSlice:
    """Return one keyset page; raises ValidationFailed(field="cursor") on a bad cursor."""
    raise NotImplementedError


def vacancy_get_public(vacancy_id: int) -> Vacancy:
    """Return any non-draft vacancy (closed ones too, their page says so).

    Raises core.errors.NotFound.
    """
    raise NotImplementedError
