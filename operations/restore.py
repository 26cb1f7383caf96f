"""Checking a backup set by restoring it, and restoring it for real.

Both start the same way: the set's parts are all there, carry its id, and
match the checksums of its manifest; the database part is restored into a
scratch database (never the live one) and compared with the manifest:
migrations, row counts, the engine's own integrity checks; every file of
the archive matches its recorded checksum.

backup_verify stops there and records the outcome. backup_restore refuses a
set from a newer schema than the code, asks for confirmation, swaps the
scratch database in and then puts the files back. It reports success only
when both the database and every file are restored.
"""

import datetime as dt
import hashlib
import logging
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from operations.backup import (
    CHUNK,
    MANIFEST_PART,
    BackupSet,
    Progress,
    _quiet,
    _resolve,
    backup_set_open,
    backup_sets,
    file_sha256,
    security_journal,
)
from operations.dbengines import BackupEngineError, Scratch, engine_for
from operations.models import (
    BackupRecord,
    BackupStatus,
    CheckKind,
    VerificationRecord,
)

logger = logging.getLogger(__name__)

VERIFY_FINGERPRINT = "backup:verify"


@dataclass
class Findings:
    """What a check of a set found; problems make it fail, notes do not."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class RestoreRefused(Exception):
    """The set may not be restored; nothing was changed."""


class RestoreFailed(Exception):
    """The restore stopped after the live database was replaced."""


def backup_verify(
    *, reference: str | None = None, progress: Progress | None = None
) -> VerificationRecord:
    """Restore a set (the newest by default) into a scratch database and check it."""
    say = progress or _quiet
    started = timezone.now()
    backup = _open(reference)
    say(f"Checking backup set {backup.set_id}…")

    findings = set_findings(backup)
    if findings.ok:
        scratch_findings(backup, findings, say=say)
    if findings.ok:
        archive_findings(backup, findings, target=None, say=say)

    record = _record(backup, CheckKind.VERIFY, findings, started=started)
    security_journal(
        "sys_backup_verified" if findings.ok else "sys_backup_verify_failed",
        ok=findings.ok, set_id=backup.set_id, problems=len(findings.problems),
    )
    if findings.ok:
        _resolve(VERIFY_FINGERPRINT, f"Restore check of {backup.set_id} passed.")
        logger.info("backup set %s passed its restore check", backup.set_id)
    else:
        _report_failed_check(backup, findings)
    return record


def backup_restore(
    *,
    reference: str,
    confirm: Callable[[str], bool],
    progress: Progress | None = None,
    keep_previous: bool = True,
) -> tuple[VerificationRecord, list[str]]:
    """Replace the live database and stored files with the set REFERENCE.

    On PostgreSQL the replaced database is kept under a new name unless
    KEEP_PREVIOUS is false, so that a wrong restore can be undone.

    Raises RestoreRefused (nothing changed) when the set fails any check or
    CONFIRM answers no, and RestoreFailed when a step after the swap fails.
    Returns the record of the restore and notes for the operator.
    Each outcome is recorded in the security journal: after the swap the
    event lands in the restored database, whose chain it continues.
    """
    try:
        record, notes = _restore(
            reference=reference, confirm=confirm, progress=progress,
            keep_previous=keep_previous,
        )
    except RestoreRefused as error:
        security_journal("sys_restore_refused", ok=False, set_id=reference,
                         reason=str(error)[:500])
        raise
    except RestoreFailed as error:
        security_journal("sys_restore_failed", ok=False, set_id=reference,
                         reason=str(error)[:500])
        raise
    security_journal("sys_restore_completed", ok=True, set_id=record.set_id,
                     notes=len(notes))
    return record, notes


def _restore(
    *,
    reference: str,
    confirm: Callable[[str], bool],
    progress: Progress | None,
    keep_previous: bool,
) -> tuple[VerificationRecord, list[str]]:
    say = progress or _quiet
    started = timezone.now()
    backup = _open(reference)
    findings = set_findings(backup)
    _refuse_unless_ok(findings)
    _refuse_newer_schema(backup)
    if backup.manifest["database"]["vendor"] != connection.vendor:
        raise RestoreRefused(
            f"set {backup.set_id} holds a {backup.manifest['database']['vendor']} "
            f"database; the portal runs on {connection.vendor}"
        )

    staging = Path(tempfile.mkdtemp(prefix="elx-restore-files-"))
    scratch: Scratch | None = None
    try:
        say("Unpacking and checking the files…")
        archive_findings(backup, findings, target=staging, say=say)
        _refuse_unless_ok(findings)
        scratch = scratch_findings(backup, findings, say=say, keep=True)
        _refuse_unless_ok(findings)

        question = (
            f"Replace the live database and files with backup set {backup.set_id} "
            f"of {backup.manifest['created_at']}?"
        )
        if not confirm(question):
            raise RestoreRefused("not confirmed; nothing was changed")

        say("Swapping the restored database in…")
        # After the swap the scratch is the live database; dropping it
        # afterwards only removes what is left of it (SQLite's copy).
        old = scratch.swap_in()
        if old and not keep_previous:
            engine_for(connection).drop_database(old)
        elif old:
            findings.notes.append(
                f"The previous database is kept as {old}; drop it once the "
                "restore is confirmed."
            )
        return _after_swap(backup, findings, staging=staging, started=started,
                           say=say)
    finally:
        if scratch is not None:
            scratch.drop()
        shutil.rmtree(staging, ignore_errors=True)


def _after_swap(
    backup: BackupSet, findings: Findings, *, staging: Path, started: dt.datetime,
    say: Progress,
) -> tuple[VerificationRecord, list[str]]:
    try:
        say("Restoring the files…")
        extra = _restore_files(backup, staging)
    except Exception as error:
        findings.problems.append(
            f"the database was restored, the files were not: "
            f"{type(error).__name__}: {error}"
        )
        _record(backup, CheckKind.RESTORE, findings, started=started)
        logger.error("restore of %s is partial: %s", backup.set_id, error)
        raise RestoreFailed(
            f"PARTIAL RESTORE: the database of set {backup.set_id} is live, but "
            f"the files could not all be restored ({type(error).__name__}: {error})."
            " Run the restore again."
        ) from error

    if extra:
        findings.notes.append(
            f"{extra} stored files not in the set were left in place."
        )
    backup_records_sync()
    record = _record(backup, CheckKind.RESTORE, findings, started=started)
    logger.info("backup set %s restored", backup.set_id)
    return record, findings.notes


def backup_verify_scheduled() -> VerificationRecord | None:
    """Run this week's restore check of the newest set, if it is owed."""
    if not verification_due():
        return None
    return backup_verify()


