"""Import one file of real vacancies: read, resolve, upsert in batches, report.

A vacancy is known by (source, external_id), so a second import of the same
file updates rows instead of adding them, and an unchanged row is not written
at all. A file whose checksum and context match the last finished import of
it is skipped without being read.
"""

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classifiers.models import KatoUnit, Occupation
from classifiers.selectors import data_load_is_current, kato_place_index
from classifiers.services import context_digest, data_load_finish, data_load_start
from classifiers.sources import ISCO_VERSION, KATO_VERSION, file_sha256
from core.errors import ValidationFailed
from employers.importing import ImportedEmployer, employer_upsert_imported
from vacancies.currency import KZT_RATES, RATES_DATE, to_kzt
from vacancies.importing.occupations import OccupationClassifier
from vacancies.importing.places import PlaceResolver
from vacancies.importing.records import (
    RawVacancy,
    RowRejected,
    detect_source,
    read_records,
)
from vacancies.importing.text import detect_language, html_sample
from vacancies.models import Status, Vacancy
from vacancies.search_document import search_fields

logger = logging.getLogger(__name__)

# Bump when the importer starts writing different values for the same rows,
# so that the next run imports unchanged files again.
IMPORTER_VERSION = "1"
# All three files come from HeadHunter, so their employers share one source.
EMPLOYER_SOURCE = "hh"
CHUNK_SIZE = 1000
WRITE_BATCH = 500
CITY_MAX_LENGTH = 120
IMPORTED_FIELDS = [
    "employer_id", "title", "description", "duties", "requirements", "skills",
    "occupation_id", "occupation_major_id", "region_id", "oblast_id", "region_code",
    "is_abroad", "city", "country_code", "salary_from", "salary_to", "currency",
    "salary_gross", "salary_kzt", "employment_type", "schedule", "is_remote",
    "experience", "language", "published_at", "source_url", "search_title",
    "search_document",
]
# Status and closing stay as the portal's moderators left them.
UPDATED_FIELDS = [*IMPORTED_FIELDS, "updated_at"]


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
            "imported": self.imported, "updated": self.updated,
            "unchanged": self.unchanged, "duplicates": len(self.duplicates),
            "rejected": len(self.rejected),
        }

    @property
    def rows(self) -> int:
        return sum(self.counts().values())


@dataclass
class ImportContext:
    """What rows are resolved against, built once for one or more files."""

    places: PlaceResolver
    occupations: OccupationClassifier
    occupation_ids: dict[str, int]
    digest: str


def import_context_build(*, data_dir: Path | None = None) -> ImportContext:
    """Load the classifiers and, from DATA_DIR, the ESCO labels."""
    if data_dir is None:
        data_dir = Path(settings.DATA_DIR)
    index = kato_place_index()
    occupations = OccupationClassifier.from_data_dir(data_dir)
    occupation_ids = dict(
        Occupation.objects.filter(version=ISCO_VERSION).values_list("code", "id")
    )
    # The search words depend on core.text; a probe notices when it changes.
    probe = search_fields(title="Программисты Python", description="Бағдарламашылар")
    digest = context_digest(
        IMPORTER_VERSION, RATES_DATE.isoformat(), repr(sorted(KZT_RATES.items())),
        KATO_VERSION, str(KatoUnit.objects.filter(version=KATO_VERSION).count()),
        str(len(occupation_ids)), str(len(occupations.esco_labels)), repr(probe),
    )
    return ImportContext(PlaceResolver(index), occupations, occupation_ids, digest)


