"""Reads of stale vacancies (Rules, 4.2: timely updating of information).

A published vacancy that its employer keeps on the portal is stale when it
has been neither changed nor reconfirmed for VACANCY_STALE_DAYS (30). Its
employer is then asked to reconfirm it; one that is still not reconfirmed
VACANCY_RECONFIRM_DAYS (14) after the question closes as expired. Vacancies
imported from other systems (source other than "portal") follow their
source, which the import brings up to date, and are not asked about.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, Q, QuerySet

from vacancies.models import Status, Vacancy

PORTAL_SOURCE = "portal"


def stale_after() -> dt.timedelta:
    """VACANCY_STALE_DAYS: days without change or reconfirmation (30)."""
    return dt.timedelta(days=_days("VACANCY_STALE_DAYS", 30))


def reconfirm_within() -> dt.timedelta:
    """VACANCY_RECONFIRM_DAYS: days an employer has to reconfirm (14)."""
    return dt.timedelta(days=_days("VACANCY_RECONFIRM_DAYS", 14))


def _days(name: str, default: int) -> int:
    raw = getattr(settings, name, default)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ImproperlyConfigured(f"{name} must be a positive number of days")
    return raw


def vacancy_may_be_filled(vacancy: Vacancy, *, now: dt.datetime) -> bool:
    """True for an imported vacancy without a closing date, published more than
    stale_after() ago: its source gave no end, and the page should say so.

    Imported files are snapshots (the real ones date from 2020 to 2025); the
    portal keeps their vacancies findable but cannot know which are filled.
    """
    return (
        vacancy.source != PORTAL_SOURCE
        and vacancy.expires_on is None
        and vacancy.published_at is not None
        and vacancy.published_at < now - stale_after()
    )


def _kept_on_portal() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=Status.PUBLISHED, source=PORTAL_SOURCE)


def _unchanged_since(moment: dt.datetime) -> Q:
    # Neither edited nor reconfirmed after MOMENT.
    return Q(updated_at__lt=moment) & (
        Q(reconfirmed_at__isnull=True) | Q(reconfirmed_at__lt=moment)
    )


def vacancies_to_ask(*, now: dt.datetime) -> QuerySet[Vacancy]:
    """Stale vacancies whose employer has not been asked since the last change."""
    not_asked = Q(stale_notified_at__isnull=True) | Q(
        stale_notified_at__lt=F("updated_at")
    )
    return _kept_on_portal().filter(_unchanged_since(now - stale_after()), not_asked)


def vacancies_to_expire(*, now: dt.datetime) -> QuerySet[Vacancy]:
    """Vacancies asked about long enough ago and neither changed nor reconfirmed."""
    return _kept_on_portal().filter(
        stale_notified_at__lte=now - reconfirm_within(),
        updated_at__lte=F("stale_notified_at"),
    )


def vacancies_stale(*, now: dt.datetime) -> QuerySet[Vacancy]:
    """Every stale vacancy kept on the portal, asked about or not, oldest first."""
    return (
        _kept_on_portal()
        .filter(_unchanged_since(now - stale_after()))
        .select_related("employer", "oblast")
        .order_by("updated_at", "id")
    )


@dataclass(frozen=True)
class StaleGroup:
    region: str  # the oblast's Kazakh name, "" when the vacancy names none
    region_code: str
    employer_id: int
    employer: str
    stale: int  # all stale vacancies of the group
    asked: int  # of which the employer was asked to reconfirm
    expiring: int  # of which will close as expired at the next run


def vacancy_stale_report(*, now: dt.datetime) -> list[StaleGroup]:
    """Stale vacancies counted by region (oblast) and employer, worst first."""
    expiry = now - reconfirm_within()
    asked = Q(stale_notified_at__isnull=False, stale_notified_at__gte=F("updated_at"))
    expiring = asked & Q(stale_notified_at__lte=expiry)
    rows = (
        vacancies_stale(now=now)
        .order_by()
        .values("oblast__name_kk", "oblast__code", "employer_id", "employer__name")
        .annotate(
            stale=Count("id"), asked=Count("id", filter=asked),
            expiring=Count("id", filter=expiring),
        )
    )
    groups = [
        StaleGroup(
            region=row["oblast__name_kk"] or "", region_code=row["oblast__code"] or "",
            employer_id=row["employer_id"], employer=row["employer__name"],
            stale=row["stale"], asked=row["asked"], expiring=row["expiring"],
        )
        for row in rows
    ]
    return sorted(groups, key=lambda g: (g.region, -g.stale, g.employer))
