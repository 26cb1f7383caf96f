"""The database side of full-text search: one match expression, two engines.

Migration 0002_fulltext builds the indexes: an FTS5 table on SQLite and a
generated tsvector column with a GIN index on PostgreSQL. Both hold the
words of Vacancy.search_document exactly as core.text.search_tokens wrote
them, so a query only has to ask for whole words: every term, each term
being one word or any of its alternatives (core.text.query_terms).
"""

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import NotSupportedError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, QuerySet
from django.db.models.sql.compiler import SQLCompiler

logger = logging.getLogger(__name__)

FTS_TABLE = "vacancies_vacancy_fts"
# Words held by this share of the vacancies or more count as common.
COMMON_SHARE = 0.01
TSV_COLUMN = "search_tsv"
GIN_INDEX = "vacancy_search_words"
# The index of migration 0006_search_words_index: the words, the oblast as a
# one-element array (see OblastAmong) and the publication time, which needs
# the btree_gin extension.
GIN_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON vacancies_vacancy "
    f"USING gin ({TSV_COLUMN}, (ARRAY[oblast_id]), published_at)"
)

# Recreated when missing: on SQLite, Django applies most later changes to the
# vacancy table by copying it into a new table, which drops its triggers.
SQLITE_TRIGGERS = {
    "vacancies_vacancy_fts_insert": f"""
        CREATE TRIGGER vacancies_vacancy_fts_insert
        AFTER INSERT ON vacancies_vacancy
        BEGIN
            INSERT INTO {FTS_TABLE} (rowid, search_document)
            VALUES (new.id, new.search_document);
        END
    """,
    "vacancies_vacancy_fts_delete": f"""
        CREATE TRIGGER vacancies_vacancy_fts_delete
        AFTER DELETE ON vacancies_vacancy
        BEGIN
            INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
        END
    """,
    "vacancies_vacancy_fts_update": f"""
        CREATE TRIGGER vacancies_vacancy_fts_update
        AFTER UPDATE OF id, search_document ON vacancies_vacancy
        BEGIN
            INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
            INSERT INTO {FTS_TABLE} (rowid, search_document)
            VALUES (new.id, new.search_document);
        END
    """,
}

# The oblast index of migration 0005 as SQLite holds it. Django rebuilds the
# vacancy table on SQLite for most column changes and keeps only the indexes
# it declared itself, so search_index_ensure puts this one back.
OBLAST_INDEX = "vacancy_oblast_newest"
SQLITE_OBLAST_INDEX_SQL = f"""
    CREATE INDEX IF NOT EXISTS {OBLAST_INDEX} ON vacancies_vacancy (
        status, oblast_id, published_at DESC, id DESC,
        salary_kzt, employment_type, expires_on,
        occupation_major_id, is_remote, is_abroad
    )
"""

# A term of a query: one word, or the words any of which may stand for it.
Term = tuple[str, ...]


def terms_of(words: Iterable[str | Term]) -> tuple[Term, ...]:
    """Return WORDS as terms: a plain word is a term of its own."""
    return tuple((word,) if isinstance(word, str) else tuple(word) for word in words)


def fts5_query(words: Iterable[str | Term]) -> str:
    """Return an FTS5 query asking for every term, each word a quoted string.

    Quoting makes operators typed by users (OR, NEAR, *, -, :, parentheses)
    plain words, so no input can make the query invalid. FTS5 takes no
    implicit AND next to parentheses, so terms are joined by an explicit one.
    """

    def quoted(word: str) -> str:
        return '"' + word.replace('"', '""') + '"'

    return " AND ".join(
        quoted(term[0]) if len(term) == 1
        else "(" + " OR ".join(map(quoted, term)) + ")"
        for term in terms_of(words)
    )


def tsquery(words: Iterable[str | Term]) -> str:
    """Return a tsquery literal asking for every term, each word a quoted lexeme."""

    def quoted(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join(
        quoted(term[0]) if len(term) == 1
        else "(" + " | ".join(map(quoted, term)) + ")"
        for term in terms_of(words)
    )


class _ColumnCondition(Expression):
    """A condition on one column of the vacancy, written out per database."""

    output_field = BooleanField()

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = F(column)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: list[Any]) -> None:
        (self.column,) = exprs


