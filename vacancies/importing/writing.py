"""Write one chunk of imported vacancies: new rows in bulk, changed rows updated.

On PostgreSQL new rows go in with COPY, fed while the importer is still
reading the chunk: the database inserts rows and updates the full-text index
on one core while Python folds and stems the next texts on the other. Other
databases get batched INSERTs. When the database refuses a chunk, its rows
are written one by one so that only the culprit is rejected.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from vacancies.models import Status, Vacancy

logger = logging.getLogger(__name__)

WRITE_BATCH = 500
# Fields the importer owns; status and closing stay as the portal's
# moderators left them, except that a vacancy its source archived is closed:
# the rows that close one carry CLOSING_FIELDS too.
IMPORTED_FIELDS = [
    "employer_id",
    "title",
    "description",
    "duties",
    "requirements",
    "skills",
    "occupation_id",
    "occupation_major_id",
    "region_id",
    "oblast_id",
    "region_code",
    "is_abroad",
    "city",
    "country_code",
    "salary_from",
    "salary_to",
    "currency",
    "salary_gross",
    "salary_kzt",
    "employment_type",
    "schedule",
    "is_remote",
    "experience",
    "places",
    "language",
    "published_at",
    "source_url",
    "search_title",
    "search_document",
    "search_employer_name",
]
CLOSING_FIELDS = ["status", "close_reason", "closed_at"]
UPDATED_FIELDS = [*IMPORTED_FIELDS, "updated_at"]
# Written on insert, besides IMPORTED_FIELDS and the fields' defaults.
_INSERTED_FIELDS = [
    "source", "external_id", *CLOSING_FIELDS, "created_at", "updated_at"
]
_OPEN = {"status": Status.PUBLISHED, "close_reason": "", "closed_at": None}


@dataclass(frozen=True)
class NewRow:
    line: int
    external_id: str
    values: dict[str, Any]  # IMPORTED_FIELDS, and CLOSING_FIELDS to close it


@dataclass(frozen=True)
class ChangedRow:
    line: int
    id: int
    values: dict[str, Any]  # IMPORTED_FIELDS, and CLOSING_FIELDS to close it

    @property
    def fields(self) -> list[str]:
        """The fields its update writes."""
        closes = CLOSING_FIELDS[0] in self.values
        return [*UPDATED_FIELDS, *CLOSING_FIELDS] if closes else UPDATED_FIELDS


@dataclass
class WriteResult:
    imported: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # line, reason


def rows_write(
    *, source: str, rows: Iterable[NewRow | ChangedRow], now: dt.datetime
) -> WriteResult:
    """Insert the NewRows and update the ChangedRows of ROWS, read once."""
    new: list[NewRow] = []
    changed: list[ChangedRow] = []
    new_rows = _new_rows_of(rows, new, changed)
    try:
        with transaction.atomic():
            _insert(source, new_rows, now)
            _update(changed, now)
    except DatabaseError as error:
        # One row the checks let through spoils its chunk: write the chunk
        # row by row to keep the others and name the culprit.
        logger.warning("Chunk refused (%s); writing its rows one by one", error)
        for _row in new_rows:
            pass  # read the rest of the chunk
        return _write_one_by_one(source, new, changed, now)
    return WriteResult(imported=len(new), updated=len(changed))


def _new_rows_of(
    rows: Iterable[NewRow | ChangedRow], new: list[NewRow], changed: list[ChangedRow]
) -> Iterator[NewRow]:
    """Yield the new rows of ROWS; keep every row in NEW or CHANGED."""
    for row in rows:
        if isinstance(row, NewRow):
            new.append(row)
            yield row
        else:
            changed.append(row)


def _insert(source: str, rows: Iterator[NewRow], now: dt.datetime) -> None:
    if connection.vendor == "postgresql":
        _copy(source, rows, now)
        return
    vacancies = [_new_vacancy(source, row) for row in rows]
    Vacancy.objects.bulk_create(vacancies, batch_size=WRITE_BATCH)


def _copy(source: str, rows: Iterator[NewRow], now: dt.datetime) -> None:
    columns, defaults = _copy_layout()
    sql = f"COPY {Vacancy._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    # Errors of the driver's own COPY calls become Django's DatabaseError.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = {**_OPEN, **row.values}
                copy.write_row(
                    [
                        *(values[name] for name in IMPORTED_FIELDS),
                        source,
                        row.external_id,
                        *(values[name] for name in CLOSING_FIELDS),
                        now,
                        now,
                        *defaults,
                    ]
                )


@lru_cache(maxsize=1)
def _copy_layout() -> tuple[list[str], list[Any]]:
    """Return the quoted columns COPY writes and the defaults of the others.

    Every other concrete field gets its model default, so a field added to
    Vacancy later is filled as Django's own INSERT would fill it.
    """
    quote = connection.ops.quote_name
    written = [*IMPORTED_FIELDS, *_INSERTED_FIELDS]
    meta = Vacancy._meta
    columns = [quote(meta.get_field(name).column) for name in written]
    defaults = []
    for model_field in meta.concrete_fields:
        if model_field.primary_key or model_field.attname in written:
            continue
        columns.append(quote(model_field.column))
        defaults.append(
            model_field.get_db_prep_save(model_field.get_default(), connection)
        )
    return columns, defaults


def _update(changed: list[ChangedRow], now: dt.datetime) -> None:
    # Rows that close a vacancy are few; they are written apart from the
    # rest, which must not touch the status the portal keeps.
    groups: dict[tuple[str, ...], list[Vacancy]] = {}
    for row in changed:
        vacancy = Vacancy(id=row.id, updated_at=now, **row.values)
        groups.setdefault(tuple(row.fields), []).append(vacancy)
    for fields, vacancies in groups.items():
        Vacancy.objects.bulk_update(vacancies, fields, batch_size=WRITE_BATCH)


def _new_vacancy(source: str, row: NewRow) -> Vacancy:
    values = {**_OPEN, **row.values}
    return Vacancy(source=source, external_id=row.external_id, **values)


def _write_one_by_one(
    source: str, new: list[NewRow], changed: list[ChangedRow], now: dt.datetime
) -> WriteResult:
    result = WriteResult()
    vacancies = [(row.line, _new_vacancy(source, row), None) for row in new]
    vacancies += [
        (row.line, Vacancy(id=row.id, updated_at=now, **row.values), row.fields)
        for row in changed
    ]
    for line, vacancy, fields in vacancies:
        is_new = vacancy.pk is None
        try:
            with transaction.atomic():
                if is_new:
                    vacancy.save(force_insert=True)
                else:
                    vacancy.save(update_fields=fields)
        except DatabaseError as error:
            # PostgreSQL adds DETAIL lines; the first line names the rule.
            first_line = str(error).strip().splitlines()[0]
            reason = _("The database refused the row: %(error)s") % {
                "error": first_line
            }
            result.rejected.append((line, reason))
            continue
        if is_new:
            result.imported += 1
        else:
            result.updated += 1
    return result
