"""The web search and the API agree: on queries without words, on the whole
listing's exact counts, and on refusing null characters."""

import datetime as dt
import html
import re

import pytest
from django.core.cache import cache

from api.tests.helpers import error_of
from tests.factories import KatoUnitFactory, VacancyFactory
from vacancies import selectors

pytestmark = pytest.mark.django_db

LIST = "/api/v1/vacancies"
NOW = dt.datetime(2025, 3, 10, 4, 30, tzinfo=dt.UTC)
# Texts that hold no searchable word: an emoji, a tag, LIKE and FTS signs.
WORDLESS = ["😀", "<script>", "%", "_", '"""', "*** ---"]
FACET = re.compile(r'<a href="[^"]*">([^<]+)</a>\s*<span class="count">([^<]+)</span>')
HEADING = re.compile(r'<h2 id="results-heading">\s*(.*?)\s*</h2>', re.S)


@pytest.fixture(autouse=True)
def empty_cache():
    # The whole listing's counts are cached for a minute.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def past_the_caps(monkeypatch):
    """Nine vacancies, two abroad, where a search reads four and counts six.

    As on SQLite at full size: no estimates, so a search past the candidates
    says "more than 6" and scales its facets from the four newest.
    """
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    astana = KatoUnitFactory(code="710000000", name_ru="Астана", name_en="Astana")
    for hours in range(9):
        VacancyFactory(
            title="Повар", published_at=NOW - dt.timedelta(hours=hours),
            is_abroad=hours >= 7, oblast=None if hours >= 7 else astana,
        )


def web_search(client, **params):
    response = client.get("/en/vacancies/", params)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    heading = " ".join(HEADING.search(body).group(1).split())
    return heading, FACET.findall(body)


@pytest.mark.parametrize("text", WORDLESS)
def test_a_query_without_words_shows_the_exact_counts_of_no_query(
    client, past_the_caps, text
):
    assert web_search(client, q=text) == web_search(client)
    heading, facets = web_search(client, q=text)
    assert heading == "9 vacancies found"
    assert ("Abroad", "2") in facets and ("In Kazakhstan", "7") in facets


@pytest.mark.parametrize("text", WORDLESS)
def test_the_api_counts_a_query_without_words_like_no_query(
    client, past_the_caps, text
):
    found = client.get(LIST, {"q": text, "limit": 1, "facets": 1}).json()
    unfiltered = client.get(LIST, {"limit": 1, "facets": 1}).json()

    assert found == unfiltered


def test_the_api_gives_the_exact_totals_and_facets_of_the_web_listing(
    client, past_the_caps
):
    listing = client.get(LIST, {"limit": 1, "facets": 1}).json()

    assert (listing["total"], listing["total_is_estimate"]) == (9, False)
    assert listing["total_is_lower_bound"] is False
    abroad = {facet["value"]: facet["count"] for facet in listing["facets"]["abroad"]}
    assert abroad == {"1": 2, "0": 7}
    assert listing["facets"]["region"][0]["count"] == 7
    assert listing["facets"]["is_estimate"] is False
    # The web listing says the same figures.
    heading, facets = web_search(client)
    assert heading == "9 vacancies found" and ("Abroad", "2") in facets
    # In every order, with or without facets.
    for sort in ("newest", "salary", "relevance"):
        part = client.get(LIST, {"limit": 2, "sort": sort}).json()
        assert (part["total"], part["total_is_estimate"]) == (9, False), sort


def test_a_word_past_the_caps_is_still_counted_within_them(client, past_the_caps):
    # The exact path is the whole listing's alone: a word is not counted in full.
    found = client.get(LIST, {"q": "повар", "limit": 1}).json()

    assert (found["total"], found["total_is_lower_bound"]) == (6, True)
    assert web_search(client, q="повар")[0] == "More than 6 vacancies found"


@pytest.mark.parametrize(
    ("language", "message"),
    [("kk", "Нөлдік таңбаларға рұқсат жоқ."),
     ("ru", "Данные содержат запрещённый символ: ноль-байт"),
     ("en", "Null characters are not allowed.")],
)
def test_the_api_refuses_a_null_character_as_the_web_search_does(
    client, language, message
):
    VacancyFactory(title="Повар")

    web = client.get(f"/{language}/vacancies/", {"q": "повар\x00"})
    api = client.get(
        LIST, {"q": "повар\x00"}, headers={"accept-language": language}
    )

    assert web.status_code == 400
    body = html.unescape(web.content.decode())
    # Said once, at the search box, which keeps what was typed.
    assert body.count(message) == 1
    assert 'value="повар' in body
    assert error_of(api, status=400, language=language) == {
        "code": "null_character", "message": message, "field": "q",
    }


@pytest.mark.parametrize("name", ["region", "occupation", "salary_min", "since"])
def test_a_null_character_in_any_filter_is_refused_at_that_filter(client, name):
    api = client.get(LIST, {name: "1\x00"})

    refusal = error_of(api, status=400, language="kk")
    assert (refusal["code"], refusal["field"]) == ("null_character", name)
    web = client.get("/en/vacancies/", {name: "1\x00"})
    assert web.status_code == 400
    assert "Null characters are not allowed." in web.content.decode()