def verification_due(*, now: dt.datetime | None = None) -> bool:
    """Tell whether this week's restore check is owed and a set exists.

    The check is planned on BACKUP_VERIFY_WEEKDAY at BACKUP_VERIFY_TIME
    (Almaty); a worker that was down then catches up when it is back.
    """
    from core.localtime import ALMATY
    from operations import conf

    local = (now or timezone.now()).astimezone(ALMATY)
    back = (local.weekday() - conf.backup_verify_weekday()) % 7
    planned = dt.datetime.combine(
        local.date() - dt.timedelta(days=back), conf.backup_verify_time(),
        tzinfo=ALMATY,
    )
    if planned > local:
        planned -= dt.timedelta(days=7)
    checked = VerificationRecord.objects.filter(
        kind=CheckKind.VERIFY, started_at__gte=planned
    ).exists()
    return not checked and bool(backup_sets())


def _open(reference: str | None) -> BackupSet:
    if reference:
        return backup_set_open(reference)
    sets = backup_sets()
    if not sets:
        raise RestoreRefused("there is no backup set to check")
    return sets[0]


def _refuse_unless_ok(findings: Findings) -> None:
    if not findings.ok:
        raise RestoreRefused("; ".join(findings.problems))


# --- Checks --------------------------------------------------------------------

