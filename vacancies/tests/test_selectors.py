import dataclasses
import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone, translation

from classifiers.models import KatoUnit, Occupation
from core.errors import NotFound, ValidationFailed
from core.localtime import ALMATY
from tests.factories import VacancyFactory
from vacancies import selectors
from vacancies.models import EmploymentType, Status, Vacancy
from vacancies.selectors import (
    FacetValue,
    SearchQuery,
    parse_search_query,
    vacancy_get_public,
    vacancy_listable,
    vacancy_search,
    vacancy_search_slice,
)
from vacancies.services import vacancy_create, vacancy_publish

NOON = dt.datetime(2025, 3, 10, 12, 0, tzinfo=ALMATY)


def kato(code: str, name_ru: str, *, level: int = 1, parent=None) -> KatoUnit:
    prefix = code[:2] if level == 1 else code[:4]
    return KatoUnit.objects.create(
        code=code, version="2025", level=level, name_kk=f"{name_ru} (kk)",
        name_ru=name_ru, parent=parent, tree_prefix=prefix,
    )


def occupation(code: str, title_en: str, *, parent=None) -> Occupation:
    return Occupation.objects.create(
        code=code, level=len(code), title_en=title_en, title_ru=f"{title_en} (ru)",
        parent=parent,
    )


def at(hours_ago: float) -> dt.datetime:
    return NOON - dt.timedelta(hours=hours_ago)


def titles(vacancies) -> list[str]:
    return [vacancy.title for vacancy in vacancies]


@pytest.fixture
def places(db):
    almaty = kato("750000000", "Алматы")
    district = kato("751110000", "Алмалинский район", level=2, parent=almaty)
    astana = kato("710000000", "Астана")
    return {"almaty": almaty, "district": district, "astana": astana}


@pytest.fixture
def groups(db):
    professionals = occupation("2", "Professionals")
    ict = occupation("25", "ICT professionals", parent=professionals)
    developers = occupation("2512", "Software developers", parent=ict)
    clerks = occupation("4", "Clerical support workers")
    return {"2": professionals, "25": ict, "2512": developers, "4": clerks}


# --- listable -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local_instant", "listed"),
    [
        (dt.datetime(2025, 3, 10, 23, 59, 59, tzinfo=ALMATY), True),
        (dt.datetime(2025, 3, 11, 0, 0, 0, tzinfo=ALMATY), False),
    ],
)
def test_it_lists_a_vacancy_to_the_end_of_its_closing_day_in_almaty(
    db, monkeypatch, local_instant, listed
):
    vacancy = VacancyFactory(expires_on=dt.date(2025, 3, 10))
    monkeypatch.setattr(timezone, "now", lambda: local_instant.astimezone(dt.UTC))

    assert (vacancy in vacancy_listable()) is listed


def test_it_lists_only_published_vacancies(db):
    open_ended = VacancyFactory(expires_on=None)
    VacancyFactory(status=Status.DRAFT)
    VacancyFactory(status=Status.CLOSED)

    assert list(vacancy_listable()) == [open_ended]


# --- parsing ----------------------------------------------------------------------


def test_it_parses_every_parameter(places, groups):
    query = parse_search_query(
        {
            "q": "  программист ", "occupation": "25", "region": "750000000",
            "abroad": "0", "salary_min": "250 000", "employment": "part",
            "remote": "1", "since": "2025-03-01", "sort": "salary",
        }
    )

    assert query == SearchQuery(
        text="программист", occupation=groups["25"], region=places["almaty"],
        abroad=False, salary_min=250000, employment_type="part", remote=True,
        published_since=dt.date(2025, 3, 1), sort="salary",
    )