def vacancy_import_file(
    *, path: Path, force: bool = False, context: ImportContext | None = None,
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
            _("%(file)s is not a vacancy file the importer knows") % {"file": path.name},
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
    _import_records(path, source, context, report, progress)
    data_load_finish(load=load, counts=report.counts())
    report.seconds = time.monotonic() - started
    logger.info("Imported %s from %s: %s", source, path, report.counts())
    return report


def _import_records(
    path: Path, source: str, context: ImportContext, report: ImportReport,
    progress: Callable[[int], None] | None,
) -> None:
    first_line: dict[str, int] = {}
    chunk: list[RawVacancy] = []
    told = 0

    def flush() -> None:
        nonlocal chunk, told
        _import_chunk(chunk, source, context, report)
        chunk = []
        if progress:
            progress(report.rows - told)
            told = report.rows

    for line, record in read_records(path, source):
        if isinstance(record, RowRejected):
            report.rejected.append(RowNote(line, str(record)))
        elif record.external_id in first_line:
            reason = _("Repeats line %(line)s") % {"line": first_line[record.external_id]}
            report.duplicates.append(RowNote(line, reason))
        else:
            first_line[record.external_id] = line
            chunk.append(record)
        if len(chunk) >= CHUNK_SIZE:
            flush()
    flush()


def _import_chunk(
    chunk: list[RawVacancy], source: str, context: ImportContext, report: ImportReport
) -> None:
    if not chunk:
        return
    employers = [
        ImportedEmployer(raw.employer_external_id, raw.employer_name) for raw in chunk
    ]
    employer_ids = employer_upsert_imported(source=EMPLOYER_SOURCE, employers=employers)
    existing = {
        row["external_id"]: row
        for row in Vacancy.objects.filter(
            source=source, external_id__in=[raw.external_id for raw in chunk]
        ).values("id", "external_id", *IMPORTED_FIELDS)
    }

    now = timezone.now()
    new: list[tuple[int, Vacancy]] = []
    changed: list[tuple[int, Vacancy]] = []
    for raw in chunk:
        employer_id = employer_ids[raw.employer_external_id]
        values = _vacancy_values(raw, context, employer_id, report)
        _note_quality(raw, values, report)
        current = existing.get(raw.external_id)
        if current is None:
            vacancy = Vacancy(
                source=source, external_id=raw.external_id, status=Status.PUBLISHED,
                **values,
            )
            new.append((raw.line, vacancy))
        elif any(current[name] != value for name, value in values.items()):
            changed.append((raw.line, Vacancy(id=current["id"], updated_at=now, **values)))
        else:
            report.unchanged += 1
    _write(new, changed, report)


def _vacancy_values(
    raw: RawVacancy, context: ImportContext, employer_id: int, report: ImportReport
) -> dict[str, Any]:
    salary = raw.salary
    currency = salary.currency if salary else "KZT"
    place = context.places.resolve(
        raw.place_text, area_id=raw.area_id, currency=salary.currency if salary else None
    )
    code = context.occupations.classify(raw.title)
    occupation_id = context.occupation_ids.get(code) if code else None
    # core.text drops the tags of the sanitised description itself.
    started = time.perf_counter()
    search_title, search_document = search_fields(
        title=raw.title, description=raw.description, duties=raw.duties,
        requirements=raw.requirements,
    )
    report.search_seconds += time.perf_counter() - started
    language_sample = " ".join(
        [raw.title, raw.duties, raw.requirements, html_sample(raw.description)]
    )
    return {
        "employer_id": employer_id, "title": raw.title, "description": raw.description,
        "duties": raw.duties, "requirements": raw.requirements, "skills": raw.skills,
        "occupation_id": occupation_id,
        "occupation_major_id": context.occupation_ids.get(code[0])
        if code and occupation_id else None,
        "region_id": place.region_id, "oblast_id": place.oblast_id,
        "region_code": place.region_code, "is_abroad": place.is_abroad,
        "city": place.city[:CITY_MAX_LENGTH], "country_code": place.country_code,
        "salary_from": salary.amount_from if salary else None,
        "salary_to": salary.amount_to if salary else None,
        "currency": currency, "salary_gross": salary.gross if salary else None,
        "salary_kzt": to_kzt(salary.upper, currency)
        if salary and raw.salary_monthly else None,
        "employment_type": raw.employment_type, "schedule": raw.schedule,
        "is_remote": raw.is_remote, "experience": raw.experience,
        "language": detect_language(language_sample),
        "published_at": raw.published_at, "source_url": raw.source_url,
        "search_title": search_title, "search_document": search_document,
    }


def _note_quality(raw: RawVacancy, values: dict[str, Any], report: ImportReport) -> None:
    if values["occupation_id"] is None:
        report.unclassified += 1
    if not values["is_abroad"] and values["region_id"] is None and raw.place_text:
        report.unmatched_places[raw.place_text] += 1


def _write(
    new: list[tuple[int, Vacancy]], changed: list[tuple[int, Vacancy]],
    report: ImportReport,
) -> None:
    try:
        with transaction.atomic():
            Vacancy.objects.bulk_create([row for _, row in new], batch_size=WRITE_BATCH)
            Vacancy.objects.bulk_update(
                [row for _, row in changed], UPDATED_FIELDS, batch_size=WRITE_BATCH
            )
    except DatabaseError as error:
        # One row the checks above let through spoils its batch: write the
        # batch row by row to keep the others and name the culprit.
        logger.warning("Batch refused (%s); writing its rows one by one", error)
        _write_one_by_one(new, changed, report)
        return
    report.imported += len(new)
    report.updated += len(changed)


def _write_one_by_one(
    new: list[tuple[int, Vacancy]], changed: list[tuple[int, Vacancy]],
    report: ImportReport,
) -> None:
    for line, vacancy in new + changed:
        is_new = vacancy.pk is None
        try:
            with transaction.atomic():
                if is_new:
                    vacancy.save(force_insert=True)
                else:
                    vacancy.save(update_fields=UPDATED_FIELDS)
        except DatabaseError as error:
            reason = _("The database refused the row: %(error)s") % {"error": error}
            report.rejected.append(RowNote(line, reason))
            continue
        if is_new:
            report.imported += 1
        else:
            report.updated += 1