def set_findings(backup: BackupSet) -> Findings:
    """Check that the set is whole, of one set only, and matches its checksums."""
    findings = Findings()
    manifest = backup.manifest
    required = ("parts", "database", "row_counts", "files", "applied_migrations")
    missing = [key for key in required if key not in manifest]
    if missing:
        findings.problems.append(f"the manifest lacks {', '.join(missing)}")
        return findings

    prefix = f"{backup.set_id}."
    for path in sorted(backup.folder.iterdir()):
        if not path.name.startswith(prefix):
            findings.problems.append(
                f"{path.name} does not belong to set {backup.set_id}: parts of "
                "different sets are mixed"
            )
    for name, expected in manifest["parts"].items():
        path = backup.folder / name
        if not name.startswith(prefix):
            findings.problems.append(
                f"the manifest names a part of another set: {name}"
            )
        elif not path.is_file():
            findings.problems.append(f"part {name} is missing")
        elif file_sha256(path) != expected["sha256"]:
            findings.problems.append(f"part {name} does not match its checksum")
    if manifest["database"]["part"] not in manifest["parts"]:
        findings.problems.append("the manifest does not list the database part")
    return findings


def scratch_findings(
    backup: BackupSet, findings: Findings, *, say: Progress, keep: bool = False
) -> Any:
    """Restore the database part into a scratch database and compare it.

    Drops the scratch database afterwards unless KEEP; then returns it.
    """
    engine = engine_for(connection)
    manifest = backup.manifest
    if manifest["database"]["vendor"] != engine.vendor:
        findings.problems.append(
            f"the set holds a {manifest['database']['vendor']} database; this "
            f"portal runs on {engine.vendor}"
        )
        return None
    try:
        scratch = engine.scratch_from(backup.part(manifest["database"]["part"]))
    except BackupEngineError as error:
        findings.problems.append(f"the database could not be restored: {error}")
        return None
    say(f"Database restored into {scratch.label}; comparing…")
    try:
        _compare(scratch, manifest, findings)
    except Exception:
        scratch.drop()
        raise
    if not keep or not findings.ok:
        scratch.drop()
    return scratch


def _compare(scratch: Scratch, manifest: dict[str, Any], findings: Findings) -> None:
    applied = scratch.applied_migrations()
    recorded = {tuple(item) for item in manifest["applied_migrations"]}
    if applied != recorded:
        findings.problems.append(
            "the restored database's migrations differ from the manifest"
        )
    unknown = applied - code_migrations()
    pending = code_migrations() - applied
    if unknown:
        findings.notes.append(
            f"{len(unknown)} migrations of the set are unknown to this code "
            f"(e.g. {_name(min(unknown))})"
        )
    if pending:
        findings.notes.append(
            f"{len(pending)} migrations of this code are not applied in the set; "
            "run migrate after a restore"
        )

    expected = manifest["row_counts"]
    counts = scratch.row_counts(expected.keys())
    wrong = {table: (expected[table], counts.get(table))
             for table in expected if counts.get(table) != expected[table]}
    for table, (want, got) in sorted(wrong.items())[:20]:
        findings.problems.append(f"table {table} has {got} rows, the manifest {want}")
    findings.problems.extend(scratch.problems())
    findings.details.update({
        "tables": len(expected), "rows": sum(expected.values()),
        "pending_migrations": len(pending), "unknown_migrations": len(unknown),
    })


def archive_findings(
    backup: BackupSet, findings: Findings, *, target: Path | None, say: Progress
) -> None:
    """Check every file of the archive against the manifest; unpack into TARGET."""
    recorded = {item["name"]: item for item in backup.manifest["files"]}
    seen: set[str] = set()
    archive_path = backup.part(f"{backup.set_id}.files.tar.gz")
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            name = member.name
            if not member.isfile() or not _safe(name):
                findings.problems.append(f"the archive holds an unsafe entry: {name!r}")
                continue
            digest = _member_digest(archive, member, target)
            expected = recorded.get(name)
            if expected is None:
                findings.problems.append(f"the archive holds an unlisted file: {name}")
            elif digest != expected["sha256"]:
                findings.problems.append(f"file {name} does not match its checksum")
            seen.add(name)
    for name in sorted(set(recorded) - seen)[:20]:
        findings.problems.append(f"file {name} is missing from the archive")
    findings.details["files"] = len(seen)
    say(f"Files checked: {len(seen)}.")