def test_it_treats_empty_parameters_as_absent(db):
    assert parse_search_query({"q": "", "region": " ", "sort": ""}) == SearchQuery()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"region": "999999999"}, "region",
         "There is no region with the code 999999999."),
        ({"region": "almaty"}, "region", "There is no region with the code almaty."),
        ({"occupation": "9999"}, "occupation",
         "There is no occupation with the code 9999."),
        ({"occupation": "25'; --"}, "occupation",
         "There is no occupation with the code 25'; --."),
        ({"salary_min": "1.5"}, "salary_min",
         "Enter the salary in tenge as a whole number, for example 250000."),
        ({"salary_min": "1e6"}, "salary_min",
         "Enter the salary in tenge as a whole number, for example 250000."),
        ({"salary_min": "-100"}, "salary_min", "The salary cannot be negative."),
        ({"salary_min": "99999999999999999999999"}, "salary_min",
         "The salary is too large: at most 1000000000000 tenge."),
        ({"since": "2025-02-30"}, "since",
         "Enter a real date as YYYY-MM-DD, for example 2025-03-01."),
        ({"since": "01.03.2025"}, "since",
         "Enter a real date as YYYY-MM-DD, for example 2025-03-01."),
        ({"since": "0001-01-01"}, "since",
         "Enter a date between 1900-01-01 and 2999-12-31."),
        ({"since": "9999-12-31"}, "since",
         "Enter a date between 1900-01-01 and 2999-12-31."),
        ({"sort": "price"}, "sort",
         "Unknown sort order. Choose relevance, newest or salary."),
        ({"q": "я" * 10_000}, "q",
         "The search text is too long: at most 200 characters."),
        ({"employment": "slavery"}, "employment",
         "Unknown employment type. Choose one of: full, part, project, internship,"
         " volunteer."),
        ({"remote": "maybe"}, "remote", "Choose yes (1) or no (0)."),
        ({"abroad": "2"}, "abroad", "Choose yes (1) or no (0)."),
    ],
)
def test_it_rejects_bad_parameters_with_a_clear_message(places, groups, params, field,
                                                         message):
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        parse_search_query(params)

    assert (error.value.field, error.value.message) == (field, message)


def test_it_accepts_a_query_of_exactly_the_maximum_length(db):
    text = "я" * selectors.MAX_QUERY_LENGTH

    assert parse_search_query({"q": text}).text == text


# --- filters ----------------------------------------------------------------------


def test_it_filters_by_occupation_group_and_everything_below(groups):
    VacancyFactory(title="Developer", occupation=groups["2512"],
                   occupation_major=groups["2"])
    VacancyFactory(title="ICT", occupation=groups["25"], occupation_major=groups["2"])
    VacancyFactory(title="Clerk", occupation=groups["4"], occupation_major=groups["4"])

    def found(code):
        page = vacancy_search(SearchQuery(occupation=groups[code]))
        return sorted(titles(page.results))

    assert found("2") == ["Developer", "ICT"]
    assert found("25") == ["Developer", "ICT"]
    assert found("2512") == ["Developer"]
    assert found("4") == ["Clerk"]


def test_it_filters_by_region_and_every_unit_below_it(places):
    almaty, astana = places["almaty"], places["astana"]
    VacancyFactory(title="Almaty", oblast=almaty, region_code="750000000")
    VacancyFactory(title="Almalinsky", oblast=almaty, region_code="751110000")
    VacancyFactory(title="Astana", oblast=astana, region_code="710000000")

    def found(key):
        return sorted(titles(vacancy_search(SearchQuery(region=places[key])).results))

    assert found("almaty") == ["Almalinsky", "Almaty"]
    assert found("district") == ["Almalinsky"]
    assert found("astana") == ["Astana"]


def _published(*, title: str, region: KatoUnit, by) -> Vacancy:
    """Write a vacancy as an employer does, so its oblast and code are derived."""
    employer = by.employers.get()
    draft = vacancy_create(employer=employer, by=by, title=title, region=region)
    return vacancy_publish(vacancy=draft, by=by)


def test_an_oblast_matches_the_same_vacancies_as_its_code_prefix(
    places, employer_user
):
    for title, key in [("Almaty", "almaty"), ("Almalinsky", "district"),
                       ("Astana", "astana")]:
        _published(title=title, region=places[key], by=employer_user)
    # The rule before the oblast index: every code starting with the prefix.
    by_prefix = Vacancy.objects.filter(region_code__startswith="75")

    found = vacancy_search(SearchQuery(region=places["almaty"])).results
    part = vacancy_search_slice(SearchQuery(region=places["almaty"], sort="newest"))

    assert sorted(titles(found)) == ["Almalinsky", "Almaty"]
    assert {v.pk for v in found} == set(by_prefix.values_list("pk", flat=True))
    assert {v.pk for v in part.results} == {v.pk for v in found}
    assert titles(vacancy_search(SearchQuery(region=places["astana"])).results) == [
        "Astana"
    ]


