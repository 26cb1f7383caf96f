"""Reads of operations: who may see the details, and the recorded state."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import STAFF_ROLES, User
from core.localtime import ALMATY
from operations import conf
from operations.models import (
    BackupRecord,
    BackupStatus,
    Heartbeat,
    MaintenanceWindow,
    ProbeFunction,
    ProbeResult,
    TaskStat,
    VerificationRecord,
)
from operations.uptime import (
    DOWN,
    MAINTENANCE,
    UNKNOWN,
    UP,
    Figures,
    Sample,
    Span,
    clip,
    combined,
    figures,
    timeline,
)


def user_may_view_operations(user: User | AnonymousUser) -> bool:
    """Back office and auditors read health details, metrics and uptime."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.role in STAFF_ROLES


def backup_last_successful() -> BackupRecord | None:
    return (
        BackupRecord.objects.filter(
            status=BackupStatus.SUCCEEDED, finished_at__isnull=False
        )
        .order_by("-finished_at")
        .first()
    )


def verification_last_successful() -> VerificationRecord | None:
    """The newest restore (or restore check) that passed."""
    return VerificationRecord.objects.filter(ok=True).order_by("-finished_at").first()


def heartbeat_of(name: str) -> Heartbeat | None:
    return Heartbeat.objects.filter(name=name).first()


def probe_latest() -> dict[str, ProbeResult]:
    """The newest result of each probed function."""
    latest: dict[str, ProbeResult] = {}
    for function in ProbeFunction.values:
        result = (
            ProbeResult.objects.filter(function=function)
            .order_by("-checked_at", "-id").first()
        )
        if result is not None:
            latest[function] = result
    return latest


def task_failure_counts() -> dict[str, int]:
    return dict(TaskStat.objects.values_list("task", "failures"))


# --- Availability ------------------------------------------------------------------

OVERALL = "overall"


@dataclass(frozen=True)
class DayFigures:
    day: dt.date
    figures: Figures


@dataclass(frozen=True)
class FunctionUptime:
    function: str  # a ProbeFunction value, or OVERALL for the whole portal
    label: str
    total: Figures
    days: list[DayFigures]


def uptime_by_day(*, first_day: dt.date, last_day: dt.date) -> list[FunctionUptime]:
    """Availability of each function and of the portal, per Almaty day.

    The whole portal comes first; the part of today that has not happened
    yet is not counted.
    """
    start = dt.datetime.combine(first_day, dt.time(), tzinfo=ALMATY)
    end = min(
        dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=ALMATY),
        timezone.now(),
    )
    days = [first_day + dt.timedelta(days=n)
            for n in range((last_day - first_day).days + 1)]
    lines = _timelines(start, end)
    seen = [spans for function, spans in lines.items() if _probed(function, start, end)]
    rows = [(OVERALL, str(_("Whole portal")), combined(seen))]
    rows += [(f, str(ProbeFunction(f).label), spans) for f, spans in lines.items()]
    return [
        FunctionUptime(
            function=function, label=label, total=figures(spans),
            days=[DayFigures(day, figures(clip(spans, *_day_bounds(day))))
                  for day in days],
        )
        for function, label, spans in rows
    ]


def uptime_month(*, year: int, month: int) -> list[FunctionUptime]:
    """Monthly figures (availability, outages, MTTR, MTBF) without the days."""
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    rows = uptime_by_day(first_day=first, last_day=following - dt.timedelta(days=1))
    return [FunctionUptime(row.function, row.label, row.total, []) for row in rows]


def probe_current_states() -> dict[str, str]:
    """Up, down, maintenance or unknown now, for each function.

    The prober retries a failure within seconds, so the latest result is
    the verdict; a result older than two intervals means nobody knows.
    """
    now = timezone.now()
    horizon = now - 2 * conf.probe_interval()
    windows = maintenance_windows(start=now, end=now + dt.timedelta(seconds=1))
    latest = probe_latest()
    states = {}
    for function in ProbeFunction.values:
        result = latest.get(function)
        if any(window.function in ("", function) for window in windows):
            states[function] = MAINTENANCE
        elif result is None or result.checked_at < horizon:
            states[function] = UNKNOWN
        else:
            states[function] = UP if result.ok else DOWN
    return states


def maintenance_windows(*, start: dt.datetime, end: dt.datetime
                        ) -> list[MaintenanceWindow]:
    """Windows that overlap START..END, earliest first."""
    return list(
        MaintenanceWindow.objects.filter(starts_at__lt=end, ends_at__gt=start)
        .order_by("starts_at")
    )


def _timelines(start: dt.datetime, end: dt.datetime) -> dict[str, list[Span]]:
    interval = conf.probe_interval()
    windows = maintenance_windows(start=start, end=end)
    lines = {}
    for function in ProbeFunction.values:
        samples = [
            Sample(at, ok)
            for at, ok in ProbeResult.objects.filter(
                function=function, checked_at__gte=start - 2 * interval,
                checked_at__lt=end,
            ).order_by("checked_at").values_list("checked_at", "ok")
        ]
        own = [(w.starts_at, w.ends_at) for w in windows
               if w.function in ("", function)]
        lines[function] = timeline(samples, start=start, end=end, interval=interval,
                                   maintenance=own)
    return lines


def _probed(function: str, start: dt.datetime, end: dt.datetime) -> bool:
    # A function never probed in the period (not built yet) would make the
    # whole portal "unknown"; it is left out of the portal's figures.
    return ProbeResult.objects.filter(
        function=function, checked_at__gte=start, checked_at__lt=end
    ).exists()


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=ALMATY)
    return start, start + dt.timedelta(days=1)


def backups_recent(*, limit: int = 10) -> list[BackupRecord]:
    return list(BackupRecord.objects.order_by("-started_at", "-id")[:limit])


def verifications_recent(*, limit: int = 5) -> list[VerificationRecord]:
    return list(VerificationRecord.objects.order_by("-finished_at", "-id")[:limit])
