"""One full-text index that also holds each vacancy's oblast and publication time.

The GIN index of 0002_fulltext held the words alone. A broad word at a
million vacancies (`менеджер`, 66,000 rows) then cost 14-20 ms just to turn
its posting list into a bitmap, before PostgreSQL intersected it with the
date window or the oblast's 50,000 rows from a btree (docs/benchmarks.md).
With the oblast (as a one-element array) and `published_at` as further
columns of the same GIN index, PostgreSQL intersects them inside the index
and only the rows in all of them reach the bitmap: 4-5 ms for the same
searches. `published_at` needs the `btree_gin` extension, which ships with
PostgreSQL and is trusted (a database owner may create it).

The oblast is indexed as `ARRAY[oblast_id]` rather than as the plain column:
the selectors ask for it with the array operator `&&`, which no btree index
serves, because given `oblast_id = n` the planner preferred to AND the
btree's 50,000 rows with the word's bitmap, five times slower.

The migration is not atomic so that PostgreSQL builds the new index
CONCURRENTLY, without blocking writes; the old index goes only once the new
one is valid. SQLite's FTS5 index is unchanged.
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

INDEX = "vacancy_search_words"
OLD_INDEX = "vacancy_search_tsv"
# vacancies.search_index.GIN_INDEX_SQL repeats this definition for the
# imports that drop the index during a large load and build it again.
COLUMNS = "search_tsv, (ARRAY[oblast_id]), published_at"

POSTGRESQL_FORWARD = [
    # A concurrent build that failed leaves an invalid index behind, which
    # IF NOT EXISTS would keep; drop it so that the build starts again.
    f"""
    DO $$ BEGIN
        IF EXISTS (
            SELECT 1 FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid
            WHERE relname = '{INDEX}' AND NOT indisvalid
            AND relnamespace = current_schema()::regnamespace
        ) THEN
            DROP INDEX {INDEX};
        END IF;
    END $$
    """,
    f"""
    CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON vacancies_vacancy
    USING gin ({COLUMNS})
    """,
    f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX}",
]
POSTGRESQL_BACKWARD = [
    f"""
    CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX} ON vacancies_vacancy
    USING gin (search_tsv)
    """,
    f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}",
]


def _run(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_FORWARD)


def drop_index(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_BACKWARD)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY refuses to run in a transaction

    dependencies = [("vacancies", "0005_oblast_newest_index")]
    operations = [
        BtreeGinExtension(),  # does nothing on SQLite
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