def test_an_oblast_matches_vacancies_filed_under_an_older_edition_of_kato(
    places, employer_user
):
    older = KatoUnit.objects.create(
        code="750000000", version="2024", level=1, name_kk="Алматы",
        name_ru="Алматы", tree_prefix="75",
    )
    _published(title="Old edition", region=older, by=employer_user)
    _published(title="New edition", region=places["district"], by=employer_user)

    query = parse_search_query({"region": "750000000"})

    assert query.region == places["almaty"]
    assert sorted(titles(vacancy_search(query).results)) == [
        "New edition", "Old edition"
    ]


def test_an_oblast_with_words_matches_what_it_matches_without_them(
    places, employer_user
):
    # With words the oblast goes through the full-text index (OblastAmong);
    # without, through the oblast's btree index: the same rows either way.
    older = KatoUnit.objects.create(
        code="750000000", version="2024", level=1, name_kk="Алматы",
        name_ru="Алматы", tree_prefix="75",
    )
    for title, region in [("Повар Almaty", places["almaty"]),
                          ("Повар Almalinsky", places["district"]),
                          ("Повар old edition", older),
                          ("Повар Astana", places["astana"]),
                          ("Курьер Almaty", places["almaty"])]:
        _published(title=title, region=region, by=employer_user)

    def found(**filters):
        return sorted(titles(vacancy_search(SearchQuery(**filters)).results))

    with_words = found(text="повар", region=places["almaty"])
    without = found(region=places["almaty"])

    assert with_words == ["Повар Almalinsky", "Повар Almaty", "Повар old edition"]
    assert with_words == [title for title in without if title.startswith("Повар")]
    assert found(text="повар", region=places["astana"]) == ["Повар Astana"]


def test_a_search_with_words_asks_for_the_oblast_as_the_full_text_index_holds_it(
    places,
):
    sql = str(selectors._matching(
        SearchQuery(text="повар", region=places["almaty"])
    ).query)
    plain = str(selectors._matching(SearchQuery(region=places["almaty"])).query)

    if connection.vendor == "postgresql":
        # Only the GIN index of migration 0006 serves this form (docs/search.md).
        assert "ARRAY[" in sql and "&&" in sql
        assert "ARRAY[" not in plain
    else:
        assert '"oblast_id" IN (' in sql
    assert '"oblast_id" = ' in plain


def test_it_filters_by_salary_employment_remote_and_abroad(db):
    VacancyFactory(title="Rich", salary_kzt=500_000)
    VacancyFactory(title="Exact", salary_kzt=300_000, employment_type="part")
    VacancyFactory(title="Poor", salary_kzt=100_000, is_remote=True)
    VacancyFactory(title="Unknown", salary_kzt=None, is_abroad=True)

    def found(**filters):
        return sorted(titles(vacancy_search(SearchQuery(**filters)).results))

    assert found(salary_min=300_000) == ["Exact", "Rich"]
    assert found(employment_type="part") == ["Exact"]
    assert found(remote=True) == ["Poor"]
    assert found(remote=False) == ["Exact", "Rich", "Unknown"]
    assert found(abroad=True) == ["Unknown"]
    assert found(abroad=False) == ["Exact", "Poor", "Rich"]


def test_it_counts_published_since_from_midnight_in_almaty(db):
    VacancyFactory(title="Just in", published_at=dt.datetime(2025, 3, 1, 0, 0,
                                                              tzinfo=ALMATY))
    VacancyFactory(title="Just out", published_at=dt.datetime(2025, 2, 28, 23, 59,
                                                               tzinfo=ALMATY))

    page = vacancy_search(SearchQuery(published_since=dt.date(2025, 3, 1)))

    assert titles(page.results) == ["Just in"]


# --- sorting and paging -----------------------------------------------------------


def test_it_ranks_title_matches_above_body_matches_then_newest(db):
    VacancyFactory(title="Old title match Повар", published_at=at(30))
    VacancyFactory(title="Body", description="Ищем повара", published_at=at(1))
    VacancyFactory(title="New title match повар", published_at=at(2))

    page = vacancy_search(SearchQuery(text="повар", sort="relevance"))

    assert titles(page.results) == [
        "New title match повар", "Old title match Повар", "Body",
    ]


