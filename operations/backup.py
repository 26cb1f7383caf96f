"""Backup sets: write, check, restore and prune them (Rules, 4.2).

A set is one folder under BACKUP_DIR named by its set id, holding three
parts whose names start with that id:

    20260615-020000-a1b2c3/
        20260615-020000-a1b2c3.database.sqlite3   (or .database.pgdump)
        20260615-020000-a1b2c3.files.tar.gz       (every file of default_storage)
        20260615-020000-a1b2c3.manifest.json

The manifest names the application version, the last applied migration of
each app (and the full list), row counts per table, every stored file with
its SHA-256, and the SHA-256 of the two other parts. A set is written into a
hidden folder and renamed into place only when complete, so a folder with a
set id as its name is always a whole set.
"""

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import shutil
import tarfile
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ValidationFailed
from core.localtime import ALMATY
from operations import conf
from operations.dbengines import engine_for, live_tables
from operations.models import BackupRecord, BackupStatus
from security.services import security_event_record

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
MANIFEST_FORMAT = 1
CHUNK = 1024 * 1024
DATABASE_PART = "database"
FILES_PART = "files.tar.gz"
MANIFEST_PART = "manifest.json"
PARTIAL_PREFIX = ".partial-"
BACKUP_FINGERPRINT = "backup:create"
# Files the readiness check writes and deletes at once; not user data.
TRANSIENT_PREFIXES = ("health/",)
FILE_PROGRESS_EVERY = 100


@dataclass(frozen=True)
class BackupSet:
    """A complete set on disk, as its manifest describes it."""

    set_id: str
    folder: Path
    manifest: dict[str, Any]

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.manifest["created_at"])

    def part(self, name: str) -> Path:
        return self.folder / name


def backup_create(
    *, trigger: str = "manual", progress: Progress | None = None
) -> BackupRecord:
    """Write one complete backup set; raise BackupFailed on any failure.

    A failure is recorded, logged as an error and reported to the registry
    of incidents (source "monitoring"); a success resolves that incident.
    """
    say = progress or _quiet
    started = timezone.now()
    set_id = _new_set_id(started)
    record = BackupRecord.objects.create(
        set_id=set_id, trigger=trigger, started_at=started,
        database_vendor=connection.vendor,
    )
    root = conf.backup_dir()
    partial = root / f"{PARTIAL_PREFIX}{set_id}"
    try:
        partial.mkdir(parents=True, exist_ok=False)
        manifest = _write_set(partial, set_id=set_id, created_at=started, say=say)
        partial.rename(root / set_id)
    except Exception as error:
        shutil.rmtree(partial, ignore_errors=True)
        _record_failure(record, error)
        raise BackupFailed(set_id, error) from error

    record.status = BackupStatus.SUCCEEDED
    record.finished_at = timezone.now()
    record.size_bytes = sum(part["size"] for part in manifest["parts"].values())
    record.files_count = len(manifest["files"])
    record.save(update_fields=["status", "finished_at", "size_bytes", "files_count"])
    security_journal(
        "sys_backup_created", ok=True, set_id=set_id, trigger=trigger,
        size_bytes=record.size_bytes, files=record.files_count,
    )
    _resolve(BACKUP_FINGERPRINT, f"Backup {set_id} succeeded.")
    say(f"Backup set {set_id} written to {root / set_id}")
    logger.info("backup set %s written (%s bytes)", set_id, record.size_bytes)
    return record


class BackupFailed(Exception):
    def __init__(self, set_id: str, error: BaseException) -> None:
        super().__init__(f"backup {set_id} failed: {type(error).__name__}: {error}")
        self.set_id = set_id


def _write_set(
    folder: Path, *, set_id: str, created_at: dt.datetime, say: Progress
) -> dict[str, Any]:
    engine = engine_for(connection)
    database_name = f"{set_id}.{DATABASE_PART}.{engine.suffix}"
    files_name = f"{set_id}.{FILES_PART}"

    say(f"Dumping the {engine.vendor} database…")
    tables = live_tables(connection)
    counts = engine.dump(folder / database_name, tables)
    say(f"Database dumped: {len(counts)} tables, {sum(counts.values())} rows.")

    say("Archiving stored files…")
    files = _archive_files(folder / files_name, say=say)
    say(f"Files archived: {len(files)}.")

    manifest = {
        "format": MANIFEST_FORMAT,
        "set_id": set_id,
        "created_at": created_at.astimezone(ALMATY).isoformat(),
        "application": application_version(),
        "database": {"vendor": engine.vendor, "part": database_name},
        "migrations": _last_migrations(),
        "applied_migrations": sorted(
            [app, name]
            for app, name in MigrationRecorder(connection).applied_migrations()
        ),
        "row_counts": counts,
        "files": files,
        "parts": {
            name: {"sha256": file_sha256(folder / name),
                   "size": (folder / name).stat().st_size}
            for name in (database_name, files_name)
        },
    }
    manifest_path = folder / f"{set_id}.{MANIFEST_PART}"
    manifest_path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    _fsync_folder(folder)
    return manifest


