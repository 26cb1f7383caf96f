import csv
import html
from urllib.parse import urlencode

import pytest

from core.text import search_tokens
from vacancies.job_words import (
    JOB_WORDS_FILE,
    OtherLanguageSearch,
    other_language_searches,
)
from tests.factories import VacancyFactory


def test_every_line_of_the_job_words_pairs_one_word_per_language():
    with open(JOB_WORDS_FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    assert len(rows) >= 80
    for row in rows:
        assert len(search_tokens(row["kk"])) == 1, row
        assert len(search_tokens(row["ru"])) == 1, row
        assert row["en"] == "" or len(search_tokens(row["en"])) == 1, row
    assert len({(row["kk"], row["ru"]) for row in rows}) == len(rows)


def test_a_kazakh_job_word_in_any_form_is_offered_in_russian_only():
    # English is read but never offered: "driver" found a "Driver App".
    for typed in ("аспаз", "Аспаздар"):
        assert other_language_searches(typed) == [OtherLanguageSearch("повар", "ru")]


def test_a_russian_job_word_in_any_form_is_offered_in_kazakh():
    assert other_language_searches("водителя") == [
        OtherLanguageSearch("жүргізуші", "kk"),
    ]


def test_an_english_job_word_is_offered_in_kazakh_and_russian():
    assert other_language_searches("cook") == [
        OtherLanguageSearch("аспаз", "kk"), OtherLanguageSearch("повар", "ru"),
    ]


def test_every_job_word_of_the_query_is_named_in_the_other_language():
    assert other_language_searches("аспаз көмекшісі")[0] == OtherLanguageSearch(
        "повар помощник", "ru"
    )


def test_the_other_words_of_the_query_stay_as_typed():
    assert other_language_searches("Аспаз Алматы")[0] == OtherLanguageSearch(
        "повар Алматы", "ru"
    )


def test_a_query_without_job_words_has_no_other_search():
    assert other_language_searches("Python разработчик") == []
    assert other_language_searches("") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"),
    [("kk", "Осы кәсіптің басқа тілдегі атауы:"),
     ("ru", "Эта же профессия на другом языке:"),
     ("en", "The same job named in another language:")],
)
def test_the_search_page_offers_the_job_in_the_other_language(
    client, language, label
):
    VacancyFactory(title="Повар горячего цеха")

    response = client.get(
        f"/{language}/vacancies/", {"q": "аспаздар", "remote": "0", "page": "1"}
    )

    body = html.unescape(response.content.decode())
    assert label in body
    link = "?" + urlencode({"q": "повар", "remote": "0"})
    assert f'<a href="{link}" lang="ru">повар</a>' in body
    followed = client.get(f"/{language}/vacancies/", {"q": "повар", "remote": "0"})
    assert "Повар горячего цеха" in html.unescape(followed.content.decode())
    # No vacancy is named in English: a link to nothing is not offered.
    assert ">cook</a>" not in body


@pytest.mark.django_db
def test_a_search_without_job_words_offers_nothing_more(client):
    response = client.get("/en/vacancies/", {"q": "Python"})

    assert "other-searches" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "advice"),
    [
        ({"q": "астронавт"}, "Check the spelling or try another word."),
        ({"q": "астронавт космос"}, "Try fewer words or filters."),
        ({"q": "астронавт", "remote": "1"}, "Try fewer words or filters."),
    ],
)
def test_an_empty_result_advises_what_the_search_allows(client, params, advice):
    VacancyFactory(title="Бухгалтер")

    body = html.unescape(client.get("/en/vacancies/", params).content.decode())

    assert f"No vacancies match the search. {advice}" in body


@pytest.mark.django_db
def test_an_empty_result_says_places_are_chosen_in_the_filters(client):
    VacancyFactory(title="Бухгалтер")

    response = client.get("/kk/vacancies/", {"q": "Tbilisi"})
    body = html.unescape(response.content.decode())

    assert "Жерді сүзгілерден де таңдауға болады" in body
