"""Full-text index over Vacancy.search_document, one design per database.

The words in search_document are already folded and stemmed in Python
(core.text.search_tokens), so each database only has to match whole words:

- SQLite: an FTS5 table with external content (the vacancy table itself),
  kept in sync by triggers; the unicode61 tokenizer without diacritics
  removal keeps every word exactly as Python wrote it.
- PostgreSQL: a stored generated tsvector column made of the words as they
  are (array_to_tsvector: no parser, no dictionary), a GIN index over it, and
  two btree indexes whose NULLS LAST order matches the sort of the search.

The statements are written out here rather than imported, so that later
changes to the application cannot change what this migration did.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE vacancies_vacancy_fts USING fts5(
        search_document,
        content='vacancies_vacancy',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER vacancies_vacancy_fts_insert AFTER INSERT ON vacancies_vacancy
    BEGIN
        INSERT INTO vacancies_vacancy_fts (rowid, search_document)
        VALUES (new.id, new.search_document);
    END
    """,
    """
    CREATE TRIGGER vacancies_vacancy_fts_delete AFTER DELETE ON vacancies_vacancy
    BEGIN
        INSERT INTO vacancies_vacancy_fts
            (vacancies_vacancy_fts, rowid, search_document)
        VALUES ('delete', old.id, old.search_document);
    END
    """,
    """
    CREATE TRIGGER vacancies_vacancy_fts_update
    AFTER UPDATE OF id, search_document ON vacancies_vacancy
    BEGIN
        INSERT INTO vacancies_vacancy_fts
            (vacancies_vacancy_fts, rowid, search_document)
        VALUES ('delete', old.id, old.search_document);
        INSERT INTO vacancies_vacancy_fts (rowid, search_document)
        VALUES (new.id, new.search_document);
    END
    """,
    "INSERT INTO vacancies_vacancy_fts (vacancies_vacancy_fts) VALUES ('rebuild')",
    # Covers what search filters on and reads for its candidates: SQLite
    # stores the long texts before these columns in each row, and reaching
    # them means walking the row's overflow pages.
    """
    CREATE INDEX vacancy_search_cover ON vacancies_vacancy (
        status, published_at DESC, id DESC, expires_on, region_code, salary_kzt,
        employment_type, is_remote, is_abroad, oblast_id, occupation_major_id
    )
    """,
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS vacancy_search_cover",
    "DROP TRIGGER IF EXISTS vacancies_vacancy_fts_update",
    "DROP TRIGGER IF EXISTS vacancies_vacancy_fts_delete",
    "DROP TRIGGER IF EXISTS vacancies_vacancy_fts_insert",
    "DROP TABLE IF EXISTS vacancies_vacancy_fts",
]

POSTGRESQL_FORWARD = [
    """
    ALTER TABLE vacancies_vacancy ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (
        array_to_tsvector(array_remove(string_to_array(search_document, ' '), ''))
    ) STORED
    """,
    # Kept in the row (compressed) rather than moved out to TOAST, so that
    # checking a row read along the newest-first index costs no extra lookup.
    "ALTER TABLE vacancies_vacancy ALTER COLUMN search_tsv SET STORAGE MAIN",
    "CREATE INDEX vacancy_search_tsv ON vacancies_vacancy USING gin (search_tsv)",
    """
    CREATE INDEX vacancy_newest_nl ON vacancies_vacancy
    (status, published_at DESC NULLS LAST, id DESC)
    """,
    """
    CREATE INDEX vacancy_salary_nl ON vacancies_vacancy
    (status, salary_kzt DESC NULLS LAST, id DESC)
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS vacancy_salary_nl",
    "DROP INDEX IF EXISTS vacancy_newest_nl",
    "DROP INDEX IF EXISTS vacancy_search_tsv",
    "ALTER TABLE vacancies_vacancy DROP COLUMN IF EXISTS search_tsv",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, direction: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"Full-text search has no index for the {vendor} database.")
    for statement in STATEMENTS[vendor][direction]:
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(schema_editor, 0)


def drop_index(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