def test_it_ranks_titles_holding_more_of_the_query_words_higher(db):
    VacancyFactory(title="Повар", description="горячий цех", published_at=at(1))
    VacancyFactory(title="Повар горячего цеха", published_at=at(9))
    VacancyFactory(title="Официант", description="повар горячий", published_at=at(0))

    page = vacancy_search(SearchQuery(text="повар горячий"))

    assert titles(page.results) == ["Повар горячего цеха", "Повар", "Официант"]


def test_among_equal_matches_kazakhstan_comes_before_abroad_then_newest(db):
    VacancyFactory(title="Бухгалтер, Москва", is_abroad=True, published_at=at(1))
    VacancyFactory(title="Бухгалтер, Алматы", published_at=at(5))
    VacancyFactory(title="Бухгалтер, Астана", published_at=at(3))
    VacancyFactory(title="Кассир", description="бухгалтер", published_at=at(0))

    page = vacancy_search(SearchQuery(text="бухгалтер"))
    part = vacancy_search_slice(SearchQuery(text="бухгалтер"), limit=10)

    expected = [
        "Бухгалтер, Астана", "Бухгалтер, Алматы", "Бухгалтер, Москва", "Кассир",
    ]
    assert titles(page.results) == expected
    assert titles(part.results) == expected


def test_it_sorts_by_newest_without_text_even_when_relevance_is_asked(db):
    VacancyFactory(title="Old", published_at=at(5))
    VacancyFactory(title="New", published_at=at(1))

    assert titles(vacancy_search(SearchQuery()).results) == ["New", "Old"]


def test_it_sorts_by_salary_with_unknown_salaries_last(db):
    VacancyFactory(title="None", salary_kzt=None)
    VacancyFactory(title="Low", salary_kzt=100)
    VacancyFactory(title="High", salary_kzt=900)

    page = vacancy_search(SearchQuery(sort="salary"))

    assert titles(page.results) == ["High", "Low", "None"]


@pytest.mark.parametrize("sort", ["relevance", "newest", "salary"])
def test_it_pages_through_ties_without_repeating_or_skipping(db, sort):
    same_time = at(1)
    created = [
        VacancyFactory(title=f"Повар {n}", published_at=same_time, salary_kzt=1000)
        for n in range(45)
    ]

    seen = []
    for number in (1, 2, 3):
        page = vacancy_search(SearchQuery(text="повар", sort=sort), page=number)
        seen += [vacancy.id for vacancy in page.results]

    assert page.num_pages == 3
    assert seen == sorted((vacancy.id for vacancy in created), reverse=True)


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (0, "Page numbers start at 1."),
        (-1, "Page numbers start at 1."),
        (2, "There is no such page: all the results are on page 1."),
    ],
)
def test_it_rejects_a_page_out_of_range(db, page, message):
    VacancyFactory()

    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        vacancy_search(SearchQuery(), page=page)

    assert (error.value.field, error.value.message) == ("page", message)


def test_a_page_past_the_reach_of_pages_says_to_narrow_the_search(db, monkeypatch):
    # Three pages of two reach four of the five matches.
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    for hours in range(5):
        VacancyFactory(title="Повар", published_at=at(hours))

    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        vacancy_search(SearchQuery(text="повар"), page=3)

    assert (error.value.code, error.value.field) == ("page_out_of_range", "page")
    assert error.value.message == (
        "Only the first 2 pages of results can be opened. To see other "
        "vacancies, narrow the search with the filters: region, occupation "
        "group, publication date or salary."
    )


def test_it_serves_page_one_of_an_empty_result(db):
    page = vacancy_search(SearchQuery(text="космонавт"))

    assert (page.results, page.total, page.num_pages) == ([], 0, 1)


# --- counts, estimates and facets ---------------------------------------------------


