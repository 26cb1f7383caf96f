"""Import one file of real vacancies: read, resolve, upsert in batches, report.

A vacancy is known by (source, external_id), so a second import of the same
file updates rows instead of adding them, and an unchanged row is not written
at all. A file whose checksum and context match the last finished import of
it is skipped without being read.
"""

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from classifiers.models import DataLoad, KatoUnit, Occupation
from classifiers.selectors import data_load_is_current, kato_place_index
from classifiers.services import context_digest, data_load_finish, data_load_start
from classifiers.sources import ISCO_VERSION, KATO_VERSION, file_sha256
from core.errors import ValidationFailed
from employers.importing import (
    ImportedEmployer,
    employer_names_imported,
    employer_rename_imported,
    employer_upsert_imported,
)
from vacancies.currency import KZT_RATES, RATES_DATE, to_kzt
from vacancies.importing.occupations import ESCO_FILE_NAME, OccupationClassifier
from vacancies.importing.places import Place, PlaceResolver
from vacancies.importing.preparing import (
    PreparedVacancy,
    PreparePool,
    prepared_records,
    worker_count,
)
from vacancies.importing.records import (
    RawVacancy,
    RowRejected,
    count_records,
    detect_source,
)
from vacancies.importing.writing import (
    CLOSING_FIELDS,
    IMPORTED_FIELDS,
    ChangedRow,
    NewRow,
    rows_write,
)
from vacancies.models import PLACES_NOT_STATED, CloseReason, Status, Vacancy
from vacancies.place_names import searched_place_names
from vacancies.search_document import employer_words, place_words, search_fields
from vacancies.search_index import search_index_deferred
from vacancies.services import vacancy_search_words_catch_up

logger = logging.getLogger(__name__)

# Bump when the importer starts writing different values for the same rows,
# so that the next run imports unchanged files again. 2: an employment type
# or schedule the source does not give is stored as "" (not stated). 3: the
# number of places is not stated (0), and archived hh records are closed.
# 4: the employer's name is among a vacancy's search words. 5: and its place.
IMPORTER_VERSION = "5"
# All three files come from HeadHunter, so their employers share one source.
EMPLOYER_SOURCE = "hh"
CHUNK_SIZE = 2000
# From this many rows a file's rows are prepared by worker processes; for
# fewer, starting them costs more than it saves.
PARALLEL_MIN_ROWS = 1000
CITY_MAX_LENGTH = 120


@dataclass(frozen=True)
class RowNote:
    line: int
    reason: str


@dataclass
class ImportReport:
    source: str
    path: str
    file_skipped: bool = False  # unchanged since the last finished import
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[RowNote] = field(default_factory=list)
    rejected: list[RowNote] = field(default_factory=list)
    unmatched_places: Counter[str] = field(default_factory=Counter)
    unclassified: int = 0
    seconds: float = 0.0
    search_seconds: float = 0.0  # spent in search_fields, for the benchmarks

    def counts(self) -> dict[str, int]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": len(self.duplicates),
            "rejected": len(self.rejected),
        }

    @property
    def rows(self) -> int:
        return sum(self.counts().values())


