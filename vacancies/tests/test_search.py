"""Full-text search through the index of each database (SQLite and PostgreSQL)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.text import search_tokens
from tests.factories import VacancyFactory
from vacancies.models import Vacancy
from vacancies.search_document import search_fields
from vacancies.search_index import (
    GIN_INDEX,
    WordsMatch,
    estimated_rows,
    search_index_deferred,
    search_index_ensure,
)
from vacancies.selectors import SearchQuery, vacancy_search

CASES = Path(settings.BASE_DIR).parent / "shared" / "cases" / "search.json"
SEARCH_CASES = json.loads(CASES.read_text(encoding="utf-8"))
NEWER = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
OLDER = NEWER - dt.timedelta(days=1)

def found(text: str) -> set[str]:
    page = vacancy_search(SearchQuery(text=text))
    return {vacancy.title for vacancy in page.results}


@pytest.fixture
def case_documents(db):
    return {
        key: VacancyFactory(title=title).title
        for key, title in SEARCH_CASES["documents"].items()
    }


@pytest.mark.parametrize(
    "case", SEARCH_CASES["queries"], ids=[c["q"] for c in SEARCH_CASES["queries"]]
)
def test_it_finds_exactly_the_documents_of_the_field_cases(case_documents, case):
    expected = {case_documents[key] for key in case["finds"]}

    assert found(case["q"]) == expected


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("ЖҮРГІЗУШІ", "жүргізуші"),
        ("Бас есепші", "ЕСЕПШІ"),
        ("Ёлочный базар: продавец", "елочный"),
        ("Жүргізушілер қажет", "жүргізуші"),
        ("Мұғалімдер керек", "мұғалім"),
        ("Қызметкерлерге тегін түскі ас", "қызметкер"),
        ("Бухгалтер", "бухгалтеров"),
        ("Ведущий бухгалтер", "бухгалтера"),
        ("Сварщики на вахту", "сварщик"),
        ("Python developers", "developer"),
    ],
)
def test_it_finds_other_words_cases_and_suffixes(db, title, query):
    VacancyFactory(title=title)
    VacancyFactory(title="Повар")

    assert found(query) == {title}


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Ағылшын тiлiн бiлу", "тІлІн"),  # Latin i in the text, Kazakh І typed
        ("Ағылшын тілін білу", "тiлiн"),  # Kazakh і in the text, Latin i typed
        ("ТIЛ МАМАНЫ", "тіл"),  # Latin capital I
        ("Lіnux әкімшісі", "linux"),  # Kazakh і inside a Latin word
    ],
)
def test_it_matches_latin_and_kazakh_i_both_ways(db, title, query):
    VacancyFactory(title=title)

    assert found(query) == {title}


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Менеджер по продажам", "менеджерлер"),
        ("Менеджеры по продажам", "менеджерлерге"),
        ("Бухгалтер", "бухгалтерден"),
        ("Компания ищет повара", "компанияларда"),
        ("Оператор call-центра", "операторлар"),
        ("Менеджерлер керек", "менеджерлер"),  # the Kazakh form itself
    ],
)
def test_a_kazakh_ending_on_a_loanword_finds_the_bare_word(db, title, query):
    VacancyFactory(title=title)
    VacancyFactory(title="Повар")

    assert found(query) == {title}


def test_a_loanword_with_a_kazakh_ending_finds_what_the_bare_word_finds(db):
    for title in ("Менеджер по продажам", "Менеджер", "Менеджер по закупкам"):
        VacancyFactory(title=title)
    VacancyFactory(title="Бухгалтер", description="Помощь менеджеру по продажам")

    assert found("менеджерлер") == found("менеджер")
    assert found("менеджерлер продажа") == {
        "Менеджер по продажам", "Бухгалтер",
    }


def test_a_title_holding_the_bare_word_ranks_first_for_the_kazakh_form(db):
    VacancyFactory(title="Бухгалтер", description="Отчеты для менеджера",
                   published_at=NEWER)
    VacancyFactory(title="Менеджер", published_at=OLDER)

    page = vacancy_search(SearchQuery(text="менеджерлер"))

    assert [vacancy.title for vacancy in page.results] == ["Менеджер", "Бухгалтер"]


def test_it_requires_every_word_of_the_query(db):
    VacancyFactory(title="Менеджер по продажам")
    VacancyFactory(title="Менеджер по закупкам")

    assert found("менеджер продажи") == {"Менеджер по продажам"}
    assert found("менеджер бухгалтер") == set()


def test_it_searches_descriptions_duties_and_requirements_without_their_tags(db):
    VacancyFactory(
        title="Специалист",
        description="<p><strong>Опыт</strong> работы с&nbsp;<em>1С</em></p>",
        duties="<ul><li>Ведение кассы</li></ul>",
        requirements="Знание <b>казахского</b> языка",
    )

    for query in ("опыт", "1с", "кассы", "казахский", "strong"):
        expected = set() if query == "strong" else {"Специалист"}
        assert found(query) == expected, query


SYMBOLS_ONLY = ['"', "'", "*", "-", ":", "&", "|", "(", ")", "!", "^", "~", "\\",
                "%", "_", "\x00", "*:*", "'';--"]
WITH_THE_WORD = ['программист"', "программист*", "-программист", "(программист",
                 "программист)", "программист & | !", "программист:*",
                 "'программист'", "{программист}"]
# Operator names and numbers are plain words that no vacancy here contains.
WITH_OTHER_WORDS = ["title:программист", "NEAR(программист)", "программист AND",
                    "NOT программист", "программист OR повар", "a'b\"c",
                    "программист^2"]


@pytest.mark.parametrize(
    ("text", "total"),
    [(t, 1) for t in SYMBOLS_ONLY + WITH_THE_WORD]
    + [(t, 0) for t in WITH_OTHER_WORDS],
)
def test_it_never_fails_on_query_syntax_characters(db, text, total):
    VacancyFactory(title="Программист")

    assert vacancy_search(SearchQuery(text=text)).total == total


def test_it_treats_a_query_of_symbols_only_as_no_text(db):
    VacancyFactory(title="Программист")

    assert vacancy_search(SearchQuery(text="*** ---")).total == 1


def test_it_keeps_the_index_in_step_with_edits_and_deletes(db):
    vacancy = VacancyFactory(title="Программист")
    vacancy.title = "Повар"
    vacancy.search_title, vacancy.search_document = search_fields(title="Повар")
    vacancy.save()

    assert found("программист") == set()
    assert found("повар") == {"Повар"}

    vacancy.delete()
    assert found("повар") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers only")
def test_it_restores_lost_sqlite_triggers_and_rebuilds_the_index(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER vacancies_vacancy_fts_insert")
    VacancyFactory(title="Программист")
    assert found("программист") == set()

    assert search_index_ensure(connection) is True

    assert found("программист") == {"Программист"}
    VacancyFactory(title="Программист 2")
    assert found("программист") == {"Программист", "Программист 2"}
    assert search_index_ensure(connection) is False


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables")
def test_it_restores_the_oblast_index_that_a_sqlite_table_rebuild_drops(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX vacancy_oblast_newest")

    assert search_index_ensure(connection) is True

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "vacancies_vacancy")
    assert indexes["vacancy_oblast_newest"]["columns"][:4] == [
        "status", "oblast_id", "published_at", "id"
    ]
    assert search_index_ensure(connection) is False


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's GIN index only"
)


def gin_index_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
        return cursor.fetchone() is not None


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_load_as_large_as_the_table_builds_the_gin_index_once_at_the_end():
    with search_index_deferred(rows_coming=1) as deferred:
        assert (deferred, gin_index_exists()) == (True, False)
        VacancyFactory(title="Программист")

    assert gin_index_exists()
    assert found("программист") == {"Программист"}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_gin_index_is_built_again_when_the_load_fails():
    with pytest.raises(RuntimeError), search_index_deferred(rows_coming=1):
        raise RuntimeError("the load failed")

    assert gin_index_exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_load_smaller_than_the_table_keeps_the_gin_index():
    VacancyFactory.create_batch(3)

    with search_index_deferred(rows_coming=2) as deferred:
        assert (deferred, gin_index_exists()) == (False, True)


def test_it_keeps_the_index_for_a_load_inside_a_transaction(db):
    with search_index_deferred(rows_coming=10**6) as deferred:
        assert deferred is False


@postgresql_only
def test_it_rebuilds_a_missing_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {GIN_INDEX}")

    assert search_index_ensure(connection) is True

    assert gin_index_exists()
    assert search_index_ensure(connection) is False


@postgresql_only
def test_the_full_text_index_holds_the_words_the_oblast_and_the_time(db):
    # Migration 0006: intersections happen inside one GIN index.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'vacancies_vacancy' AND indexdef LIKE %s",
            ["%USING gin%"],
        )
        indexes = dict(cursor.fetchall())

    assert list(indexes) == [GIN_INDEX]
    assert indexes[GIN_INDEX].endswith(
        "USING gin (search_tsv, (ARRAY[oblast_id]), published_at)"
    )


def test_the_oblast_index_is_in_place_on_either_database(db):
    # Migration 0005: an oblast's vacancies, newest first (docs/search.md).
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "vacancies_vacancy")

    index = indexes["vacancy_oblast_newest"]

    assert index["index"] is True
    assert index["columns"][:4] == ["status", "oblast_id", "published_at", "id"]


def test_it_asks_only_postgresql_for_an_estimate_of_the_matches(db):
    VacancyFactory(title="Программист")

    estimate = estimated_rows(Vacancy.objects.filter(title="Программист"))

    if connection.vendor == "postgresql":
        assert isinstance(estimate, int) and estimate >= 1
    else:
        assert estimate is None


@pytest.mark.parametrize("common", [True, False])
def test_it_matches_the_same_rows_whichever_way_sqlite_reads_them(db, common):
    cook = VacancyFactory(title="Повар горячего цеха")
    VacancyFactory(title="Повар")
    VacancyFactory(title="Бухгалтер")
    words = tuple(search_tokens("повар горячий"))

    matched = Vacancy.objects.filter(WordsMatch(words, common=common))

    assert list(matched) == [cook]



@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("C#", {"C# developer"}),
        ("c++", {"Разработчик C++"}),
        ("1C", {"Бухгалтер со знанием 1С"}),
        ("1С", {"Бухгалтер со знанием 1С"}),
    ],
)
def test_languages_named_by_signs_and_1c_find_only_themselves(db, query, expected):
    for title in ("C# developer", "Разработчик C++", "Водитель категории C",
                  "Бухгалтер со знанием 1С"):
        VacancyFactory(title=title)

    assert found(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("C++", {"Разработчик C++17", "Разработчик C++"}),
        ("C++17", {"Разработчик C++17"}),
        ("с++ 17", {"Разработчик C++17"}),
        ("C++20", set()),
        ("C#", {"C#10 developer"}),
        ("C#10", {"C#10 developer"}),
        ("C", {"Водитель категории C"}),
    ],
)
def test_a_language_written_with_its_version_is_found_by_its_name(
    db, query, expected
):
    # "C++17" reads as "C++ 17": the name alone finds it, and the name with
    # the version finds the texts holding both.
    for title in ("Разработчик C++17", "Разработчик C++", "C#10 developer",
                  "Водитель категории C"):
        VacancyFactory(title=title)

    assert found(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (".NET", {"ASP.NET Core developer"}),
        ("asp.net", {"ASP.NET Core developer"}),
        ("Node.js", {"Node.js developer"}),
        ("node", {"Node.js developer"}),
    ],
)
def test_dotted_technology_names_find_their_vacancies(db, query, expected):
    for title in ("ASP.NET Core developer", "Node.js developer", "C++ developer"):
        VacancyFactory(title=title)

    assert found(query) == expected


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Бухгалтер, Алматы", "Алматыда"),
        ("Компания ищет повара", "компанияда"),
        ("Менеджер по продажам", "менеджерде"),
        ("Ведущий бухгалтер", "бухгалтерге"),
        ("Кассир, Шымкент", "Шымкентте"),
        ("Бағдарламашы қажет", "бағдарламашыға"),
        ("Мемлекеттік мекеме: заңгер", "мекемеде"),
    ],
)
def test_a_two_letter_kazakh_ending_finds_the_bare_word(db, title, query):
    VacancyFactory(title=title)
    VacancyFactory(title="Повар")

    assert found(query) == {title}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ата", {"Ата-ана кеңесінің хатшысы"}),
        ("әке", {"Әке мен бала орталығы"}),
        ("әкеге", {"Әке мен бала орталығы"}),
        ("жеке", {"Жеке күзетші"}),
        ("атаулы", {"Атаулы көмек маманы"}),
    ],
)
def test_short_kazakh_words_find_only_themselves(db, query, expected):
    for title in ("Ата-ана кеңесінің хатшысы", "Әке мен бала орталығы",
                  "Жеке күзетші", "Атаулы көмек маманы", "Әкім көмекшісі"):
        VacancyFactory(title=title)

    assert found(query) == expected