def test_it_counts_facets_with_labels_in_the_current_language(places, groups):
    VacancyFactory(oblast=places["almaty"], occupation_major=groups["2"],
                   is_remote=True)
    VacancyFactory(oblast=places["almaty"], occupation_major=groups["4"],
                   employment_type=EmploymentType.PART)
    VacancyFactory(oblast=places["astana"], occupation_major=groups["2"],
                   is_abroad=True)

    with translation.override("ru"):
        facets = vacancy_search(SearchQuery()).facets

    assert facets.region == [
        FacetValue("750000000", "Алматы", 2), FacetValue("710000000", "Астана", 1),
    ]
    assert facets.occupation == [
        FacetValue("2", "Professionals (ru)", 2),
        FacetValue("4", "Clerical support workers (ru)", 1),
    ]
    assert [(v.value, v.count) for v in facets.employment_type] == [
        ("full", 2), ("part", 1),
    ]
    assert [(v.value, v.count) for v in facets.remote] == [("0", 2), ("1", 1)]
    assert [(v.value, v.count) for v in facets.abroad] == [("0", 2), ("1", 1)]
    assert facets.is_estimate is False
    with translation.override("kk"):
        assert vacancy_search(SearchQuery()).facets.region[0].label == "Алматы (kk)"


@pytest.mark.parametrize("sort", ["relevance", "newest", "salary"])
def test_a_slice_asked_for_facets_has_those_of_the_first_page(places, groups, sort):
    VacancyFactory(title="Повар", oblast=places["almaty"], occupation_major=groups["2"])
    VacancyFactory(title="Повар", oblast=places["astana"], is_remote=True)
    VacancyFactory(title="Водитель", oblast=places["astana"])
    query = SearchQuery(text="повар", sort=sort)

    part = vacancy_search_slice(query, limit=1, with_facets=True)

    page = vacancy_search(query)
    assert part.facets == page.facets
    assert (part.total, part.total_is_estimate) == (2, False)
    assert [v.value for v in part.facets.region] == ["750000000", "710000000"]
    assert vacancy_search_slice(query, limit=1).facets is None


def test_it_reports_an_exact_total_below_the_caps(db):
    for _ in range(3):
        VacancyFactory(title="Повар")

    page = vacancy_search(SearchQuery(text="повар"))

    assert (page.total, page.total_is_estimate) == (3, False)


def test_it_caps_counts_of_broad_words_and_reports_estimates(db, monkeypatch, places):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    for hours in range(8):
        VacancyFactory(title="Повар", published_at=at(hours), oblast=places["almaty"])

    with translation.override("kk"):
        page = vacancy_search(SearchQuery(text="повар", sort="newest"))

    assert (page.total, page.total_is_estimate, page.num_pages) == (6, True, 1)
    assert page.facets.region == [FacetValue("750000000", "Алматы (kk)", 6)]
    assert page.facets.is_estimate is True


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_count_stopped_at_the_cap_is_a_lower_bound(db, monkeypatch, sort):
    # SQLite: eight match, the count stops past six; "about 6" would be false.
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    for hours in range(8):
        VacancyFactory(title="Повар", published_at=at(hours))
    query = SearchQuery(text="повар", sort=sort)

    page = vacancy_search(query)
    part = vacancy_search_slice(query, limit=2)

    for found in (page, part):
        assert (found.total, found.total_is_estimate) == (6, True)
        assert found.total_is_lower_bound is True


def test_a_count_that_ends_below_the_cap_is_no_lower_bound(db, monkeypatch):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    for hours in range(6):
        VacancyFactory(title="Повар", published_at=at(hours))

    page = vacancy_search(SearchQuery(text="повар"))

    assert (page.total, page.total_is_estimate, page.total_is_lower_bound) == (
        6, False, False,
    )


def test_the_whole_listing_counts_exactly_past_the_caps(db, monkeypatch, places):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    for hours in range(9):
        oblast = places["almaty"] if hours < 2 else places["astana"]
        VacancyFactory(title="Повар", published_at=at(hours), oblast=oblast)

    with translation.override("ru"):
        listing = vacancy_search(SearchQuery(sort="newest"))
        searched = vacancy_search(SearchQuery(text="повар"))

    assert (listing.total, listing.total_is_estimate) == (9, False)
    assert listing.facets.region == [
        FacetValue("710000000", "Астана", 7), FacetValue("750000000", "Алматы", 2),
    ]
    assert listing.facets.is_estimate is False
    # The same vacancies found by a word are still counted within the caps.
    assert (searched.total, searched.total_is_estimate) == (6, True)


