"""Vacancy search with keyset paging, and one vacancy by id."""

from typing import Annotated, get_args

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema

from api.errors import ErrorOut
from api.v1.schemas import VacancyDetail, VacancyPage
from employers.selectors import employer_receives_applications
from vacancies import selectors
from vacancies.models import EmploymentType, Vacancy
from vacancies.selectors import SortOrder

router = Router(by_alias=True)

# Relations every item shows; fetched in one query each, whatever the selector did.
_SHOWN_RELATIONS = ("employer", "region", "occupation")


# Each filter is text to ninja, so that every value reaches the page's parser;
# WithJsonSchema only tells the OpenAPI document what values make sense.
_Text = Annotated[str | None, WithJsonSchema({"type": "string"})]
_Code = Annotated[str | None, WithJsonSchema({"type": "string", "pattern": "^[0-9]+$"})]
# Every spelling of yes and no that the web search takes, in any case; read
# by the same parser for every yes/no parameter, facets included.
_Flag = Annotated[
    str | None,
    WithJsonSchema({"type": "string", "enum": list(selectors.FLAG_VALUES)}),
]
_Tenge = Annotated[str | None, WithJsonSchema({"type": "integer", "minimum": 0})]
_Day = Annotated[str | None, WithJsonSchema({"type": "string", "format": "date"})]
_Employment = Annotated[
    str | None, WithJsonSchema({"type": "string", "enum": EmploymentType.values})
]
_Sort = Annotated[
    str | None, WithJsonSchema({"type": "string", "enum": list(get_args(SortOrder))})
]


class SearchFilters(Schema):
    """The filters of the web search, passed on as text to its own parser."""

    q: _Text = Field(
        None, description="Words to look for in the texts and the employer's name."
    )
    occupation: _Code = Field(
        None, description="ISCO-08 code; matches the group and all below it."
    )
    region: _Code = Field(
        None, description="KATO code; matches the unit and all below it."
    )
    abroad: _Flag = Field(
        None,
        description="1 (or true, yes, on): only work abroad; 0 (or false, no, "
        "off): only in Kazakhstan. Any case.",
    )
    salary_min: _Tenge = Field(
        None, description="Tenge; offers whose upper end reaches it."
    )
    employment: _Employment = Field(None, description="Type of employment.")
    remote: _Flag = Field(
        None,
        description="1 (or true, yes, on): only remote work; 0 (or false, no, "
        "off): no remote. Any case.",
    )
    since: _Day = Field(None, description="Published on this day or later.")
    sort: _Sort = Field(
        None, description="relevance (the default; newest without q), newest, salary."
    )


@router.get(
    "",
    response={200: VacancyPage, 400: ErrorOut},
    summary="Search published vacancies",
    description=(
        "Filters as on the web search. Results come in pages of `limit`; pass "
        "`next_cursor` back as `cursor` for the next page until it is null, "
        "with the same `q`, filters and `sort`: a cursor sent with others is "
        "refused (400, `invalid_cursor`)."
    ),
)
def vacancy_list(
    request: HttpRequest,
    filters: Query[SearchFilters],
    cursor: str | None = Query(
        None,
        description="`next_cursor` of the page before; valid only with the "
        "same `q`, filters and `sort`.",
    ),
    limit: int = Query(
        selectors.PER_PAGE, ge=1, le=selectors.MAX_SLICE_LIMIT,
        description="Items per page.",
    ),
    facets: _Flag = Query(
        None,
        description="1 (or true, yes, on): add counts by filter value; 0 (or "
        "false, no, off, or none): leave them out. Any case.",
    ),
) -> dict:
    # The raw texts go to the page's parser, so that the API and the web
    # search accept the same values and refuse them with the same messages.
    query = selectors.parse_search_query(filters.model_dump(exclude_none=True))
    with_facets = selectors.parse_flag(facets or "", "facets") is True
    found = selectors.vacancy_search_slice(
        query, cursor=cursor, limit=limit, with_facets=with_facets
    )
    prefetch_related_objects(found.results, *_SHOWN_RELATIONS)

    page: dict[str, object] = {
        "items": found.results,
        "next_cursor": found.next_cursor,
        "total": found.total,
        "total_is_estimate": found.total_is_estimate,
        "total_is_lower_bound": found.total_is_lower_bound,
        "facets": found.facets,
    }
    return page


@router.get(
    "/{int:vacancy_id}",
    response={200: VacancyDetail, 404: ErrorOut},
    summary="One vacancy, published or closed",
    description="Drafts are not public and answer 404.",
)
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> Vacancy:
    vacancy = selectors.vacancy_get_public(vacancy_id)
    prefetch_related_objects([vacancy], *_SHOWN_RELATIONS)
    # A published vacancy past its closing date is shown but no longer open;
    # the web page draws the same line through the same selector.
    is_open = selectors.vacancy_listable().filter(pk=vacancy.pk).exists()
    vacancy.is_open = is_open  # type: ignore[attr-defined]  # read by the schema
    # Imported vacancies of employers with nobody on the portal are open but
    # are applied for where they were published (source_url).
    vacancy.takes_applications = (  # type: ignore[attr-defined]
        is_open and employer_receives_applications(vacancy.employer)
    )
    return vacancy
