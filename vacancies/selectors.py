"""Reads of vacancies: what is listable, search with filters and facets.

This module is the one contract that the web pages and the API share; the
names, arguments and returned shapes are fixed.

Search never ranks, counts or facets every match of a broad word: at a
million vacancies that costs seconds. It reads the newest CANDIDATE_LIMIT
matches (inside a date window guessed from the database's estimates when it
has them), ranks and facets those, and reports totals beyond them as
estimates. docs/search.md explains the design.
"""

import binascii
import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple
from weakref import WeakKeyDictionary

from django.core import signing
from django.core.cache import cache
from django.db.models import (
    Case, Count, F, IntegerField, Q, QuerySet, TextField, Value, When,
)
from django.db.models.functions import Concat
from django.utils.translation import gettext, ngettext

from classifiers.models import KatoLevel, KatoUnit, Occupation
from core.errors import FieldErrors, NotFound, ValidationFailed
from core.localtime import ALMATY, local_today
from core.text import query_terms
from vacancies.models import EmploymentType, Status, Vacancy
from vacancies.search_document import (
    is_only_legal_forms,
    query_without_legal_forms,
    without_place_types,
)
from vacancies.search_index import (
    OblastAmong, Term, WordsMatch, estimated_rows, words_are_common,
)

SortOrder = Literal["relevance", "newest", "salary"]
MAX_QUERY_LENGTH = 200
PER_PAGE = 20
# The newest matches that relevance ranks and facets count; beyond them a
# broad word is a sample, never a full scan.
CANDIDATE_LIMIT = 1000
# Where the database gives no estimate (SQLite), totals are counted up to
# this and reported as lower bounds ("more than N") beyond it.
COUNT_CAP = 5_000
# How many times the rows expected to hold the candidates a date window spans.
WINDOW_MARGIN = 2
# From this share of the scope matching, no window: reading newest first
# finds the candidates after 1 / share rows, half of what a window spans.
DENSE_SHARE = 0.25
MAX_SLICE_LIMIT = 100
MAX_SALARY = 10**12  # tenge; beyond any real offer and below SQL's integer range