def test_it_counts_exactly_past_the_candidates_up_to_the_cap(db, monkeypatch):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    for hours in range(5):
        VacancyFactory(title="Повар", published_at=at(hours))

    newest = vacancy_search(SearchQuery(text="повар", sort="newest"))
    relevance = vacancy_search(SearchQuery(text="повар"))

    assert (newest.total, newest.total_is_estimate) == (5, False)
    # Pages reach the candidates only: four of five.
    assert (relevance.total, len(relevance.results)) == (5, 4)
    assert (len(newest.results), newest.num_pages) == (4, 1)


def test_it_reports_the_database_estimate_past_the_candidates(db, monkeypatch):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: 12_345)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    for hours in range(5):
        VacancyFactory(title="Повар", published_at=at(hours))

    page = vacancy_search(SearchQuery(text="повар"))

    assert (page.total, page.total_is_estimate, len(page.results)) == (12_345, True, 4)
    # PostgreSQL's estimate can be too high as well as too low: "about N".
    assert page.total_is_lower_bound is False


def test_it_never_reports_an_estimate_below_the_candidates_read(db, monkeypatch):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: 1)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    for hours in range(5):
        VacancyFactory(title="Повар", published_at=at(hours))

    page = vacancy_search(SearchQuery(text="повар"))

    assert (page.total, page.total_is_estimate) == (4, True)


@pytest.mark.parametrize("matches_are", ["newest", "oldest", "spread"])
def test_it_finds_the_newest_candidates_through_a_date_window(db, monkeypatch,
                                                              matches_are):
    # A perfect estimator makes the date window small enough to be used.
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: queryset.count())
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 2)
    match_hours = {
        "newest": range(0, 10), "oldest": range(50, 60), "spread": range(0, 60, 6),
    }[matches_are]
    cooks = [
        VacancyFactory(title="Повар" if hours in match_hours else "Бухгалтер",
                       published_at=at(hours))
        for hours in range(60)
    ]
    expected = [v.id for v in cooks if v.title == "Повар"][:2]

    page = vacancy_search(SearchQuery(text="повар", sort="newest"))

    assert [vacancy.id for vacancy in page.results] == expected
    query = SearchQuery(text="повар")
    scope = selectors._window_scope(query)
    assert selectors._window_start(selectors._matching(query), scope)


def test_it_reads_dense_matches_newest_first_without_a_window(db, monkeypatch):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: queryset.count())
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 2)
    # Two vacancies in three match: a window would read twice what reading
    # newest first reads.
    vacancies = [
        VacancyFactory(title="Повар" if hours % 3 else "Бухгалтер",
                       published_at=at(hours))
        for hours in range(60)
    ]
    query = SearchQuery(text="повар", sort="newest")
    scope = selectors._window_scope(query)

    page = vacancy_search(query)

    assert selectors._window_start(selectors._matching(query), scope) is None
    assert [v.id for v in page.results] == [
        v.id for v in vacancies if v.title == "Повар"
    ][:2]


def test_it_measures_the_date_window_of_an_oblast_within_it(
    places, monkeypatch
):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: queryset.count())
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 2)
    almaty, astana = places["almaty"], places["astana"]
    # Astana holds the newest vacancies; Almaty's newest cooks lie beyond
    # a window measured over the whole table.
    for hours in range(20):
        VacancyFactory(title="Бухгалтер", oblast=astana, published_at=at(hours))
    cooks = [
        VacancyFactory(title="Повар" if hours % 5 == 0 else "Бухгалтер",
                       oblast=almaty, published_at=at(hours))
        for hours in range(20, 60)
    ]
    query = SearchQuery(text="повар", region=almaty, sort="newest")
    scope = selectors._window_scope(query)

    page = vacancy_search(query)

    assert set(scope) == set(cooks)
    assert selectors._window_start(selectors._matching(query), scope) is not None
    assert [v.id for v in page.results] == [
        v.id for v in cooks if v.title == "Повар"
    ][:2]


