"""An index that reads one oblast's vacancies newest first, filters included.

A search filtered by a level-1 region (oblast or city of republican
significance) and sorted newest first matched 0.4 % of a million vacancies
through two bitmap indexes and 20,000 heap pages (docs/benchmarks.md). This
index holds the oblast's rows in the search's order, the columns its usual
filters test and those the candidates read (selectors._SAMPLE_FIELDS), so
the newest matches are read from the index alone until enough are found.

Written out as SQL, like 0002_fulltext, because the order must be NULLS LAST
on PostgreSQL and Django's index declarations cannot say so on SQLite. The
migration is not atomic so that PostgreSQL builds the index CONCURRENTLY,
without blocking writes to a large table.
"""

from django.db import migrations

INDEX = "vacancy_oblast_newest"

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
    (status, oblast_id, published_at DESC NULLS LAST, id DESC)
    INCLUDE (
        salary_kzt, employment_type, expires_on,
        occupation_major_id, is_remote, is_abroad
    )
    """,
]
POSTGRESQL_BACKWARD = [f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}"]

# SQLite has no INCLUDE; the columns go at the end of the key instead. NULLs
# sort last in a descending SQLite index, as the search asks.
SQLITE_FORWARD = [
    f"""
    CREATE INDEX IF NOT EXISTS {INDEX} ON vacancies_vacancy (
        status, oblast_id, published_at DESC, id DESC,
        salary_kzt, employment_type, expires_on,
        occupation_major_id, is_remote, is_abroad
    )
    """,
]
SQLITE_BACKWARD = [f"DROP INDEX IF EXISTS {INDEX}"]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, direction: int) -> None:
    vendor = schema_editor.connection.vendor
    for statement in STATEMENTS.get(vendor, ((), ()))[direction]:
        schema_editor.execute(statement)


def _sqlite_analyze(schema_editor) -> None:
    """Give the new index statistics where SQLite keeps them for the others.

    With figures for every other index and none for this one, SQLite chose
    it for text searches and ran them up to seven times slower (measured at
    200,000 vacancies); a database never analysed keeps its default guesses.
    """
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        )
        if cursor.fetchone() is not None:
            cursor.execute(f"ANALYZE {INDEX}")


def create_index(apps, schema_editor):
    _run(schema_editor, 0)
    if schema_editor.connection.vendor == "sqlite":
        _sqlite_analyze(schema_editor)


def drop_index(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY refuses to run in a transaction

    dependencies = [("vacancies", "0004_field_labels")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
