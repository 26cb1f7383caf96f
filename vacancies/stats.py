"""Counts of open vacancies for the home page, by region and occupation group."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from classifiers.models import KatoUnit, Occupation
from vacancies.models import Vacancy
from vacancies.selectors import vacancy_listable

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
        counts = _count()
        cache.set(CACHE_KEY, counts, CACHE_SECONDS)
    return counts


def _count() -> HomeCounts:
    # A selector may order its queryset; grouping needs the order cleared.
    listable = vacancy_listable().order_by()

    by_oblast = _count_by(listable.filter(oblast__isnull=False), "oblast")
    by_major = _count_by(
        listable.filter(occupation_major__isnull=False), "occupation_major"
    )
    units = KatoUnit.objects.in_bulk(list(by_oblast))
    groups = Occupation.objects.in_bulk(list(by_major))
    totals = listable.aggregate(
        total=Count("id"),
        abroad=Count("id", filter=Q(is_abroad=True)),
        unclassified=Count("id", filter=Q(occupation_major__isnull=True)),
    )

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


def _count_by(vacancies: QuerySet[Vacancy], column: str) -> dict[int, int]:
    rows = vacancies.values(column).annotate(n=Count("id")).values_list(column, "n")
    return dict(rows)