class WordsMatch(_ColumnCondition):
    """True for a vacancy whose search_document holds every term of WORDS.

    A term is a word, or a tuple of words any one of which will do.
    COMMON says that many vacancies hold them (see words_are_common): SQLite
    then reads vacancies in the order asked for and checks each against the
    words' list, instead of fetching every matching row and sorting them.
    """

    def __init__(
        self, words: Iterable[str | Term], *, common: bool = False
    ) -> None:
        super().__init__("pk")
        self.words = terms_of(words)
        self.common = common

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        raise NotSupportedError(
            f"Full-text search has no index for the {connection.vendor} database."
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        row_id, params = compiler.compile(self.column)
        # A unary plus keeps SQLite from driving the query by rowid lookups.
        checked = f"+{row_id}" if self.common else row_id
        matches = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return f"{checked} IN ({matches})", [*params, fts5_query(self.words)]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        # The generated column is not a model field; it sits on the same
        # table, so it is named through the alias of the row's id.
        row_id, params = compiler.compile(self.column)
        table = row_id.rsplit(".", 1)[0]
        column = connection.ops.quote_name(TSV_COLUMN)
        return f"{table}.{column} @@ %s::tsquery", [*params, tsquery(self.words)]


class OblastAmong(_ColumnCondition):
    """True for a vacancy whose oblast is one of OBLAST_IDS.

    On PostgreSQL it reads `ARRAY[oblast_id] && ARRAY[ids]`, which only the
    full-text index (GIN_INDEX) serves: written as `oblast_id IN (...)`, the
    planner intersected a btree's rows for the whole oblast with the words'
    bitmap instead of letting the full-text index intersect both, five times
    slower. Meant for searches with words; without words the btree index
    vacancy_oblast_newest, which needs the plain column, is the fast one.
    """

    def __init__(self, oblast_ids: list[int]) -> None:
        super().__init__("oblast_id")
        self.oblast_ids = [int(pk) for pk in oblast_ids]

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.column)
        if not self.oblast_ids:
            return "1 = 0", []
        marks = ", ".join(["%s"] * len(self.oblast_ids))
        return f"{column} IN ({marks})", [*params, *self.oblast_ids]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.column)
        return f"ARRAY[{column}] && %s::bigint[]", [*params, self.oblast_ids]


def words_are_common(
    words: Iterable[str | Term], *, using: str = "default"
) -> bool:
    """Tell whether at least COMMON_SHARE of the vacancies hold every term of WORDS.

    Only SQLite asks: FTS5 counts the matches from its index alone, in a few
    milliseconds. PostgreSQL's planner makes the same choice by itself.
    """
    connection = connections[using]
    if connection.vendor != "sqlite" or not words:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM vacancies_vacancy")
        rows = cursor.fetchone()[0] or 0
        threshold = max(1, int(rows * COMMON_SHARE))
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s LIMIT %s)",
            [fts5_query(words), threshold],
        )
        return cursor.fetchone()[0] >= threshold


def estimated_rows(queryset: QuerySet) -> int | None:
    """Return the database's own estimate of the rows of QUERYSET, or None.

    PostgreSQL's planner answers from its statistics in well under a
    millisecond; SQLite keeps no such estimate.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


@contextmanager
def search_index_deferred(
    *, rows_coming: int, using: str = "default"
) -> Iterator[bool]:
    """Leave PostgreSQL's full-text index out of a load as large as the table.

    Keeping the GIN index up to date row by row costs twice the rest of an
    insert, while building it once afterwards costs a fraction of that (see
    docs/benchmarks.md); so when ROWS_COMING is at least the size of the
    table, the index is dropped and built again at the end, even when the
    load fails. Searches meanwhile read the table without the index: slower,
    still right. Yields whether it dropped the index. Changes nothing on
    other databases, for a smaller load, or inside a transaction, where the
    dropped index would lock the table for every reader until the end.
    """
    connection = connections[using]
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or rows_coming < _table_rows(connection)
    ):
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute(GIN_INDEX_SQL)


def _table_rows(connection: BaseDatabaseWrapper) -> int:
    """Return PostgreSQL's estimate of the vacancies, or their count if it has none."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            ["vacancies_vacancy"],
        )
        rows = cursor.fetchone()[0]
        if rows < 0:  # never vacuumed or analysed
            cursor.execute("SELECT count(*) FROM vacancies_vacancy")
            rows = cursor.fetchone()[0]
    return int(rows)


def search_index_ensure(connection: BaseDatabaseWrapper) -> bool:
    """Put back a missing part of the full-text index; tell if it did.

    Runs after every migrate, because a migration that rebuilds the vacancy
    table on SQLite silently leaves the full-text index without its triggers
    and drops the oblast index of migration 0005, and a load killed inside
    search_index_deferred leaves PostgreSQL without its GIN index.
    """
    if connection.vendor == "postgresql":
        return _gin_index_ensure(connection)
    if connection.vendor != "sqlite":
        return False
    restored = _sqlite_oblast_index_ensure(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
            "AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        if FTS_TABLE not in present or not missing:
            return restored
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    logger.warning("Recreated full-text triggers %s and rebuilt the index", missing)
    return True


def _sqlite_oblast_index_ensure(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s",
            [OBLAST_INDEX],
        )
        if cursor.fetchone() is not None:
            return False
        # Only where migration 0005 stands: before it, the columns may be
        # missing; after it was reversed, the index is meant to be gone.
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
            ["django_migrations"],
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute(
            "SELECT 1 FROM django_migrations WHERE app = %s AND name = %s",
            ["vacancies", "0005_oblast_newest_index"],
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute(SQLITE_OBLAST_INDEX_SQL)
    logger.warning("Recreated the index %s lost in a rebuild of the vacancy table",
                   OBLAST_INDEX)
    return True


def _gin_index_ensure(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = %s AND indexname = %s",
            ["vacancies_vacancy", GIN_INDEX],
        )
        if cursor.fetchone() is not None:
            return False
        cursor.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s "
            "AND column_name = %s",
            ["vacancies_vacancy", TSV_COLUMN],
        )
        if cursor.fetchone() is None:  # before migration 0002_fulltext
            return False
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'")
        if cursor.fetchone() is None:  # before 0006_search_words_index
            return False
        cursor.execute(GIN_INDEX_SQL)
    logger.warning("Rebuilt the missing full-text index %s", GIN_INDEX)
    return True