def _archive_files(path: Path, *, say: Progress) -> list[dict[str, Any]]:
    """Write every file of default_storage into a tar.gz; return their list."""
    listed = []
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for count, name in enumerate(storage_walk(), start=1):
            size = default_storage.size(name)
            info = tarfile.TarInfo(name)
            info.size = size
            info.mtime = _modified(name)
            with default_storage.open(name, "rb") as handle:
                reader = _HashingReader(handle)
                archive.addfile(info, reader)
            listed.append({"name": name, "size": size, "sha256": reader.hexdigest()})
            if count % FILE_PROGRESS_EVERY == 0:
                say(f"  {count} files…")
    return listed


def storage_walk(folder: str = "") -> Iterator[str]:
    """Name every file of default_storage, through the storage API only."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        if folder:
            raise
        return  # nothing was ever stored: the folder is made by the first file
    for name in sorted(files):
        path = f"{folder}/{name}" if folder else name
        if not path.startswith(TRANSIENT_PREFIXES):
            yield path
    for directory in sorted(directories):
        yield from storage_walk(f"{folder}/{directory}" if folder else directory)


def _modified(name: str) -> int:
    try:
        return int(default_storage.get_modified_time(name).timestamp())
    except NotImplementedError:
        return 0


class _HashingReader:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def application_version() -> dict[str, str]:
    """The project's version from pyproject.toml and the checked-out commit."""
    base = Path(settings.BASE_DIR)
    try:
        with open(base / "pyproject.toml", "rb") as handle:
            project = tomllib.load(handle)["project"]
        name, version = project["name"], project["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        name, version = "labor-exchange", "unknown"
    return {"name": name, "version": version, "revision": _git_revision(base)}


def _git_revision(base: Path) -> str:
    head = base / ".git" / "HEAD"
    try:
        text = head.read_text().strip()
        if text.startswith("ref: "):
            return (base / ".git" / text[5:]).read_text().strip()
        return text
    except OSError:
        return ""


def _last_migrations() -> dict[str, str]:
    last: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        last[app] = max(last.get(app, ""), name)
    return last


def _new_set_id(now: dt.datetime) -> str:
    local = now.astimezone(ALMATY)
    return f"{local:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _fsync_folder(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())


def _record_failure(record: BackupRecord, error: BaseException) -> None:
    from incidents.services import incident_report

    record.status = BackupStatus.FAILED
    record.finished_at = timezone.now()
    record.error = f"{type(error).__name__}: {error}"[:2000]
    record.save(update_fields=["status", "finished_at", "error"])
    security_journal(
        "sys_backup_failed", ok=False, set_id=record.set_id,
        trigger=record.trigger, error=type(error).__name__,
    )
    logger.error(
        "backup %s failed: %s", record.set_id, record.error,
        extra={"incident_reported": True},
    )
    incident_report(
        source="monitoring", title="Backup failed",
        fingerprint=BACKUP_FINGERPRINT, severity="high", function="administration",
        description=f"Set {record.set_id}: {record.error}", actor="monitoring",
    )


def security_journal(name: str, *, ok: bool, set_id: str, **details: Any) -> None:
    """Record a backup or restore step in the security journal (Rules 4.2).

    The SOC sees every backup, restore check and restore, successful or
    not; an error is named by its type only, its text may hold paths.
    """
    security_event_record(
        name=name, outcome="success" if ok else "failure",
        object_ref=f"backup_set:{set_id}", details=details,
    )


def _resolve(fingerprint: str, resolution: str) -> None:
    from incidents.services import incident_resolve_by_fingerprint

    incident_resolve_by_fingerprint(
        fingerprint=fingerprint, actor="monitoring", resolution=resolution
    )


def _quiet(message: str) -> None:
    return None


# --- Reading sets ---------------------------------------------------------------

def backup_sets() -> list[BackupSet]:
    """Every complete set under BACKUP_DIR, newest first."""
    root = conf.backup_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in root.iterdir():
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            found.append(backup_set_open(folder.name))
        except ValidationFailed:
            logger.warning("backup folder %s holds no readable set", folder.name)
    return sorted(found, key=lambda item: item.created_at, reverse=True)


def backup_set_open(reference: str) -> BackupSet:
    """Open a set by its id (a folder under BACKUP_DIR) or by a folder path.

    Raises ValidationFailed when the folder or its manifest is missing or
    unreadable, or when the manifest names another set.
    """
    folder = Path(reference)
    if not folder.is_dir():
        folder = conf.backup_dir() / reference
    set_id = folder.name
    manifest_path = folder / f"{set_id}.{MANIFEST_PART}"
    if not folder.is_dir():
        raise ValidationFailed(
            _("There is no backup set %(set)s.") % {"set": reference}, field="set"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ValidationFailed(
            _("The manifest of backup set %(set)s is missing or damaged.")
            % {"set": set_id}, field="set",
        ) from None
    if not isinstance(manifest, dict) or manifest.get("set_id") != set_id:
        raise ValidationFailed(
            _("The manifest in folder %(set)s belongs to another set.")
            % {"set": set_id}, field="set",
        )
    return BackupSet(set_id=set_id, folder=folder, manifest=manifest)


# --- When and what to keep -------------------------------------------------------

def backup_due(*, now: dt.datetime | None = None) -> bool:
    """Tell whether the daily backup of BACKUP_TIME (Almaty) is still owed.

    A run missed because the worker was down is owed until it happens; a
    failed attempt is tried again an hour later, not every few minutes.
    """
    now = now or timezone.now()
    local = now.astimezone(ALMATY)
    planned = dt.datetime.combine(local.date(), conf.backup_time(), tzinfo=ALMATY)
    if local < planned:
        planned -= dt.timedelta(days=1)
    attempts = BackupRecord.objects.filter(started_at__gte=planned)
    if attempts.filter(status=BackupStatus.SUCCEEDED).exists():
        return False
    if attempts.filter(
        status=BackupStatus.RUNNING, started_at__gte=now - dt.timedelta(hours=6)
    ).exists():
        return False
    return not attempts.filter(
        status=BackupStatus.FAILED, started_at__gte=now - dt.timedelta(hours=1)
    ).exists()


def backup_scheduled() -> BackupRecord | None:
    """Write the daily set and apply the retention, if a backup is due.

    Returns None when nothing was due or the attempt failed; a failure is
    already recorded, logged and reported by backup_create.
    """
    if not backup_due():
        return None
    try:
        record = backup_create(trigger="scheduled")
    except BackupFailed:
        return None
    backup_prune()
    return record


def backup_prune(*, now: dt.datetime | None = None) -> list[str]:
    """Delete sets beyond the retention; return the ids deleted.

    Keeps the newest set of each of the last BACKUP_KEEP_DAILY days, of each
    of the last BACKUP_KEEP_WEEKLY ISO weeks and of each of the last
    BACKUP_KEEP_MONTHLY months (Almaty dates), and always the newest set.
    Hidden folders of sets that were never finished go after a day.
    """
    now = now or timezone.now()
    sets = backup_sets()
    keep = _retained(sets, *conf.backup_retention())
    if sets:
        keep.add(sets[0].set_id)

    deleted = []
    for item in sets:
        if item.set_id not in keep:
            shutil.rmtree(item.folder)
            deleted.append(item.set_id)
    _remove_abandoned(now)
    if deleted:
        logger.info("backup retention removed %s sets", len(deleted))
    return deleted


def _retained(sets: list[BackupSet], daily: int, weekly: int, monthly: int) -> set[str]:
    periods: list[tuple[int, Callable[[dt.date], Any]]] = [
        (daily, lambda day: day),
        (weekly, lambda day: day.isocalendar()[:2]),
        (monthly, lambda day: (day.year, day.month)),
    ]
    keep: set[str] = set()
    for limit, period_of in periods:
        seen: list[Any] = []
        for item in sets:  # newest first: the first of a period is its newest
            period = period_of(item.created_at.astimezone(ALMATY).date())
            if period in seen:
                continue
            seen.append(period)
            if len(seen) > limit:
                break
            keep.add(item.set_id)
    return keep


def _remove_abandoned(now: dt.datetime) -> None:
    root = conf.backup_dir()
    if not root.is_dir():
        return
    for folder in root.glob(f"{PARTIAL_PREFIX}*"):
        modified = dt.datetime.fromtimestamp(folder.stat().st_mtime, dt.UTC)
        if now - modified > dt.timedelta(days=1):
            shutil.rmtree(folder, ignore_errors=True)