class ImportContext:
    """What rows are resolved against, built once for one or more files.

    The digest is cheap; the KATO index and the ESCO labels are read only
    when a file is imported, so that skipping unchanged files stays fast.
    """

    def __init__(self, *, data_dir: Path) -> None:
        self.data_dir = data_dir
        esco = data_dir / ESCO_FILE_NAME
        # The search words depend on core.text; a probe notices when it changes.
        probe = search_fields(
            title="Программисты Python", description="Бағдарламашы C# C++ 1C",
            employer="ТОО «Caspi Bank»", places=["г.Алматы", "Almaty", "Russia"],
        )
        self.digest = context_digest(
            IMPORTER_VERSION,
            RATES_DATE.isoformat(),
            repr(sorted(KZT_RATES.items())),
            KATO_VERSION,
            str(KatoUnit.objects.filter(version=KATO_VERSION).count()),
            str(Occupation.objects.filter(version=ISCO_VERSION).count()),
            *_classifier_checksums(),
            file_sha256(esco) if esco.is_file() else "no ESCO labels",
            repr(probe),
        )
        # Titles and places repeat across rows and files: each distinct one
        # is classified and resolved once.
        self._occupations_found: dict[str, tuple[int | None, int | None]] = {}
        self._places_found: dict[tuple[str, str | None, str | None], Place] = {}
        self._place_words_found: dict[tuple, str] = {}
        self._employer_words_found: dict[str, str] = {}
        # external_id -> the last spelling of the employer's name in the file
        # being imported, given to the employer when the file is done.
        self.employer_spellings: dict[str, str] = {}

    @cached_property
    def prepare_pool(self) -> PreparePool:
        return PreparePool(workers=worker_count())

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if "prepare_pool" in self.__dict__:
            self.prepare_pool.close()

    @cached_property
    def places(self) -> PlaceResolver:
        return PlaceResolver(kato_place_index())

    @cached_property
    def occupations(self) -> OccupationClassifier:
        return OccupationClassifier.from_data_dir(self.data_dir)

    @cached_property
    def occupation_ids(self) -> dict[str, int]:
        groups = Occupation.objects.filter(version=ISCO_VERSION)
        return dict(groups.values_list("code", "id"))

    @cached_property
    def unit_names(self) -> dict[int, tuple[str, str, str]]:
        units = KatoUnit.objects.filter(version=KATO_VERSION)
        return {
            pk: names
            for pk, *names in units.values_list("id", "name_kk", "name_ru", "name_en")
        }

    def employer_words_of(self, name: str) -> str:
        """The search words of an employer's NAME, once per distinct name."""
        words = self._employer_words_found.get(name)
        if words is None:
            words = self._employer_words_found[name] = employer_words(name)
        return words

    def place_words_of(self, place: dict[str, Any]) -> str:
        """The search words of a vacancy's place, as _place_values gives it."""
        key = tuple(place[name] for name in _PLACE_KEY)
        words = self._place_words_found.get(key)
        if words is None:
            units = [
                self.unit_names[pk]
                for pk in dict.fromkeys((place["region_id"], place["oblast_id"]))
                if pk in self.unit_names
            ]
            words = self._place_words_found[key] = place_words(searched_place_names(
                city=place["city"], units=units, country_code=place["country_code"],
                is_abroad=place["is_abroad"],
            ))
        return words

    def load(self) -> None:
        """Read what rows are resolved against now, not halfway through a chunk.

        The chunk's rows are resolved while its COPY holds the connection,
        where a query would wait for the COPY, and the COPY for the rows.
        """
        for name in ("places", "occupations", "occupation_ids", "unit_names"):
            getattr(self, name)  # fills the cached property

    def occupation_of(self, title: str) -> tuple[int | None, int | None]:
        """Return (occupation id, major group id) for TITLE; None where unknown."""
        found = self._occupations_found.get(title)
        if found is None:
            code = self.occupations.classify(title)
            occupation_id = self.occupation_ids.get(code) if code else None
            major_id = self.occupation_ids.get(code[0]) if occupation_id else None
            found = self._occupations_found[title] = (occupation_id, major_id)
        return found

    def place_of(self, text: str, area_id: str | None, currency: str | None) -> Place:
        key = (text, area_id, currency)
        found = self._places_found.get(key)
        if found is None:
            found = self.places.resolve(text, area_id=area_id, currency=currency)
            self._places_found[key] = found
        return found


def import_context_build(*, data_dir: Path | None = None) -> ImportContext:
    """Return the context for imports; DATA_DIR (default settings.DATA_DIR)
    may hold esco_occupations_en.csv."""
    return ImportContext(data_dir=Path(data_dir or settings.DATA_DIR))


def _classifier_checksums() -> list[str]:
    """Return the file checksums of the last classifier loads."""
    checksums = []
    for source in ("kato", "isco", "isco_titles"):
        latest = (
            DataLoad.objects.filter(source=source, finished_at__isnull=False)
            .order_by("-finished_at", "-id")
            .values_list("sha256", flat=True)
            .first()
        )
        checksums.append(latest or "")
    return checksums


