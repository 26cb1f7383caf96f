"""Readiness of the portal: every check that must pass before it serves.

Each check answers with a status and a short message for operators. The
messages name what is wrong, never a host, a user name, a path or a
password: an exception is reported by its type only, and its full text goes
to the log. Paragraph 4.1 of the Rules asks for round-the-clock operation;
these checks are what a monitoring system watches to keep that promise.
"""

import datetime as dt
import logging
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from core.localtime import ALMATY, EXPECTED_OFFSET, local_today
from core.text import fold
from operations import conf
from operations.models import BackupRecord, BackupStatus, Heartbeat

logger = logging.getLogger(__name__)

OK, INFO, WARN, FAIL = "ok", "info", "warn", "fail"
WORKER_HEARTBEAT = "worker"
# Kazakh letters outside ASCII in both cases; upper() must map one to the other.
KAZAKH_LOWER, KAZAKH_UPPER = "әке", "ӘКЕ"
# A day after Kazakhstan moved to UTC+5 (2024-03-01).
OFFSET_PROBE = "2024-06-01 12:00"
# Collations that sort by code point: Kazakh and Russian words then sort
# wrongly (Ә after Я), although case folding may still work.
CODE_POINT_COLLATIONS = frozenset({"c", "posix", "c.utf-8", "c.utf8"})
CALENDAR_DUE_MONTH = 12


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # ok, info (a known limitation), warn (reported), fail
    message: str
    duration_ms: float = 0.0


@dataclass(frozen=True)
class Readiness:
    checks: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(check.status != FAIL for check in self.checks)

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.ok else "fail",
            "checks": [asdict(check) for check in self.checks],
        }


def readiness() -> Readiness:
    """Run every readiness check; a failing check never stops the others."""
    results: list[CheckResult] = []
    for name, check in _CHECKS:
        results.extend(_timed(name, check))
    return Readiness(checks=results)


def database_sanity(db: BaseDatabaseWrapper = connection) -> list[CheckResult]:
    """Check case folding, collation and the Almaty offset in Python and DB."""
    return [
        *_timed("case_folding", lambda: _case_folding(db)),
        *_timed("collation", lambda: _collation(db)),
        *_timed("time_zone", lambda: _time_zone(db)),
    ]


def python_sanity() -> list[CheckResult]:
    """The checks that need no database: folding and zone data of Python."""
    return [
        *_timed("case_folding_python", lambda: [_python_folding()]),
        *_timed("time_zone_python", lambda: [_python_offset()]),
    ]


def _timed(name: str, check: Callable[[], list[CheckResult]]) -> list[CheckResult]:
    started = time.perf_counter()
    try:
        results = check()
    except Exception as error:  # noqa: BLE001 - a check must never break the rest
        logger.warning("readiness check %s failed", name, exc_info=True)
        results = [CheckResult(name, FAIL, f"check raised {type(error).__name__}")]
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    return [
        CheckResult(result.name, result.status, result.message, elapsed)
        for result in results
    ]


def _database() -> list[CheckResult]:
    # A write inside a transaction that is rolled back: proves that the
    # database accepts writes (not read-only, disk not full) and leaves
    # nothing behind.
    with transaction.atomic():
        Heartbeat.objects.create(
            name=f"readiness-{uuid.uuid4().hex[:12]}", beat_at=timezone.now()
        )
        transaction.set_rollback(True)
    return [CheckResult("database", OK, "reachable and writable")]


def _task_queue() -> list[CheckResult]:
    from huey.contrib.djhuey import HUEY

    pending = HUEY.pending_count()
    return [CheckResult("task_queue", OK, f"reachable, {pending} tasks waiting")]


def _worker() -> list[CheckResult]:
    beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
    limit = conf.worker_heartbeat_max_age()
    if beat is None:
        return [CheckResult("worker", FAIL, "the worker has never reported")]
    age = timezone.now() - beat.beat_at
    if age > limit:
        return [CheckResult(
            "worker", FAIL,
            f"last heartbeat {_seconds(age)} s ago, limit {_seconds(limit)} s",
        )]
    return [CheckResult("worker", OK, f"last heartbeat {_seconds(age)} s ago")]


def _storage() -> list[CheckResult]:
    name = default_storage.save(
        f"health/{uuid.uuid4().hex}.txt", ContentFile(b"readiness")
    )
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"readiness":
                return [CheckResult("storage", FAIL, "a written file read back wrong")]
    finally:
        default_storage.delete(name)
    return [CheckResult("storage", OK, "a file was written, read and deleted")]


