"""Nightly integrity checks of the database and the stored files (Rules, 4.2).

- the database: SQLite's own integrity and foreign-key checks; on
  PostgreSQL, constraints and indexes left invalid; on both, rows whose
  foreign key points to a row that does not exist (possible where a
  constraint is not enforced, or on SQLite with foreign keys switched off);
- the files: every file a FileField names exists in its storage; every
  file whose checksum a feature records still has it (a feature offers its
  recorded checksums with a selector named `stored_file_checksums()` that
  yields (storage, name, sha256); operations reads no other room's models);
  and every stored file that the newest backup set lists still has the
  SHA-256 of its manifest. Stored files are written once under a new name,
  so a file whose bytes changed since the backup is damaged.

Problems are reported to the registry of incidents (source "monitoring"),
one incident per kind; a clean run resolves them.
"""

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import connection, models
from django.utils.module_loading import module_has_submodule

from operations.health import OK
from operations.services import heartbeat_record

logger = logging.getLogger(__name__)

CHECKSUM_SELECTOR = "stored_file_checksums"
DATABASE_FINGERPRINT = "integrity:database"
FILES_FINGERPRINT = "integrity:files"
LISTED_PROBLEMS = 50
CHUNK = 1024 * 1024


@dataclass
class IntegrityReport:
    database: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.database and not self.files


def integrity_check() -> IntegrityReport:
    """Run every check, report problems as incidents, resolve what is clean."""
    report = IntegrityReport(
        database=database_problems(), files=[],
    )
    report.files, report.files_checked = file_problems()

    _follow_up(DATABASE_FINGERPRINT, "The database failed its integrity check",
               report.database)
    _follow_up(FILES_FINGERPRINT, "Stored files are missing or changed",
               report.files)
    heartbeat_record(name="integrity")
    logger.info("integrity check: %s database and %s file problems",
                len(report.database), len(report.files))
    return report


def database_problems() -> list[str]:
    problems = list(_engine_problems())
    problems += list(_orphans())
    return problems


def _engine_problems() -> Iterator[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            for (line,) in cursor.fetchall():
                if line != OK:
                    yield f"SQLite: {line}"
            cursor.execute("PRAGMA foreign_key_check")
            for table, rowid, parent, _ in cursor.fetchall()[:LISTED_PROBLEMS]:
                yield f"row {rowid} of {table} points to a missing row of {parent}"
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                "WHERE NOT convalidated"
            )
            for table, name in cursor.fetchall():
                yield f"constraint {name} of {table} is not validated"
            cursor.execute(
                "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid"
            )
            for (name,) in cursor.fetchall():
                yield f"index {name} is invalid"


def _orphans() -> Iterator[str]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for fk in _foreign_keys(model):
            target = fk.related_model
            orphans = (
                model._base_manager.filter(**{f"{fk.attname}__isnull": False})
                .exclude(**{f"{fk.attname}__in": target._base_manager.values("pk")})
                .count()
            )
            if orphans:
                yield (f"{orphans} rows of {model._meta.db_table} point to missing "
                       f"rows of {target._meta.db_table} ({fk.name})")


def _foreign_keys(model: type[models.Model]) -> Iterable[models.ForeignKey]:
    return [
        item for item in model._meta.get_fields()
        if isinstance(item, models.ForeignKey) and item.concrete
    ]


def file_problems() -> tuple[list[str], int]:
    """Return the problems of stored files and how many files were checked."""
    problems: list[str] = []
    checked = 0
    for storage, name in _referenced_files():
        checked += 1
        if not storage.exists(name):
            problems.append(f"file {name} is referenced but missing")
    for storage, name, expected in _recorded_checksums():
        checked += 1
        if not storage.exists(name):
            problems.append(f"file {name} is missing")
        elif _sha256(storage, name) != expected:
            problems.append(f"file {name} does not match its recorded checksum")
    for name, expected, set_id in _backed_up_checksums():
        checked += 1
        if _sha256(default_storage, name) != expected:
            problems.append(f"file {name} has changed since backup set {set_id}")
    return problems[:LISTED_PROBLEMS], checked


def _referenced_files() -> Iterator[tuple[Storage, str]]:
    for model in apps.get_models():
        file_fields = [
            item for item in model._meta.get_fields()
            if isinstance(item, models.FileField)
        ]
        for file_field in file_fields:
            names = (
                model._base_manager.exclude(**{file_field.attname: ""})
                .exclude(**{f"{file_field.attname}__isnull": True})
                .values_list(file_field.attname, flat=True)
            )
            for name in names.iterator():
                yield file_field.storage, name


def _recorded_checksums() -> Iterator[tuple[Storage, str, str]]:
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "selectors"):
            continue
        module = import_module(f"{config.name}.selectors")
        reader = getattr(module, CHECKSUM_SELECTOR, None)
        if reader is not None:
            yield from reader()


def _backed_up_checksums() -> Iterator[tuple[str, str, str]]:
    """(name, sha256, set id) of the newest set's files still stored."""
    from operations.backup import backup_sets

    sets = backup_sets()
    if not sets:
        return
    newest = sets[0]
    for item in newest.manifest.get("files", []):
        if default_storage.exists(item["name"]):
            yield item["name"], item["sha256"], newest.set_id


def _sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _follow_up(fingerprint: str, title: str, problems: list[str]) -> None:
    from incidents.services import incident_report, incident_resolve_by_fingerprint

    if not problems:
        incident_resolve_by_fingerprint(
            fingerprint=fingerprint, actor="monitoring",
            resolution="The nightly integrity check found no problem.",
        )
        return
    logger.error("%s: %s", title, "; ".join(problems[:5]),
                 extra={"incident_reported": True})
    incident_report(
        source="monitoring", title=title, fingerprint=fingerprint,
        severity="high", function="administration",
        description="\n".join(problems), actor="monitoring",
    )