def test_it_reads_an_oblast_newest_first_without_a_window_when_its_index_holds_all(
    places, groups, monkeypatch
):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: queryset.count())
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 2)
    almaty = places["almaty"]
    rich = [
        VacancyFactory(oblast=almaty, salary_kzt=500_000 if hours % 3 else 1,
                       occupation_major=groups["2"], published_at=at(hours))
        for hours in range(30)
    ]
    covered = SearchQuery(region=almaty, salary_min=200_000, occupation=groups["2"])

    page = vacancy_search(covered)

    assert selectors._window_scope(covered) is None
    assert selectors._window_scope(dataclasses.replace(covered, text="повар"))
    below_major = dataclasses.replace(covered, occupation=groups["25"])
    assert selectors._window_scope(below_major)
    assert [v.id for v in page.results] == [v.id for v in rich if v.salary_kzt > 1][:2]


# --- keyset slices ------------------------------------------------------------------


def walk(query: SearchQuery, limit: int) -> list[int]:
    ids, cursor = [], None
    for _ in range(50):
        part = vacancy_search_slice(query, cursor=cursor, limit=limit)
        ids += [vacancy.id for vacancy in part.results]
        cursor = part.next_cursor
        if cursor is None:
            return ids
    raise AssertionError("the cursor never ended")


@pytest.mark.parametrize("sort", ["relevance", "newest", "salary"])
def test_it_walks_slices_through_ties_and_nulls_once_each(db, sort):
    vacancies = [
        VacancyFactory(
            title="Повар", published_at=None if n % 4 == 0 else at(n % 3),
            salary_kzt=None if n % 3 == 0 else 1000 * (n % 2),
        )
        for n in range(13)
    ]

    ids = walk(SearchQuery(text="повар", sort=sort), limit=3)

    expected = vacancy_search(SearchQuery(text="повар", sort=sort)).results
    assert ids == [vacancy.id for vacancy in expected]
    assert sorted(ids) == sorted(vacancy.id for vacancy in vacancies)


@pytest.mark.parametrize(
    ("estimate", "total"),
    [(None, (3, False)), (1, (3, False)), (50_000, (50_000, True))],
)
def test_it_counts_slices_exactly_or_by_the_database_estimate(db, monkeypatch,
                                                              estimate, total):
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: estimate)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    for _ in range(3):
        VacancyFactory(title="Повар")

    part = vacancy_search_slice(SearchQuery(text="повар", sort="newest"), limit=2)

    assert (part.total, part.total_is_estimate) == total


def test_it_orders_slices_like_pages(db):
    VacancyFactory(title="Low", salary_kzt=100)
    VacancyFactory(title="None", salary_kzt=None)
    VacancyFactory(title="High", salary_kzt=900)

    part = vacancy_search_slice(SearchQuery(sort="salary"), limit=2)

    assert (titles(part.results), part.total, part.total_is_estimate) == (
        ["High", "Low"], 3, False,
    )


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "", "eyJzIjoibmV3ZXN0In0:bad", "a" * 5000, "\x00", "%%%"],
)
def test_it_rejects_a_bad_cursor(db, cursor):
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        vacancy_search_slice(SearchQuery(), cursor=cursor or " ")

    assert error.value.field == "cursor"
    assert error.value.message == (
        "This continuation link is not valid; start the search again."
    )


def test_it_rejects_a_cursor_of_another_sort_order(db):
    for _ in range(3):
        VacancyFactory(salary_kzt=10)
    cursor = vacancy_search_slice(SearchQuery(sort="salary"), limit=1).next_cursor

    with pytest.raises(ValidationFailed) as error:
        vacancy_search_slice(SearchQuery(sort="newest"), cursor=cursor)

    assert error.value.field == "cursor"


def cursor_of(query: SearchQuery) -> str:
    """Return the cursor of the second slice of QUERY (one result a slice)."""
    cursor = vacancy_search_slice(query, limit=1).next_cursor
    assert cursor is not None
    return cursor