SORT_ORDERS: tuple[SortOrder, ...] = ("relevance", "newest", "salary")
_CURSOR_SALT = "vacancies.search.cursor"
_SEARCH_KEY_LENGTH = 12  # hex digits of the search's digest in a cursor
_DIGITS = re.compile(r"[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE = re.compile(r"[0-9]{1,9}")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
# What parse_flag takes, in any letter case; the API documents these.
FLAG_VALUES = ("1", "0", "true", "false", "yes", "no", "on", "off")
_BLANKS = re.compile(r"[\s\u00a0\u202f_']+")


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
    # True: counted over the newest matches and scaled to the total ("about").
    is_estimate: bool = False


@dataclass(frozen=True)
class SearchPage:
    results: list[Vacancy]
    total: int
    total_is_estimate: bool  # True: not an exact count
    page: int
    num_pages: int
    facets: Facets
    # True: the count stopped at COUNT_CAP, more than total match; show
    # "more than N" (total_is_estimate is True as well), else "about N".
    total_is_lower_bound: bool = False


@dataclass(frozen=True)
class SearchSlice:
    """One keyset page for the API: pass next_cursor back to continue."""

    results: list[Vacancy]
    next_cursor: str | None
    total: int
    total_is_estimate: bool
    facets: Facets | None = None  # asked for with with_facets=True
    total_is_lower_bound: bool = False  # as in SearchPage


# --- parsing ------------------------------------------------------------------


def parse_search_query(params: Mapping[str, str]) -> SearchQuery:
    """Validate the parameters shared by the page and the API.

    Keys: q, occupation (ISCO code), region (KATO code), abroad (1/0),
    salary_min, employment, remote (1/0), since (YYYY-MM-DD), sort.
    Raises core.errors.ValidationFailed (field set, message translated) on an
    unknown region or occupation, a bad number or date, a query longer than
    MAX_QUERY_LENGTH, an unknown sort.
    """

    def value(key: str) -> str:
        raw = params.get(key)
        return search_param(raw, key) if isinstance(raw, str) else ""

    parsers: dict[str, Callable[[], Any]] = {
        "text": lambda: _parse_text(value("q")),
        "occupation": lambda: _parse_occupation(value("occupation")),
        "region": lambda: _parse_region(value("region")),
        "abroad": lambda: parse_flag(value("abroad"), "abroad"),
        "salary_min": lambda: _parse_salary(value("salary_min")),
        "employment_type": lambda: _parse_employment(value("employment")),
        "remote": lambda: parse_flag(value("remote"), "remote"),
        "published_since": lambda: _parse_date(value("since")),
        "sort": lambda: _parse_sort(value("sort")),
    }
    # Every bad parameter is reported at once, so that one round fixes all.
    errors = FieldErrors()
    parsed = {}
    for name, parse in parsers.items():
        with errors.check():
            parsed[name] = parse()
    errors.raise_if_any()
    return SearchQuery(**parsed)


def search_param(raw: str, key: str) -> str:
    """Return one parameter of a search as typed, without surrounding blanks.

    Raises ValidationFailed(code="null_character", field=KEY) for a null
    character, which no text holds and PostgreSQL cannot store or compare:
    the page and the API refuse it here, the same way.
    """
    if "\x00" in raw:
        raise ValidationFailed(
            gettext("Null characters are not allowed."),
            code="null_character", field=key,
        )
    return raw.strip()


def _parse_text(text: str) -> str:
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationFailed(
            gettext("The search text is too long: at most %(limit)s characters.")
            % {"limit": MAX_QUERY_LENGTH},
            code="too_long", field="q", params={"limit": MAX_QUERY_LENGTH},
        )
    if is_only_legal_forms(text):
        # Names are indexed without them, and stemmed they are common words
        # ("ТОО" gives "то"): searched alone they would find noise.
        raise ValidationFailed(
            gettext(
                "Add the company's name: a legal form such as LLP, JSC, ТОО or "
                "АО is not searched alone."
            ),
            code="legal_form_only", field="q",
        )
    return text


def _parse_occupation(code: str) -> Occupation | None:
    if not code:
        return None
    occupation = None
    if _CODE.fullmatch(code) and len(code) <= 4:
        # Several editions may hold the code; the newest one is current.
        occupation = Occupation.objects.filter(code=code).order_by("-version").first()
    if occupation is None:
        raise ValidationFailed(
            gettext("There is no occupation with the code %(code)s.")
            % {"code": code[:20]},
            code="unknown_occupation", field="occupation",
        )
    return occupation


def _parse_region(code: str) -> KatoUnit | None:
    if not code:
        return None
    region = None
    if _CODE.fullmatch(code):
        region = KatoUnit.objects.filter(code=code).order_by("-version").first()
    if region is None:
        raise ValidationFailed(
            gettext("There is no region with the code %(code)s.") % {"code": code[:20]},
            code="unknown_region", field="region",
        )
    return region


def parse_flag(raw: str, key: str) -> bool | None:
    """Read a yes/no parameter: FLAG_VALUES in any case, or "" for None.

    Every yes/no parameter of the search and of the API reads through here.
    Raises ValidationFailed(code="invalid_choice", field=KEY) otherwise.
    """
    raw = raw.strip()
    if not raw:
        return None
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise ValidationFailed(
        gettext("Choose yes (1) or no (0)."), code="invalid_choice", field=key
    )


def _parse_salary(raw: str) -> int | None:
    if not raw:
        return None
    digits = _BLANKS.sub("", raw)
    if digits.startswith("-") and _DIGITS.fullmatch(digits[1:]):
        raise ValidationFailed(
            gettext("The salary cannot be negative."),
            code="negative", field="salary_min",
        )
    if not _DIGITS.fullmatch(digits):
        raise ValidationFailed(
            gettext("Enter the salary in tenge as a whole number, for example 250000."),
            code="not_a_number", field="salary_min",
        )
    salary = int(digits)
    if salary > MAX_SALARY:
        raise ValidationFailed(
            gettext("The salary is too large: at most %(limit)s tenge.")
            % {"limit": MAX_SALARY},
            code="too_large", field="salary_min",
        )
    return salary


def _parse_employment(raw: str) -> str | None:
    if not raw:
        return None
    if raw not in EmploymentType.values:
        raise ValidationFailed(
            # The codes, not the labels: what an API client or a URL sends.
            gettext("Unknown employment type. Choose one of: %(choices)s.")
            % {"choices": ", ".join(EmploymentType.values)},
            code="invalid_choice", field="employment",
        )
    return raw


def _parse_date(raw: str) -> dt.date | None:
    if not raw:
        return None
    day = None
    if _DATE.fullmatch(raw):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = None
    if day is None:
        raise ValidationFailed(
            gettext("Enter a real date as YYYY-MM-DD, for example 2025-03-01."),
            code="invalid_date", field="since",
        )
    if not 1900 <= day.year <= 2999:
        raise ValidationFailed(
            gettext("Enter a date between 1900-01-01 and 2999-12-31."),
            code="invalid_date", field="since",
        )
    return day


def _parse_sort(raw: str) -> SortOrder:
    if not raw:
        return "relevance"
    for order in SORT_ORDERS:
        if raw == order:
            return order
    raise ValidationFailed(
        gettext("Unknown sort order. Choose relevance, newest or salary."),
        code="invalid_choice", field="sort",
    )


# --- reading ------------------------------------------------------------------


def vacancy_listable() -> QuerySet[Vacancy]:
    """Published vacancies whose closing date has not passed in Almaty."""
    # expires_on is the last open day, inclusive, to 23:59:59 Almaty time.
    still_open = Q(expires_on__isnull=True) | Q(expires_on__gte=local_today())
    return Vacancy.objects.filter(still_open, status=Status.PUBLISHED)


def vacancy_get_public(vacancy_id: int) -> Vacancy:
    """Return any non-draft vacancy (closed ones too, their page says so).

    Raises core.errors.NotFound.
    """
    vacancy = (
        Vacancy.objects.exclude(status=Status.DRAFT)
        .select_related("employer", "region", "occupation")
        .filter(pk=vacancy_id)
        .first()
    )
    if vacancy is None:
        raise NotFound(gettext("This vacancy does not exist or is no longer public."))
    return vacancy


def vacancy_search_finds_any(query: SearchQuery) -> bool:
    """True when QUERY matches at least one listed vacancy (one cheap query)."""
    return _matching(query).exists()


def _words(query: SearchQuery) -> tuple[Term, ...]:
    """Return the distinct terms of the query text, in order.

    Each term is the stemmed word, with the stem it stands for when it is a
    loanword with a Kazakh ending (core.text.query_terms); a match needs
    every term, and any one stem of a term. Legal forms and words for a kind
    of place ("г.", "облысы") are dropped, as the employers' names and the
    places are indexed without them (vacancies.search_document).
    """
    text = query_without_legal_forms(query.text)
    return tuple(dict.fromkeys(without_place_types(query_terms(text))))


def _without_empty_text(query: SearchQuery) -> SearchQuery:
    """Read a text that gives no search words (`😀`, `<script>`, `%`) as none.

    Such a query matches every vacancy, so it is the search without text: the
    same exact listing counts and facets, not an estimate of "everything".
    """
    if query.text and not _words(query):
        return dataclasses.replace(query, text="")
    return query


def _effective_sort(query: SearchQuery) -> SortOrder:
    if query.sort == "relevance" and not _words(query):
        return "newest"
    return query.sort


def _matching(query: SearchQuery) -> QuerySet[Vacancy]:
    """Return the listable vacancies that match the words and every filter."""
    vacancies = vacancy_listable()
    words = _words(query)
    if query.occupation is not None:
        vacancies = vacancies.filter(_occupation_filter(query.occupation))
    if query.region is not None:
        vacancies = vacancies.filter(_region_filter(query.region, words=bool(words)))
    if query.abroad is not None:
        vacancies = vacancies.filter(is_abroad=query.abroad)
    if query.salary_min is not None:
        vacancies = vacancies.filter(salary_kzt__gte=query.salary_min)
    if query.employment_type is not None:
        vacancies = vacancies.filter(employment_type=query.employment_type)
    if query.remote is not None:
        vacancies = vacancies.filter(is_remote=query.remote)
    if query.published_since is not None:
        start = dt.datetime.combine(query.published_since, dt.time.min, tzinfo=ALMATY)
        vacancies = vacancies.filter(published_at__gte=start)
    if words:
        # Last, so that a row read along a btree index is tested on its
        # columns before its words are unpacked: PostgreSQL keeps the order
        # of conditions that cost the same (20 % faster for text + salary).
        common = words_are_common(words, using=vacancies.db)
        vacancies = vacancies.filter(WordsMatch(words, common=common))
    return vacancies


def _region_filter(region: KatoUnit, *, words: bool = False) -> Q:
    """Match the vacancies in REGION and every unit below it.

    An oblast is matched by the oblast each row keeps: in a search without
    WORDS through the index vacancy_oblast_newest (migration 0005), which
    reads it newest first with the usual filters; with words through the
    full-text index, which holds the oblast too (OblastAmong, migration
    0006). Lower units are matched by their code prefix. Both name the same
    rows: the oblast of a vacancy is the level-1 unit of its region's first
    two digits, in the region's own edition of KATO, so every edition's
    unit with this prefix is asked for.
    """
    if region.level != KatoLevel.OBLAST:
        return _code_prefix("region_code", region.tree_prefix)
    oblasts = list(
        KatoUnit.objects.filter(
            level=KatoLevel.OBLAST, tree_prefix=region.tree_prefix
        ).values_list("id", flat=True)
    )
    if words:
        return Q(OblastAmong(oblasts))
    # One id keeps the condition an equality, which the index reads in order.
    if len(oblasts) == 1:
        return Q(oblast_id=oblasts[0])
    return Q(oblast_id__in=oblasts)


def _code_prefix(column: str, prefix: str) -> Q:
    """Match codes that start with PREFIX, as a range a btree index can serve.

    LIKE 'prefix%' uses no index on SQLite, whose LIKE ignores case.
    """
    if not prefix:
        return Q()
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{column}__gte": prefix, f"{column}__lt": following})


def _occupation_filter(occupation: Occupation) -> Q:
    if occupation.level == 1:
        return Q(occupation_major=occupation)
    group = Occupation.objects.filter(
        version=occupation.version, code__startswith=occupation.code
    ).values_list("id", flat=True)
    return Q(occupation_id__in=list(group))


def _order(sort: SortOrder) -> list[Any]:
    # NULLS LAST on both databases, and the id last so that no two rows tie.
    if sort == "salary":
        return [F("salary_kzt").desc(nulls_last=True), F("id").desc()]
    return [F("published_at").desc(nulls_last=True), F("id").desc()]


# Columns that an index covers on SQLite (see migration 0002), so that the
# candidates are read without touching the wide vacancy rows.
_SAMPLE_FIELDS = (
    "id", "oblast_id", "occupation_major_id", "employment_type",
    "is_remote", "is_abroad",
)


class _Candidate(NamedTuple):  # a tuple: a thousand are made per search
    id: int
    oblast_id: int | None
    occupation_major_id: int | None
    employment_type: str
    is_remote: bool
    is_abroad: bool
    title_words: int = 0  # how many of the query words the title holds


def _title_words(words: tuple[Term, ...]) -> Any:
    """Return an expression counting the terms of WORDS found in search_title."""
    padded = Concat(
        Value(" "), F("search_title"), Value(" "), output_field=TextField()
    )

    def holds(term: Term) -> Q:
        held = Q()
        for word in term:
            held |= Q(_padded__contains=f" {word} ")
        return held

    found = [
        Case(When(holds(term), then=1), default=0, output_field=IntegerField())
        for term in words
    ]
    return padded, sum(found[1:], found[0]) if found else Value(0)


def _candidates(
    matching: QuerySet[Vacancy],
    words: tuple[Term, ...] = (),
    *,
    scope: QuerySet[Vacancy] | None,
) -> list[_Candidate]:
    """Return the newest CANDIDATE_LIMIT matches, newest first.

    With WORDS, each candidate also counts the words its title holds, for
    relevance; the count is made in the same query, row by row. SCOPE holds
    every match and measures the date window; None: no window (see
    _window_scope).
    """
    fields: tuple[str, ...] = _SAMPLE_FIELDS
    read = matching
    if words:
        padded, title_words = _title_words(words)
        read = matching.alias(_padded=padded).annotate(_title_words=title_words)
        fields = (*fields, "_title_words")
    newest = read.order_by(*_order("newest")).values_list(*fields)
    since = _window_start(matching, scope) if scope is not None else None
    if since is not None:
        # Enough matches inside the window means they are the newest ones;
        # otherwise the estimate was wrong and the window is dropped.
        rows = list(newest.filter(published_at__gte=since)[:CANDIDATE_LIMIT])
        if len(rows) == CANDIDATE_LIMIT:
            return [_Candidate(*row) for row in rows]
    return [_Candidate(*row) for row in newest[:CANDIDATE_LIMIT]]


def _window_start(
    matching: QuerySet[Vacancy], scope: QuerySet[Vacancy]
) -> dt.datetime | None:
    """Guess a publication time after which the newest candidates all lie.

    The database's estimates give the share of the SCOPE's vacancies (see
    _window_scope) that match; a window of twice the rows expected to hold
    CANDIDATE_LIMIT matches lets the database intersect its text index with
    the date index instead of reading rows newest first until enough match.
    None: no estimates, the window would not be much smaller than SCOPE, or
    the matches are dense (DENSE_SHARE): PostgreSQL reads such a window along
    the date index, testing twice the rows that reading newest first until
    enough match would (measured: `опыт`, 62 % of a million, 6 ms newest
    first, 12-16 ms in a window).
    """
    matches = _estimated_matches(matching)
    rows = estimated_rows(scope)
    if not matches or not rows or matches >= DENSE_SHARE * rows:
        return None
    window = math.ceil(WINDOW_MARGIN * CANDIDATE_LIMIT * rows / matches)
    if window > rows / 2:
        return None
    order = _order("newest")
    edge = scope.order_by(*order).values_list("published_at", flat=True)
    return next(iter(edge[window : window + 1]), None)


def _window_scope(query: SearchQuery) -> QuerySet[Vacancy] | None:
    """Return the published vacancies that hold every match of QUERY.

    All of them, or for an oblast its own rows, whose newest-first index
    (vacancy_oblast_newest) finds the window's edge after reading a few
    thousand entries instead of hundreds of thousands of the whole table's.
    None: no window, because that index holds every filter of QUERY (an
    oblast, no words, no occupation below a major group); reading it newest
    first until enough match reads half the entries the edge would.
    """
    published = Vacancy.objects.filter(status=Status.PUBLISHED)
    if query.region is None or query.region.level != KatoLevel.OBLAST:
        return published
    major_or_none = query.occupation is None or query.occupation.level == 1
    if not _words(query) and major_or_none:
        return None
    return published.filter(_region_filter(query.region))


# The estimate of a search's matches, which both its date window and its
# total ask for; kept as long as that search's queryset lives.
_MATCH_ESTIMATES: "WeakKeyDictionary[QuerySet[Vacancy], int | None]" = (
    WeakKeyDictionary()
)


def _estimated_matches(matching: QuerySet[Vacancy]) -> int | None:
    if matching not in _MATCH_ESTIMATES:
        _MATCH_ESTIMATES[matching] = estimated_rows(matching)
    return _MATCH_ESTIMATES[matching]


class _Total(NamedTuple):
    value: int
    is_estimate: bool = False  # not an exact count
    is_lower_bound: bool = False  # more than value match


def _count(
    query: SearchQuery, matching: QuerySet[Vacancy], known: int | None = None
) -> _Total:
    """Count the matches without counting every match of a broad word.

    KNOWN is the number of candidates already read, if any. Past
    CANDIDATE_LIMIT, a search by one filter of the home page's counts takes
    its count from there; other totals are the database's own estimate where
    it has one (PostgreSQL), else a count that stops at COUNT_CAP (SQLite):
    past it, only "more than COUNT_CAP" is known, which is no estimate of
    how many more (7,709 matches were shown as "about 5,000").
    """
    if known is not None and known < CANDIDATE_LIMIT:
        return _Total(known)
    listed = _listing_total(query)
    if listed is not None:
        return _Total(listed)
    estimate = _estimated_matches(matching)
    if known is None and (estimate is None or estimate < CANDIDATE_LIMIT):
        known = matching.order_by()[:CANDIDATE_LIMIT].count()
        if known < CANDIDATE_LIMIT:
            return _Total(known)
    if estimate is not None:
        return _Total(max(estimate, CANDIDATE_LIMIT), is_estimate=True)
    counted = matching.order_by()[: COUNT_CAP + 1].count()
    if counted > COUNT_CAP:
        # Still an estimate for the clients that know no lower bound.
        return _Total(COUNT_CAP, is_estimate=True, is_lower_bound=True)
    return _Total(counted)


def _rank(candidates: list[_Candidate]) -> list[_Candidate]:
    """Order by query words found in the title, then Kazakhstan before abroad,
    then newest, then id.

    The portal serves Kazakhstan's labour market: among equally relevant
    vacancies, those abroad (most of the imported corpus) come after. The
    candidates come newest first with the id breaking ties (NULL dates
    last), and Python's sort is stable, also in reverse: sorting by those
    two keys alone keeps that order among equals. Reading no dates spares
    converting a thousand timestamps per search.
    """
    return sorted(
        candidates,
        key=lambda candidate: (candidate.title_words, not candidate.is_abroad),
        reverse=True,
    )


# What no list of results shows (the cards and the API's summaries), and
# what makes up most of a vacancy row: left out of the twenty rows a page reads.
_UNLISTED_FIELDS = (
    "description", "duties", "requirements", "skills",
    "search_title", "search_document",
)


def _fetch(ids: list[int]) -> list[Vacancy]:
    """Return the vacancies of IDS, in that order, with what lists show."""
    by_id = _listed(Vacancy.objects.all()).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _listed(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return vacancies.select_related("employer", "region", "occupation").defer(
        *_UNLISTED_FIELDS
    )


def vacancy_search(query: SearchQuery, *, page: int = 1) -> SearchPage:
    """Return one page of PER_PAGE results with counts and facets.

    Raises ValidationFailed(field="page") for a page out of range, saying
    which pages there are and, past the last page that pages reach, that
    filters reach the rest.
    """
    if page < 1:
        raise ValidationFailed(
            gettext("Page numbers start at 1."),
            code="page_out_of_range", field="page",
        )
    query = _without_empty_text(query)
    matching = _matching(query)
    sort = _effective_sort(query)
    words = _words(query) if sort == "relevance" else ()
    candidates = _candidates(matching, words, scope=_window_scope(query))
    if _is_whole_listing(query):
        listing_total, listing = listing_counts()
        total, facets = _Total(listing_total), _facets_of(listing, 1.0)
    else:
        total = _count(query, matching, len(candidates))
        facets = _facets(candidates, total.value)
    # Pages reach the first CANDIDATE_LIMIT results in every order; the API's
    # keyset slices go further in newest and salary order.
    num_pages = max(1, math.ceil(min(total.value, CANDIDATE_LIMIT) / PER_PAGE))
    if page > num_pages:
        # An estimate is only made past the candidates: more may match.
        beyond_reach = total.is_estimate or total.value > CANDIDATE_LIMIT
        raise _page_out_of_range(last=num_pages, beyond_reach=beyond_reach)

    start = (page - 1) * PER_PAGE
    if sort == "relevance":
        ranked = _rank(candidates)
        results = _fetch([c.id for c in ranked[start : start + PER_PAGE]])
    elif sort == "newest":
        results = _fetch([c.id for c in candidates[start : start + PER_PAGE]])
    else:
        ordered = _listed(matching).order_by(*_order(sort))
        results = list(ordered[start : start + PER_PAGE])

    return SearchPage(
        results=results,
        total=total.value,
        total_is_estimate=total.is_estimate,
        page=page,
        num_pages=num_pages,
        facets=facets,
        total_is_lower_bound=total.is_lower_bound,
    )


def _page_out_of_range(*, last: int, beyond_reach: bool = False) -> ValidationFailed:
    """Refuse a page number, saying what the user can do instead.

    BEYOND_REACH: more results match than the pages reach (CANDIDATE_LIMIT),
    so only narrowing the search shows the others.
    """
    if beyond_reach:
        message = ngettext(
            "Only the first %(last)s page of results can be opened. To see "
            "other vacancies, narrow the search with the filters: region, "
            "occupation group, publication date or salary.",
            "Only the first %(last)s pages of results can be opened. To see "
            "other vacancies, narrow the search with the filters: region, "
            "occupation group, publication date or salary.",
            last,
        )
    elif last == 1:
        message = gettext("There is no such page: all the results are on page 1.")
    else:
        message = gettext(
            "There is no such page: the results end on page %(last)s. Open "
            "that page or an earlier one, or change the search."
        )
    return ValidationFailed(
        message % {"last": last},
        code="page_out_of_range", field="page", params={"last": last},
    )


# --- facets -------------------------------------------------------------------


def _facets(candidates: list[_Candidate], total: int) -> Facets:
    """Count facet values over the candidates, scaled up when they are a sample."""
    sampled = len(candidates)
    scale = total / sampled if sampled and total > sampled else 1.0
    yes_no = {True: "1", False: "0"}
    counts = FacetCounts(
        regions=Counter(c.oblast_id for c in candidates if c.oblast_id),
        majors=Counter(
            c.occupation_major_id for c in candidates if c.occupation_major_id
        ),
        employment=Counter(c.employment_type for c in candidates),
        remote=Counter(yes_no[c.is_remote] for c in candidates),
        abroad=Counter(yes_no[c.is_abroad] for c in candidates),
    )
    return _facets_of(counts, scale)


@dataclass(frozen=True)
class FacetCounts:
    regions: Counter  # oblast id -> count
    majors: Counter  # ISCO major group id -> count
    employment: Counter  # employment type -> count
    remote: Counter  # "1" / "0" -> count
    abroad: Counter  # "1" / "0" -> count


def _facets_of(counts: FacetCounts, scale: float) -> Facets:
    def values(
        counter: Counter, choices: dict[Any, tuple[str, str]]
    ) -> list[FacetValue]:
        facet = [
            FacetValue(value=value, label=label, count=round(n * scale))
            for key, n in counter.items()
            if key in choices
            for value, label in [choices[key]]
        ]
        return sorted(facet, key=lambda v: (-v.count, v.label, v.value))

    units = KatoUnit.objects.in_bulk(list(counts.regions))
    groups = Occupation.objects.in_bulk(list(counts.majors))
    return Facets(
        region=values(
            counts.regions, {pk: (u.code, u.name) for pk, u in units.items()}
        ),
        occupation=values(
            counts.majors, {pk: (g.code, g.title) for pk, g in groups.items()}
        ),
        employment_type=values(
            counts.employment,
            {key: (key, str(label)) for key, label in EmploymentType.choices},
        ),
        remote=values(
            counts.remote,
            {"1": ("1", gettext("Remote work")), "0": ("0", gettext("On site"))},
        ),
        abroad=values(
            counts.abroad,
            {"1": ("1", gettext("Abroad")), "0": ("0", gettext("In Kazakhstan"))},
        ),
        is_estimate=scale != 1.0,
    )


# --- the whole listing ----------------------------------------------------------

# The whole listing (no words, no filters) is the busiest search, where
# figures scaled from the newest matches would contradict the home page.
# Its counts are exact: one grouped query over every listable vacancy,
# cached for a minute like the home page's.
LISTING_CACHE_KEY = "vacancies:listing-counts:v1"
LISTING_CACHE_SECONDS = 60


def _is_whole_listing(query: SearchQuery) -> bool:
    return dataclasses.replace(query, sort="relevance") == SearchQuery()


def _listing_total(query: SearchQuery) -> int | None:
    """The listing's count of the whole listing or of a search by one of its
    facets alone, else None.

    The home page links each of its counts to such a search (a region, an
    occupation group, abroad), and the search must then say the same number.
    """
    if _is_whole_listing(query):
        return listing_counts()[0]
    unfiltered = SearchQuery(sort=query.sort)
    if query == dataclasses.replace(unfiltered, region=query.region):
        region = query.region
        if region is not None and region.level == KatoLevel.OBLAST:
            return listing_counts()[1].regions.get(region.pk, 0)
    elif query == dataclasses.replace(unfiltered, occupation=query.occupation):
        group = query.occupation
        if group is not None and group.level == 1:
            return listing_counts()[1].majors.get(group.pk, 0)
    elif query == dataclasses.replace(unfiltered, abroad=query.abroad):
        if query.abroad is not None:
            return listing_counts()[1].abroad.get("1" if query.abroad else "0", 0)
    return None


def listing_counts() -> tuple[int, FacetCounts]:
    """The whole listing's total and counts per facet value, at most a minute old."""
    cached = cache.get(LISTING_CACHE_KEY)
    if cached is not None:
        return cached
    return listing_counts_refresh()


def listing_counts_refresh(
    *, seconds: int = LISTING_CACHE_SECONDS
) -> tuple[int, FacetCounts]:
    """Count the whole listing now and keep the counts SECONDS.

    The grouped query reads every listable vacancy: 0.3-0.4 s at a million
    on PostgreSQL (docs/benchmarks.md). The worker calls this every minute
    with a longer life (config/tasks.py), so that no visitor waits for it;
    a request counts itself only when the worker is not running.
    """
    columns = (
        "oblast_id", "occupation_major_id", "employment_type",
        "is_remote", "is_abroad",
    )
    rows = (
        vacancy_listable().order_by().values(*columns)
        .annotate(n=Count("id")).values_list(*columns, "n")
    )
    yes_no = {True: "1", False: "0"}
    counts = FacetCounts(Counter(), Counter(), Counter(), Counter(), Counter())
    total = 0
    for oblast, major, employment, remote, abroad, n in rows:
        total += n
        if oblast:
            counts.regions[oblast] += n
        if major:
            counts.majors[major] += n
        counts.employment[employment] += n
        counts.remote[yes_no[remote]] += n
        counts.abroad[yes_no[abroad]] += n
    cache.set(LISTING_CACHE_KEY, (total, counts), seconds)
    return total, counts


# --- keyset slices for the API ------------------------------------------------


def vacancy_search_slice(
    query: SearchQuery,
    *,
    cursor: str | None = None,
    limit: int = PER_PAGE,
    with_facets: bool = False,
) -> SearchSlice:
    """Return one keyset page, and the facets of vacancy_search if asked.

    The facets come from the same candidates as the page, so asking for them
    here costs one query less than calling vacancy_search as well.
    Raises ValidationFailed(field="cursor") on a bad cursor or one made for
    another search (other words, filters or sort order), and
    ValidationFailed(field="limit") for a limit outside 1..MAX_SLICE_LIMIT.
    """
    if not 1 <= limit <= MAX_SLICE_LIMIT:
        raise ValidationFailed(
            gettext("Ask for between 1 and %(limit)s results at a time.")
            % {"limit": MAX_SLICE_LIMIT},
            code="invalid_limit", field="limit",
        )
    query = _without_empty_text(query)
    sort = _effective_sort(query)
    search = _search_key(query)
    position = _cursor_load(cursor, sort, search) if cursor else None
    matching = _matching(query)
    # The whole listing's facets are exact, as on the web search (see
    # vacancy_search), so no candidates are read for them.
    whole_listing = _is_whole_listing(query)

    candidates = None
    if sort == "relevance":
        candidates = _candidates(matching, _words(query), scope=_window_scope(query))
        total = _count(query, matching, len(candidates))
        offset = position or 0
        ranked = _rank(candidates)[offset : offset + limit + 1]
        results = _fetch([c.id for c in ranked[:limit]])
        next_key: Any = offset + limit if len(ranked) > limit else None
    else:
        if with_facets and not whole_listing:
            candidates = _candidates(matching, scope=_window_scope(query))
        known = len(candidates) if candidates is not None else None
        total = _count(query, matching, known)
        after = matching.filter(_after(sort, position)) if position else matching
        page = list(_listed(after).order_by(*_order(sort))[: limit + 1])
        results = page[:limit]
        next_key = _key_of(results[-1], sort) if len(page) > limit else None

    next_cursor = None
    if next_key is not None:
        next_cursor = _cursor_dump(sort, next_key, search)
    facets = None
    if with_facets and whole_listing:
        facets = _facets_of(listing_counts()[1], 1.0)
    elif with_facets and candidates is not None:
        facets = _facets(candidates, total.value)
    return SearchSlice(
        results=results,
        next_cursor=next_cursor,
        total=total.value,
        total_is_estimate=total.is_estimate,
        facets=facets,
        total_is_lower_bound=total.is_lower_bound,
    )


def _sort_column(sort: SortOrder) -> str:
    return "salary_kzt" if sort == "salary" else "published_at"


def _key_of(vacancy: Vacancy, sort: SortOrder) -> list[Any]:
    value = getattr(vacancy, _sort_column(sort))
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    return [value, vacancy.id]


def _after(sort: SortOrder, position: Any) -> Q:
    """Return the rows after POSITION in the order value DESC NULLS LAST, id DESC."""
    value, last_id = position
    column = _sort_column(sort)
    if value is None:
        return Q(**{f"{column}__isnull": True, "id__lt": last_id})
    return (
        Q(**{f"{column}__lt": value})
        | Q(**{column: value, "id__lt": last_id})
        | Q(**{f"{column}__isnull": True})
    )


def _search_key(query: SearchQuery) -> str:
    """Return a short digest of what QUERY finds and in which order.

    A cursor holds it, so that a cursor sent with other words, filters or
    sort order is refused instead of continuing another search at its
    position. Taken from the normalised query (the stems of the words, the
    ids of the region and occupation, the effective sort), so the same
    search typed differently (case, word order, repeated words) continues.
    """
    normal = {
        "words": sorted(sorted(term) for term in _words(query)),
        "occupation": query.occupation.pk if query.occupation else None,
        "region": query.region.pk if query.region else None,
        "abroad": query.abroad,
        "salary_min": query.salary_min,
        "employment": query.employment_type,
        "remote": query.remote,
        "since": query.published_since.isoformat() if query.published_since else None,
        "sort": _effective_sort(query),
    }
    text = json.dumps(normal, sort_keys=True, ensure_ascii=False)
    # The cursor is signed, so a short digest only has to tell searches apart.
    return hashlib.sha256(text.encode()).hexdigest()[:_SEARCH_KEY_LENGTH]


def _cursor_dump(sort: SortOrder, key: Any, search: str) -> str:
    return signing.dumps({"s": sort, "k": key, "q": search}, salt=_CURSOR_SALT)


class _OtherSearch(ValueError):
    """A well-formed cursor of another search."""


def _cursor_load(cursor: str, sort: SortOrder, search: str) -> Any:
    """Return the position a cursor names, checked against the search.

    SEARCH is the _search_key of the search asking; the cursor's own must
    be the same.
    """
    try:
        payload = signing.loads(cursor, salt=_CURSOR_SALT)
        return _cursor_position(payload, sort, search)
    except _OtherSearch:
        raise ValidationFailed(
            gettext(
                "This continuation link belongs to another search. Send the "
                "same words, filters and sort order as for its first page, or "
                "start again without it."
            ),
            code="invalid_cursor", field="cursor",
        ) from None
    except (signing.BadSignature, ValueError, TypeError, KeyError,
            binascii.Error, json.JSONDecodeError, UnicodeError, OverflowError):
        raise ValidationFailed(
            gettext("This continuation link is not valid; start the search again."),
            code="invalid_cursor", field="cursor",
        ) from None


def _cursor_position(payload: Any, sort: SortOrder, search: str) -> Any:
    if not isinstance(payload, dict) or not isinstance(payload.get("q"), str):
        raise ValueError("not a cursor of this version")
    if payload.get("s") != sort or payload["q"] != search:
        raise _OtherSearch()
    key = payload["k"]
    if sort == "relevance":
        if type(key) is not int or not 0 <= key < CANDIDATE_LIMIT:
            raise ValueError("offset outside the candidates")
        return key
    value, last_id = key
    if type(last_id) is not int:
        raise ValueError("id is not a number")
    if sort == "newest" and value is not None:
        value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            raise ValueError("naive time")
    elif sort == "salary" and value is not None and type(value) is not int:
        raise ValueError("salary is not a number")
    return [value, last_id]

