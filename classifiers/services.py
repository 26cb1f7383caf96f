"""Loads of the classifiers, and the record of every data load.

Loads upsert by (version, code): a unit keeps its internal id from one load to
the next, so vacancies keep pointing at it. Nothing is deleted; a unit missing
from a new file stays for the rows that refer to it.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from classifiers.codes import isco_parent_code, kato_parent_code, kato_tree_prefix
from classifiers.models import DataLoad, KatoUnit, Occupation
from classifiers.romanisation import kato_english_name
from classifiers.selectors import data_load_is_current
from classifiers.sources import (
    ISCO_FILE,
    ISCO_TITLES_FILE,
    ISCO_VERSION,
    KATO_FILE,
    KATO_VERSION,
    IscoRow,
    KatoRow,
    RowProblem,
    TitleRow,
    file_sha256,
    read_isco,
    read_kato,
    read_kato_english,
    read_titles,
)

logger = logging.getLogger(__name__)

# Bump when a loader starts writing different values for the same file, so
# that the next run loads the files again instead of skipping them.
LOADER_VERSION = "2"  # 2: romanised English names of KATO units
_KATO_FIELDS = [
    "level", "type_code", "name_ru", "name_kk", "name_en", "name_en_romanised",
    "tree_prefix", "parent_id",
]
_ISCO_FIELDS = ["level", "title_en", "parent_id"]
_TITLE_FIELDS = ["title_kk", "title_ru", "titles_official"]
Row = TypeVar("Row", KatoRow, IscoRow, TitleRow)


@dataclass
class LoadResult:
    source: str
    path: str
    skipped: bool = False  # the file is unchanged since the last finished load
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.problems),
        }


def context_digest(*parts: str) -> str:
    """Digest the things besides the file that decide what a load writes."""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def data_load_start(*, source: str, path: str, sha256: str, context: str) -> DataLoad:
    return DataLoad.objects.create(
        source=source,
        path=path,
        sha256=sha256,
        context=context,
        started_at=timezone.now(),
    )


def data_load_finish(*, load: DataLoad, counts: dict[str, int]) -> None:
    load.counts = counts
    load.finished_at = timezone.now()
    load.save(update_fields=["counts", "finished_at"])


def kato_units_load(
    *,
    path: Path = KATO_FILE,
    version: str = KATO_VERSION,
    english: Path | None = None,
    force: bool = False,
) -> LoadResult:
    """Upsert the KATO units of PATH, with parents and tree prefixes.

    ENGLISH, when given, is a CSV of code and name_en (the shipped one is
    KATO_ENGLISH_FILE); its problems are reported with the KATO file's. Units
    it does not name get a romanisation of their Kazakh name, marked as such.
    """
    english_names: dict[str, tuple[int, str]] = {}
    english_problems: list[RowProblem] = []
    if english is not None:
        english_names, english_problems = read_kato_english(english)

    def load(result: LoadResult) -> None:
        rows, result.problems = read_kato(path)
        result.problems += english_problems
        rows = _first_of_each_code(rows, result.problems)
        foreign = {
            row.version for row in rows if row.version and row.version != version
        }
        if foreign:
            logger.warning(
                "KATO file %s names editions %s; loading as %s",
                path,
                sorted(foreign),
                version,
            )
        codes = {row.code for row in rows}
        result.problems += [
            RowProblem(
                line,
                _("No KATO unit %(code)s to give an English name to")
                % {"code": code},
            )
            for code, (line, _name) in english_names.items()
            if code not in codes
        ]
        _upsert_kato(rows, version, english_names, result)

    english_sha = file_sha256(english) if english is not None else ""
    context = context_digest(LOADER_VERSION, version, english_sha)
    return _load_once(source="kato", path=path, context=context, force=force, load=load)


def occupations_load(
    *, path: Path = ISCO_FILE, version: str = ISCO_VERSION, force: bool = False
) -> LoadResult:
    """Upsert the ISCO-08 groups of PATH with their English titles."""

    def load(result: LoadResult) -> None:
        rows, result.problems = read_isco(path)
        _upsert_isco(_first_of_each_code(rows, result.problems), version, result)

    context = context_digest(LOADER_VERSION, version)
    return _load_once(source="isco", path=path, context=context, force=force, load=load)


def occupation_titles_load(
    *, path: Path = ISCO_TITLES_FILE, version: str = ISCO_VERSION, force: bool = False
) -> LoadResult:
    """Set the Kazakh and Russian titles of ISCO groups from PATH.

    Load the groups first. An unofficial title never replaces an official one.
    """

    def load(result: LoadResult) -> None:
        rows, result.problems = read_titles(path)
        _apply_titles(_first_of_each_code(rows, result.problems), version, result)

    # The titles land on groups that the ISCO load creates; a new group set
    # must see the titles again.
    groups = Occupation.objects.filter(version=version).count()
    context = context_digest(LOADER_VERSION, version, str(groups))
    return _load_once(
        source="isco_titles", path=path, context=context, force=force, load=load
    )


def _load_once(
    *,
    source: str,
    path: Path,
    context: str,
    force: bool,
    load: Callable[[LoadResult], None],
) -> LoadResult:
    path = path.resolve()
    sha256 = file_sha256(path)
    result = LoadResult(source=source, path=str(path))
    if not force and data_load_is_current(
        source=source, path=str(path), sha256=sha256, context=context
    ):
        result.skipped = True
        return result

    with transaction.atomic():
        record = data_load_start(
            source=source, path=str(path), sha256=sha256, context=context
        )
        load(result)
        result.problems.sort(key=lambda problem: problem.line)
        data_load_finish(load=record, counts=result.counts())

    logger.info("Loaded %s from %s: %s", source, path, result.counts())
    return result


def _first_of_each_code(rows: list[Row], problems: list[RowProblem]) -> list[Row]:
    first_line: dict[str, int] = {}
    kept: list[Row] = []
    for row in rows:
        if row.code in first_line:
            reason = _("Code %(code)s repeats line %(line)s") % {
                "code": row.code,
                "line": first_line[row.code],
            }
            problems.append(RowProblem(row.line, reason))
            continue
        first_line[row.code] = row.line
        kept.append(row)
    return kept


def _upsert_kato(
    rows: list[KatoRow],
    version: str,
    english_names: dict[str, tuple[int, str]],
    result: LoadResult,
) -> None:
    existing = {unit.code: unit for unit in KatoUnit.objects.filter(version=version)}
    known = set(existing) | {row.code for row in rows}
    ids = {code: unit.id for code, unit in existing.items()}
    # Level by level, so that every parent has its id before its children.
    for level in (1, 2, 3, 4):
        new: list[KatoUnit] = []
        changed: list[KatoUnit] = []
        for row in (row for row in rows if row.level == level):
            parent_code = kato_parent_code(row.code, level, known)
            values = {
                "level": level,
                "type_code": row.type_code,
                "name_ru": row.name_ru,
                "name_kk": row.name_kk,
                **_english_name(row, english_names),
                "tree_prefix": kato_tree_prefix(row.code, level),
                "parent_id": ids.get(parent_code) if parent_code else None,
            }
            key = {"code": row.code, "version": version}
            _sort(existing.get(row.code), values, new, changed, result, KatoUnit, key)
        KatoUnit.objects.bulk_create(new, batch_size=1000)
        KatoUnit.objects.bulk_update(changed, _KATO_FIELDS, batch_size=500)
        level_ids = KatoUnit.objects.filter(version=version, level=level)
        ids.update(level_ids.values_list("code", "id"))


def _english_name(
    row: KatoRow, english_names: dict[str, tuple[int, str]]
) -> dict[str, object]:
    """The curated English name where there is one, else the romanised one."""
    if row.code in english_names:
        return {"name_en": english_names[row.code][1], "name_en_romanised": False}
    return {"name_en": kato_english_name(row.name_kk)[:255], "name_en_romanised": True}


def _upsert_isco(rows: list[IscoRow], version: str, result: LoadResult) -> None:
    existing = {
        group.code: group for group in Occupation.objects.filter(version=version)
    }
    ids = {code: group.id for code, group in existing.items()}
    for level in (1, 2, 3, 4):
        new: list[Occupation] = []
        changed: list[Occupation] = []
        for row in (row for row in rows if len(row.code) == level):
            parent_code = isco_parent_code(row.code)
            values = {
                "level": level,
                "title_en": row.title_en,
                "parent_id": ids.get(parent_code) if parent_code else None,
            }
            key = {"code": row.code, "version": version}
            _sort(existing.get(row.code), values, new, changed, result, Occupation, key)
        Occupation.objects.bulk_create(new, batch_size=1000)
        Occupation.objects.bulk_update(changed, _ISCO_FIELDS, batch_size=500)
        level_ids = Occupation.objects.filter(version=version, level=level)
        ids.update(level_ids.values_list("code", "id"))


def _sort(
    current: Model | None,
    values: dict[str, object],
    new: list,
    changed: list,
    result: LoadResult,
    model: type[Model],
    key: dict[str, str],
) -> None:
    """Put a row into NEW, CHANGED or the unchanged count."""
    if current is None:
        new.append(model(**key, **values))
        result.created += 1
    elif any(getattr(current, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(current, name, value)
        changed.append(current)
        result.updated += 1
    else:
        result.unchanged += 1


def _apply_titles(rows: list[TitleRow], version: str, result: LoadResult) -> None:
    groups = {group.code: group for group in Occupation.objects.filter(version=version)}
    changed: list[Occupation] = []
    for row in rows:
        group = groups.get(row.code)
        if group is None:
            reason = _("No ISCO group %(code)s to give titles to; load ISCO first") % {
                "code": row.code,
            }
            result.problems.append(RowProblem(row.line, reason))
            continue
        if group.titles_official and not row.official:
            result.unchanged += 1
            continue
        values = {
            "title_kk": row.title_kk or group.title_kk,
            "title_ru": row.title_ru or group.title_ru,
            "titles_official": row.official,
        }
        _sort(group, values, [], changed, result, Occupation, {})
    Occupation.objects.bulk_update(changed, _TITLE_FIELDS, batch_size=500)