@pytest.mark.parametrize(
    "other",
    [
        {"text": "бухгалтер"},
        {"text": "повар бухгалтер"},
        {"salary_min": 50_000},
        {"remote": True},
        {"abroad": False},
        {"employment_type": "part"},
        {"published_since": dt.date(2025, 3, 1)},
        {"sort": "newest"},
    ],
    ids=lambda other: ",".join(other),
)
def test_it_rejects_a_cursor_of_another_search(db, other):
    for n in range(3):
        VacancyFactory(title="Повар бухгалтер", salary_kzt=100_000 + n)
    first = SearchQuery(text="повар", sort="salary")
    cursor = cursor_of(first)

    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        vacancy_search_slice(dataclasses.replace(first, **other), cursor=cursor)

    assert (error.value.code, error.value.field) == ("invalid_cursor", "cursor")
    assert error.value.message == (
        "This continuation link belongs to another search. Send the same words, "
        "filters and sort order as for its first page, or start again without it."
    )


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_it_rejects_a_cursor_of_another_region_or_occupation(places, groups, sort):
    for _ in range(3):
        VacancyFactory(title="Повар", oblast=places["almaty"],
                       occupation_major=groups["2"])
    first = SearchQuery(text="повар", region=places["almaty"], sort=sort)
    cursor = cursor_of(first)

    for other in (
        dataclasses.replace(first, region=places["astana"]),
        dataclasses.replace(first, region=None),
        dataclasses.replace(first, occupation=groups["2"]),
    ):
        with pytest.raises(ValidationFailed) as error:
            vacancy_search_slice(other, cursor=cursor)
        assert error.value.field == "cursor"


def test_a_cursor_continues_the_same_search_typed_differently(db):
    for _ in range(3):
        VacancyFactory(title="Повар бухгалтер")
    cursor = cursor_of(SearchQuery(text="повар бухгалтер"))

    part = vacancy_search_slice(
        SearchQuery(text="БУХГАЛТЕР  повара повар"), cursor=cursor, limit=1
    )

    assert len(part.results) == 1


def test_it_rejects_a_tampered_cursor(db):
    for _ in range(3):
        VacancyFactory()
    cursor = vacancy_search_slice(SearchQuery(), limit=1).next_cursor
    payload, signature = cursor.rsplit(":", 1)

    with pytest.raises(ValidationFailed) as error:
        vacancy_search_slice(SearchQuery(), cursor=payload[:-2] + "xx:" + signature)

    assert error.value.field == "cursor"


@pytest.mark.parametrize("limit", [0, -5, 101])
def test_it_rejects_a_slice_limit_out_of_range(db, limit):
    with pytest.raises(ValidationFailed) as error:
        vacancy_search_slice(SearchQuery(), limit=limit)

    assert error.value.field == "limit"


# --- one vacancy --------------------------------------------------------------------


def test_it_shows_a_closed_vacancy_but_not_a_draft(db):
    closed = VacancyFactory(status=Status.CLOSED)
    draft = VacancyFactory(status=Status.DRAFT)

    assert vacancy_get_public(closed.id) == closed
    with pytest.raises(NotFound):
        vacancy_get_public(draft.id)
    with pytest.raises(NotFound):
        vacancy_get_public(draft.id + 1000)


@pytest.fixture
def small_counts(db, monkeypatch):
    # SQLite's way, at a size a test can fill: four candidates, a cap of six.
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    selectors.cache.delete(selectors.LISTING_CACHE_KEY)
    yield
    selectors.cache.delete(selectors.LISTING_CACHE_KEY)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_search_by_one_home_page_count_says_that_count(
    small_counts, places, groups, sort
):
    for hours in range(8):
        VacancyFactory(
            is_abroad=True, country_code="TR", oblast=places["almaty"],
            occupation_major=groups["2"], published_at=at(hours),
        )
    VacancyFactory(published_at=at(9))

    for query in (
        SearchQuery(abroad=True, sort=sort),
        SearchQuery(region=places["almaty"], sort=sort),
        SearchQuery(occupation=groups["2"], sort=sort),
    ):
        page = vacancy_search(query)
        part = vacancy_search_slice(query, limit=2)
        for found in (page, part):
            assert (found.total, found.total_is_estimate) == (8, False), query
            assert found.total_is_lower_bound is False


def test_a_search_by_more_than_one_filter_still_stops_at_the_cap(
    small_counts, places
):
    for hours in range(8):
        VacancyFactory(is_abroad=True, oblast=places["almaty"], published_at=at(hours))

    page = vacancy_search(SearchQuery(abroad=True, region=places["almaty"]))

    assert (page.total, page.total_is_lower_bound) == (6, True)