def _member_digest(archive: tarfile.TarFile, member: tarfile.TarInfo,
                   target: Path | None) -> str:
    digest = hashlib.sha256()
    source = archive.extractfile(member)
    assert source is not None  # a regular file always has content
    output = None
    if target is not None:
        path = target / member.name
        path.parent.mkdir(parents=True, exist_ok=True)
        output = open(path, "wb")
    try:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            if output is not None:
                output.write(chunk)
    finally:
        if output is not None:
            output.close()
    return digest.hexdigest()


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and bool(name)


def code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _refuse_newer_schema(backup: BackupSet) -> None:
    recorded = {tuple(item) for item in backup.manifest["applied_migrations"]}
    recorded |= set(backup.manifest.get("migrations", {}).items())
    unknown = sorted(recorded - code_migrations())
    if unknown:
        raise RestoreRefused(
            f"set {backup.set_id} comes from a newer schema than this code: "
            f"{len(unknown)} migrations are unknown here, e.g. {_name(unknown[0])}. "
            "Deploy the code of that version first."
        )


def _name(migration: tuple[str, str]) -> str:
    return f"{migration[0]}.{migration[1]}"


# --- Writing --------------------------------------------------------------------

def _restore_files(backup: BackupSet, staging: Path) -> int:
    """Put every file of the set back under its own name; count extra files."""
    from operations.backup import storage_walk

    names = [item["name"] for item in backup.manifest["files"]]
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(staging / name, "rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise RestoreFailed(f"storage saved {name} as {saved}")
    wanted = set(names)
    return sum(1 for name in storage_walk() if name not in wanted)


def backup_records_sync() -> None:
    """Mark every complete set on disk as a succeeded backup.

    A restored database holds the record of the set it came from as still
    running (the dump was taken during the backup), and knows nothing of
    later sets; the folder is the truth about what exists.
    """
    for backup in backup_sets():
        manifest_path = backup.part(f"{backup.set_id}.{MANIFEST_PART}")
        finished = dt.datetime.fromtimestamp(manifest_path.stat().st_mtime, dt.UTC)
        size = sum(part["size"] for part in backup.manifest["parts"].values())
        BackupRecord.objects.update_or_create(
            set_id=backup.set_id,
            defaults={
                "status": BackupStatus.SUCCEEDED,
                "started_at": backup.created_at,
                "finished_at": max(finished, backup.created_at),
                "database_vendor": backup.manifest["database"]["vendor"],
                "size_bytes": size,
                "files_count": len(backup.manifest["files"]),
                "error": "",
            },
        )


def _record(backup: BackupSet, kind: str, findings: Findings, *,
            started: dt.datetime) -> VerificationRecord:
    return VerificationRecord.objects.create(
        set_id=backup.set_id, kind=kind, ok=findings.ok, started_at=started,
        finished_at=timezone.now(),
        message="\n".join(findings.problems + findings.notes)[:4000],
        details={**findings.details, "problems": findings.problems[:50],
                 "notes": findings.notes},
    )


def _report_failed_check(backup: BackupSet, findings: Findings) -> None:
    from incidents.services import incident_report

    logger.error("restore check of backup set %s failed: %s", backup.set_id,
                 "; ".join(findings.problems)[:1000],
                 extra={"incident_reported": True})
    incident_report(
        source="monitoring", title="A backup set failed its restore check",
        fingerprint=VERIFY_FINGERPRINT, severity="high", function="administration",
        description=f"Set {backup.set_id}:\n" + "\n".join(findings.problems)[:3000],
        actor="monitoring",
    )