def _disk() -> list[CheckResult]:
    minimum = conf.disk_min_free_bytes()
    results = []
    for label, path in _data_folders():
        free = shutil.disk_usage(_existing(path)).free
        status = OK if free >= minimum else FAIL
        results.append(CheckResult(
            f"disk_{label}", status,
            f"{free // 2**20} MiB free, minimum {minimum // 2**20} MiB",
        ))
    return results


def _data_folders() -> Iterable[tuple[str, Path]]:
    yield "backups", conf.backup_dir()
    location = getattr(default_storage, "location", None)
    if location:
        yield "files", Path(location)
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name and ":memory:" not in name and "mode=memory" not in name:
            yield "database", Path(name).parent


def _existing(path: Path) -> Path:
    # A folder that is not made yet lives on the disk of its nearest parent.
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path("/")


def _backup() -> list[CheckResult]:
    last = (
        BackupRecord.objects.filter(status=BackupStatus.SUCCEEDED)
        .order_by("-finished_at").first()
    )
    limit = conf.backup_max_age()
    if last is None or last.finished_at is None:
        return [CheckResult("backup", FAIL, "no successful backup yet")]
    age = timezone.now() - last.finished_at
    if age > limit:
        return [CheckResult(
            "backup", FAIL,
            f"last successful backup {_hours(age)} h ago, limit {_hours(limit)} h",
        )]
    return [CheckResult(
        "backup", OK, f"last successful backup {_hours(age)} h ago ({last.set_id})"
    )]


def _soc_forwarding() -> list[CheckResult]:
    # Rules 4.7: security events reach the SOC. A backlog older than the
    # limit means the link is down or the drain stopped; entries that failed
    # a send are a warning while they still leave in time.
    from security.selectors import soc_forwarding_status

    status = soc_forwarding_status()
    if not status.enabled:
        return [CheckResult(
            "soc_forwarding", INFO, "forwarding to the SOC is off (no collector set)"
        )]
    limit = conf.soc_max_lag()
    lag = dt.timedelta(seconds=status.lag_seconds)
    summary = f"{status.backlog} events queued, oldest {_seconds(lag)} s"
    if status.backlog and lag > limit:
        return [CheckResult(
            "soc_forwarding", FAIL, f"{summary}, limit {_seconds(limit)} s"
        )]
    if status.failing:
        return [CheckResult(
            "soc_forwarding", WARN, f"{summary}, {status.failing} failed to send"
        )]
    return [CheckResult("soc_forwarding", OK, summary)]


def _calendar() -> list[CheckResult]:
    # The calendar is valid until the end of the last settled year; the next
    # year's is due on 1 December and warned about REFERENCE_WARN_DAYS before.
    from workdays.selectors import calendar_covers

    today = local_today()
    next_year = today.year + 1
    due = dt.date(today.year, CALENDAR_DUE_MONTH, 1)
    if calendar_covers(next_year):
        return [CheckResult(
            "calendar", OK, f"the calendar is settled until {next_year}-12-31"
        )]
    if today >= due:
        return [CheckResult(
            "calendar", FAIL,
            f"the working-day calendar of {next_year} is not settled; the "
            f"calendar is valid until {today.year}-12-31",
        )]
    if today >= due - conf.reference_warn_before():
        return [CheckResult(
            "calendar", WARN,
            f"the calendar is valid until {today.year}-12-31; settle {next_year} "
            f"by {due.isoformat()}",
        )]
    return [CheckResult(
        "calendar", INFO, f"the calendar of {next_year} is due from {due.isoformat()}"
    )]


def _classifiers() -> list[CheckResult]:
    # Rules, 4.2: reference data carries a "valid until" set by the
    # administrator (CLASSIFIERS_VALID_UNTIL); readiness warns before it.
    from classifiers.sources import ISCO_VERSION, KATO_VERSION

    editions = {"kato": KATO_VERSION, "isco": ISCO_VERSION}
    valid_until = conf.classifiers_valid_until()
    if not valid_until:
        return [CheckResult(
            "classifiers", INFO, "no valid-until date is set for the classifiers"
        )]
    today = local_today()
    warn_from = today + conf.reference_warn_before()
    results = []
    for name, until in sorted(valid_until.items()):
        label = f"{name} ({editions[name]})" if name in editions else name
        if until < today:
            status, text = FAIL, f"{label} was valid until {until.isoformat()}"
        elif until <= warn_from:
            status, text = WARN, f"{label} is valid until {until.isoformat()}"
        else:
            status, text = OK, f"{label} is valid until {until.isoformat()}"
        results.append(CheckResult(f"classifier_{name}", status, text))
    return results


