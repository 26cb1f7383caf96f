"""Reads of stale resumes (Rules, 4.2: timely updating of information).

A resume shown to employers and untouched by its owner for
RESUME_STALE_DAYS (365) is stale: its owner is told that it will be hidden,
and it is hidden RESUME_HIDE_NOTICE_DAYS (30) after that notice unless the
owner saves it in the meantime. A save clears the notice; a resume hidden
for staleness is shown again once its owner saves it as visible.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, Q, QuerySet

from resumes.models import Resume, Visibility


def stale_after() -> dt.timedelta:
    """RESUME_STALE_DAYS: days without a change before the notice (365)."""
    return dt.timedelta(days=_days("RESUME_STALE_DAYS", 365))


def notice_period() -> dt.timedelta:
    """RESUME_HIDE_NOTICE_DAYS: days between the notice and hiding (30)."""
    return dt.timedelta(days=_days("RESUME_HIDE_NOTICE_DAYS", 30))


def _days(name: str, default: int) -> int:
    raw = getattr(settings, name, default)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ImproperlyConfigured(f"{name} must be a positive number of days")
    return raw


def resumes_stale(*, now: dt.datetime) -> QuerySet[Resume]:
    """Public resumes untouched for RESUME_STALE_DAYS, oldest first."""
    return (
        Resume.objects.filter(
            visibility=Visibility.PUBLIC, updated_at__lt=now - stale_after()
        )
        .select_related("owner", "region")
        .order_by("updated_at", "id")
    )


def resumes_to_notify(*, now: dt.datetime) -> QuerySet[Resume]:
    """Stale resumes whose owner has not been told since the last change."""
    not_told = Q(stale_notified_at__isnull=True) | Q(
        stale_notified_at__lt=F("updated_at")
    )
    return resumes_stale(now=now).filter(not_told)


def resumes_to_hide(*, now: dt.datetime) -> QuerySet[Resume]:
    """Public resumes told about long enough ago and not changed since."""
    return Resume.objects.filter(
        visibility=Visibility.PUBLIC,
        stale_notified_at__lte=now - notice_period(),
        updated_at__lte=F("stale_notified_at"),
    )


@dataclass(frozen=True)
class StaleResumeGroup:
    region: str  # the region's Kazakh name, "" when the resume names none
    region_code: str
    stale: int  # public resumes untouched for the period
    notified: int  # of which the owner was told
    hidden: int  # hidden as stale and not changed since


def resume_stale_report(*, now: dt.datetime) -> list[StaleResumeGroup]:
    """Stale and hidden-as-stale resumes counted by region, by region code."""
    told = Q(stale_notified_at__isnull=False, stale_notified_at__gte=F("updated_at"))
    stale = Q(visibility=Visibility.PUBLIC, updated_at__lt=now - stale_after())
    hidden = Q(visibility=Visibility.HIDDEN, hidden_as_stale_at__isnull=False)
    rows = (
        Resume.objects.filter(stale | hidden)
        .values("region__name_kk", "region__code")
        .annotate(
            stale=Count("id", filter=stale), notified=Count("id", filter=stale & told),
            hidden=Count("id", filter=hidden),
        )
        # Resumes without a region last, on every database.
        .order_by(F("region__code").asc(nulls_last=True))
    )
    return [
        StaleResumeGroup(
            region=row["region__name_kk"] or "", region_code=row["region__code"] or "",
            stale=row["stale"], notified=row["notified"], hidden=row["hidden"],
        )
        for row in rows
    ]