def vacancy_import_file(
    *,
    path: Path,
    force: bool = False,
    context: ImportContext | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import the vacancies of PATH, whichever of the three formats it is in.

    PROGRESS, when given, is called with the number of records done since its
    last call. Raises ValidationFailed when the file is of no known format.
    """
    started = time.monotonic()
    source = detect_source(path)
    if source is None:
        raise ValidationFailed(
            _("%(file)s is not a vacancy file the importer knows")
            % {"file": path.name},
            code="unknown_format",
        )
    path = path.resolve()
    context = context or import_context_build()
    report = ImportReport(source=source, path=str(path))
    sha256 = file_sha256(path)
    if not force and data_load_is_current(
        source=source, path=str(path), sha256=sha256, context=context.digest
    ):
        report.file_skipped = True
        return report

    load = data_load_start(
        source=source, path=str(path), sha256=sha256, context=context.digest
    )
    rows_coming = count_records(path, source)
    parallel = rows_coming >= PARALLEL_MIN_ROWS and context.prepare_pool.workers > 1
    pool = context.prepare_pool if parallel else None
    with search_index_deferred(rows_coming=rows_coming):
        _import_records(path, source, context, report, progress, pool)
    data_load_finish(load=load, counts=report.counts())
    report.seconds = time.monotonic() - started
    logger.info("Imported %s from %s: %s", source, path, report.counts())
    return report


def _import_records(
    path: Path,
    source: str,
    context: ImportContext,
    report: ImportReport,
    progress: Callable[[int], None] | None,
    pool: PreparePool | None,
) -> None:
    context.load()
    first_line: dict[str, int] = {}
    chunk: list[PreparedVacancy] = []
    told = 0
    if progress:
        progress(0)

    def flush() -> None:
        nonlocal chunk, told
        _import_chunk(chunk, source, context, report)
        chunk = []
        if progress:
            progress(report.rows - told)
            told = report.rows

    for line, record in prepared_records(path, source, pool=pool):
        if isinstance(record, RowRejected):
            report.rejected.append(RowNote(line, str(record)))
        elif record.external_id in first_line:
            reason = _("Repeats line %(line)s") % {
                "line": first_line[record.external_id]
            }
            report.duplicates.append(RowNote(line, reason))
        else:
            first_line[record.external_id] = line
            chunk.append(record)
        if len(chunk) >= CHUNK_SIZE:
            flush()
    flush()
    _rename_employers(context)


def _rename_employers(context: ImportContext) -> None:
    """Give the file's employers its last spelling of their names, and their
    vacancies (in every file) the words of the new names."""
    renamed = employer_rename_imported(
        source=EMPLOYER_SOURCE, names=context.employer_spellings
    )
    context.employer_spellings = {}
    if renamed:
        vacancy_search_words_catch_up(employer_ids=renamed)


def _import_chunk(
    chunk: list[PreparedVacancy],
    source: str,
    context: ImportContext,
    report: ImportReport,
) -> None:
    if not chunk:
        return
    employers = [
        ImportedEmployer(row.raw.employer_external_id, row.raw.employer_name)
        for row in chunk
    ]
    # Employers are created here but renamed only at the end of the file
    # (_import_records): a company renamed within the file (Тинькофф, later
    # Т-Банк) would otherwise change name from chunk to chunk, and its words
    # with it, so that a second import of the same file rewrote its rows.
    employer_ids = employer_upsert_imported(
        source=EMPLOYER_SOURCE, employers=employers, rename=False
    )
    # The search words carry each employer's stored name, as the worker's
    # catch-up (vacancy_search_words_catch_up) would write it.
    employer_names = employer_names_imported(
        source=EMPLOYER_SOURCE, external_ids=employer_ids
    )
    for employer in employers:
        context.employer_spellings[employer.external_id] = employer.name
    existing = {
        row["external_id"]: row
        for row in Vacancy.objects.filter(
            source=source, external_id__in=[row.external_id for row in chunk]
        ).values("id", "external_id", "status", *IMPORTED_FIELDS)
    }
    now = timezone.now()

    def rows() -> Iterator[NewRow | ChangedRow]:
        # Read while the chunk is written: see vacancies.importing.writing.
        for row in chunk:
            raw = row.raw
            employer_id = employer_ids[raw.employer_external_id]
            values = _vacancy_values(
                row, context, report, employer_id=employer_id,
                employer_name=employer_names[raw.employer_external_id],
            )
            _note_quality(raw, values, report)
            current = existing.get(raw.external_id)
            closes = raw.archived and (
                current is None or current["status"] != Status.CLOSED
            )
            if closes:
                values |= _closing_values(now)
            if current is None:
                yield NewRow(raw.line, raw.external_id, values)
            elif closes or any(
                current[name] != value for name, value in values.items()
            ):
                yield ChangedRow(raw.line, current["id"], values)
            else:
                report.unchanged += 1

    written = rows_write(source=source, rows=rows(), now=now)
    report.imported += written.imported
    report.updated += written.updated
    report.rejected += [RowNote(line, reason) for line, reason in written.rejected]


def _vacancy_values(
    row: PreparedVacancy,
    context: ImportContext,
    report: ImportReport,
    *,
    employer_id: int,
    employer_name: str,
) -> dict[str, Any]:
    """Return the imported fields of a vacancy, as IMPORTED_FIELDS names them."""
    raw = row.raw
    occupation_id, major_id = context.occupation_of(raw.title)
    report.search_seconds += row.search_seconds
    place = _place_values(raw, context)
    # The name's and the place's words come last, as search_fields puts them.
    document = " ".join(filter(None, [
        row.search_document,
        context.employer_words_of(employer_name),
        context.place_words_of(place),
    ]))
    return {
        "employer_id": employer_id,
        "title": raw.title,
        "description": raw.description,
        "duties": raw.duties,
        "requirements": raw.requirements,
        "skills": raw.skills,
        "language": row.language,
        "search_title": row.search_title,
        "search_document": document,
        "search_employer_name": employer_name,
        "occupation_id": occupation_id,
        "occupation_major_id": major_id,
        **place,
        **_salary_values(raw),
        "employment_type": raw.employment_type,
        "schedule": raw.schedule,
        "is_remote": raw.is_remote,
        "experience": raw.experience,
        "places": PLACES_NOT_STATED,  # no source gives the number
        "published_at": raw.published_at,
        "source_url": raw.source_url,
    }


def _closing_values(now: dt.datetime) -> dict[str, Any]:
    """Close a vacancy its source has archived; one closed already stays as is.

    The source gives no reason; an archive holds vacancies that ended, so
    "expired" is the closest. The portal closed it when the import saw that.
    """
    closing = [Status.CLOSED, CloseReason.EXPIRED, now]
    return dict(zip(CLOSING_FIELDS, closing, strict=True))


_PLACE_KEY = ("city", "country_code", "is_abroad", "region_id", "oblast_id")


def _place_values(raw: RawVacancy, context: ImportContext) -> dict[str, Any]:
    currency = raw.salary.currency if raw.salary else None
    place = context.place_of(raw.place_text, raw.area_id, currency)
    return {
        "region_id": place.region_id,
        "oblast_id": place.oblast_id,
        "region_code": place.region_code,
        "is_abroad": place.is_abroad,
        "city": place.city[:CITY_MAX_LENGTH],
        "country_code": place.country_code,
    }


def _salary_values(raw: RawVacancy) -> dict[str, Any]:
    salary = raw.salary
    if salary is None:
        return {
            "salary_from": None,
            "salary_to": None,
            "currency": "KZT",
            "salary_gross": None,
            "salary_kzt": None,
        }
    # An amount per shift or rotation would mislead a monthly salary filter.
    in_tenge = to_kzt(salary.upper, salary.currency) if raw.salary_monthly else None
    return {
        "salary_from": salary.amount_from,
        "salary_to": salary.amount_to,
        "currency": salary.currency,
        "salary_gross": salary.gross,
        "salary_kzt": in_tenge,
    }


def _note_quality(
    raw: RawVacancy, values: dict[str, Any], report: ImportReport
) -> None:
    if values["occupation_id"] is None:
        report.unclassified += 1
    if not values["is_abroad"] and values["region_id"] is None and raw.place_text:
        report.unmatched_places[raw.place_text] += 1