def _case_folding(db: BaseDatabaseWrapper) -> list[CheckResult]:
    if db.vendor != "postgresql":
        # SQLite's upper() folds ASCII only, by design; search folds text in
        # Python (core.text.fold) and stores the folded words, so it is not
        # affected. Reported so that nobody relies on SQL folding there.
        python = _python_folding()
        if python.status != OK:
            return [python]
        return [CheckResult(
            "case_folding", INFO,
            f"{db.vendor} upper() is ASCII-only; search folds text in Python, "
            "which works",
        )]
    (folded,) = _fetch_one(db, "SELECT upper(%s) = %s", [KAZAKH_LOWER, KAZAKH_UPPER])
    if not folded:
        return [CheckResult(
            "case_folding", FAIL,
            "upper() does not fold Kazakh letters: the database's ctype is not "
            "a UTF-8 locale",
        )]
    return [CheckResult("case_folding", OK, "upper() folds Kazakh letters")]


def _collation(db: BaseDatabaseWrapper) -> list[CheckResult]:
    if db.vendor != "postgresql":
        return [CheckResult(
            "collation", INFO, f"{db.vendor} sorts text by code point"
        )]
    collate, ctype = _fetch_one(
        db,
        "SELECT datcollate, datctype FROM pg_database "
        "WHERE datname = current_database()",
    )
    if collate.lower() in CODE_POINT_COLLATIONS or ctype.lower() in ("c", "posix"):
        return [CheckResult(
            "collation", WARN,
            f"collation {collate}, ctype {ctype}: ORDER BY sorts Kazakh and "
            "Russian words by code point, not alphabetically",
        )]
    return [CheckResult("collation", OK, f"collation {collate}, ctype {ctype}")]


def _time_zone(db: BaseDatabaseWrapper) -> list[CheckResult]:
    python = _python_offset()
    if python.status != OK or db.vendor != "postgresql":
        if python.status == OK:
            return [CheckResult(
                "time_zone", OK,
                f"Asia/Almaty is +05:00 in Python; {db.vendor} keeps no zone data",
            )]
        return [python]
    (seconds,) = _fetch_one(
        db,
        "SELECT EXTRACT(EPOCH FROM (timestamp %s AT TIME ZONE 'UTC') "
        "- (timestamp %s AT TIME ZONE 'Asia/Almaty'))",
        [OFFSET_PROBE, OFFSET_PROBE],
    )
    offset = dt.timedelta(seconds=int(seconds))
    if offset != EXPECTED_OFFSET:
        return [CheckResult(
            "time_zone", FAIL,
            f"PostgreSQL puts Asia/Almaty at {_offset(offset)} on 2024-06-01; its "
            "zone data is older than the move to +05:00",
        )]
    return [CheckResult(
        "time_zone", OK, "Asia/Almaty is +05:00 in Python and in PostgreSQL"
    )]


def _fetch_one(
    db: BaseDatabaseWrapper, sql: str, params: list[str] | None = None
) -> tuple:
    with db.cursor() as cursor:
        cursor.execute(sql, params or [])
        return tuple(cursor.fetchone())


def _python_folding() -> CheckResult:
    if fold(KAZAKH_UPPER) != KAZAKH_LOWER or KAZAKH_LOWER.upper() != KAZAKH_UPPER:
        return CheckResult(
            "case_folding", FAIL, "Python does not fold Kazakh letters"
        )
    return CheckResult("case_folding", OK, "Python folds Kazakh letters")


def _python_offset() -> CheckResult:
    probe = dt.datetime.fromisoformat(OFFSET_PROBE).replace(tzinfo=ALMATY)
    offset = probe.utcoffset()
    if offset != EXPECTED_OFFSET:
        return CheckResult(
            "time_zone", FAIL,
            f"Python puts Asia/Almaty at {_offset(offset)} on 2024-06-01; install "
            "a current tzdata",
        )
    return CheckResult("time_zone", OK, "Asia/Almaty is +05:00 in Python")


def _offset(offset: dt.timedelta | None) -> str:
    if offset is None:
        return "no offset"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _seconds(delta: dt.timedelta) -> int:
    return int(delta.total_seconds())


def _hours(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


_CHECKS: list[tuple[str, Callable[[], list[CheckResult]]]] = [
    ("database", _database),
    ("task_queue", _task_queue),
    ("worker", _worker),
    ("storage", _storage),
    ("disk", _disk),
    ("backup", _backup),
    ("soc_forwarding", _soc_forwarding),
    ("calendar", _calendar),
    ("classifiers", _classifiers),
    ("case_folding", lambda: _case_folding(connection)),
    ("collation", lambda: _collation(connection)),
    ("time_zone", lambda: _time_zone(connection)),
]
