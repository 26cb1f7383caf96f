"""Counts of open vacancies for the home page, by region and occupation group."""

from dataclasses import dataclass

from django.core.cache import cache

from classifiers.models import KatoUnit, Occupation
from vacancies.selectors import listing_counts

CACHE_KEY = "vacancies:home-counts:v1"
# The home page is the busiest page; counts a minute old are good enough.
CACHE_SECONDS = 60


@dataclass(frozen=True)
class RegionCount:
    unit: KatoUnit
    count: int


@dataclass(frozen=True)
class OccupationCount:
    group: Occupation
    count: int


@dataclass(frozen=True)
class HomeCounts:
    total: int
    regions: list[RegionCount]  # level-1 KATO units, by code
    abroad: int
    occupations: list[OccupationCount]  # ISCO major groups, by code
    unclassified: int

    @property
    def in_kazakhstan(self) -> int:
        # The headline speaks of Kazakhstan; work abroad is counted apart.
        return self.total - self.abroad


def home_counts() -> HomeCounts:
    """Return the counts over listable vacancies, cached for CACHE_SECONDS.

    The cached units and groups are model instances whose name and title
    follow the language active when they are read, so one entry serves every
    language.
    """
    counts = cache.get(CACHE_KEY)
    if counts is None:
        counts = home_counts_refresh()
    return counts


def home_counts_refresh(*, seconds: int = CACHE_SECONDS) -> HomeCounts:
    """Count now and keep the counts SECONDS; the worker calls this every
    minute with a longer life, as for the listing's counts."""
    counts = _count()
    cache.set(CACHE_KEY, counts, seconds)
    return counts


def _count() -> HomeCounts:
    # The search's own counts of the whole listing, so that the two always
    # agree and one grouped query serves both.
    total, facets = listing_counts()
    by_oblast = {pk: n for pk, n in facets.regions.items() if n}
    by_major = {pk: n for pk, n in facets.majors.items() if n}
    units = KatoUnit.objects.in_bulk(list(by_oblast))
    groups = Occupation.objects.in_bulk(list(by_major))
    totals = {
        "total": total,
        "abroad": facets.abroad.get("1", 0),
        "unclassified": total - sum(by_major.values()),
    }

    # KATO and ISCO codes give the official order, the same in every language.
    regions = sorted(
        (RegionCount(unit=units[pk], count=n) for pk, n in by_oblast.items()),
        key=lambda row: row.unit.code,
    )
    occupations = sorted(
        (OccupationCount(group=groups[pk], count=n) for pk, n in by_major.items()),
        key=lambda row: row.group.code,
    )
    return HomeCounts(regions=regions, occupations=occupations, **totals)
