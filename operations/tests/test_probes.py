import datetime as dt

import pytest
from django.utils import translation

from incidents.models import Incident
from operations.models import MaintenanceWindow, ProbeResult
from operations.probes import (
    Answer,
    http_fetch,
    probe_prune,
    probe_round,
    probe_targets,
)
from operations.selectors import (
    OVERALL,
    probe_current_states,
    uptime_by_day,
    uptime_month,
)
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

PASS = Answer(True, 200, 120)
FAIL = Answer(False, 502, 30, "HTTP 502")


class Portal:
    """A fake portal: answers per path fragment, and records what was asked."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.failing: set[str] = set()
        self.asked: list[str] = []
        self.slept: list[float] = []

    def __call__(self, url: str) -> Answer:
        self.asked.append(url)
        return FAIL if any(part in url for part in self.failing) else PASS

    def sleep(self, seconds: float) -> None:
        # The retry waits; the test's clock stays, so rounds stay a minute apart.
        self.slept.append(seconds)


@pytest.fixture
def portal(clock, settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8109"
    settings.PROBE_RETRY_DELAY = 3
    settings.PROBE_FAILURES_FOR_INCIDENT = 3
    return Portal(clock)


def minute(portal: Portal, count: int = 1) -> None:
    for _ in range(count):
        probe_round(fetch=portal, sleep=portal.sleep)
        portal.clock.advance(seconds=60)


def search_incidents():
    return Incident.objects.filter(fingerprint="probe:search")


def test_it_probes_every_main_function_of_the_running_portal(portal):
    vacancy = VacancyFactory()

    minute(portal)

    assert sorted(ProbeResult.objects.values_list("function", flat=True)) == [
        "api_search", "feedback_form", "home", "search", "sign_in", "vacancy_page",
    ]
    assert all(url.startswith("http://127.0.0.1:8109/") for url in portal.asked)
    assert f"http://127.0.0.1:8109/kk/vacancies/{vacancy.pk}/" in portal.asked
    assert ProbeResult.objects.get(function="home").latency_ms == 120


def test_without_a_published_vacancy_its_page_is_not_probed(portal):
    minute(portal)

    assert not ProbeResult.objects.filter(function="vacancy_page").exists()
    assert probe_targets()["vacancy_page"] is None


def test_a_failure_is_retried_once_and_both_answers_are_kept(portal):
    portal.failing = {"/kk/vacancies/?q="}

    minute(portal)

    results = ProbeResult.objects.filter(function="search").order_by("id")
    assert [(r.ok, r.status_code, r.error) for r in results] == [
        (False, 502, "HTTP 502"), (False, 502, "HTTP 502"),
    ]
    assert portal.slept == [3]


def test_failures_in_a_row_open_one_incident_and_recovery_resolves_it(portal):
    portal.failing = {"/kk/vacancies/?q="}

    minute(portal)  # two failed probes: below the threshold of three
    assert not search_incidents().exists()
    with translation.override("kk"):  # the worker's language, as in production
        minute(portal)
    incident = search_incidents().get()
    minute(portal, 3)
    portal.failing = set()
    minute(portal)

    incident.refresh_from_db()
    assert incident.source == "monitoring"
    assert incident.function == "search"
    assert incident.severity == "high"
    assert incident.title == "Vacancy search does not answer"
    assert incident.status == "resolved"
    assert incident.resolution.endswith("the outage lasted 5 min 0 s.")
    links = incident.links.values_list("kind", "reference")
    assert list(links) == [("probe", "search")]
    assert search_incidents().count() == 1


def test_a_blip_opens_no_incident_and_no_outage(portal, clock):
    start = clock.now
    minute(portal, 2)
    answers = iter([FAIL, PASS])

    def flaky(url: str) -> Answer:
        return next(answers) if "/kk/vacancies/?q=" in url else PASS

    probe_round(fetch=flaky, sleep=portal.sleep)
    clock.advance(seconds=60)
    minute(portal, 2)

    assert not search_incidents().exists()
    day = uptime_by_day(first_day=start.date(), last_day=start.date())
    search = next(row for row in day if row.function == "search")
    assert search.total.outages == 0
    assert search.total.down == 0


def test_no_incident_opens_during_planned_maintenance(portal, clock):
    MaintenanceWindow.objects.create(
        starts_at=clock.now, ends_at=clock.now + dt.timedelta(hours=1),
        reason="Database upgrade",
    )
    portal.failing = {"/"}

    minute(portal, 5)

    assert not Incident.objects.exists()
    assert set(probe_current_states().values()) == {"maintenance"}


def test_the_current_state_follows_the_latest_result(portal, clock):
    portal.failing = {"/api/"}
    minute(portal)

    states = probe_current_states()
    assert states["api_search"] == "down"
    assert states["home"] == "up"
    clock.advance(minutes=5)
    assert probe_current_states()["home"] == "unknown"


def test_daily_and_monthly_figures_from_recorded_probes(portal, clock):
    clock.set(2026, 6, 15, 0, 0)
    minute(portal, 60)  # 00:00-01:00 up
    portal.failing = {"/kk/"}  # every page, not the API
    minute(portal, 10)  # 01:00-01:10 down
    portal.failing = set()
    minute(portal, 50)  # up until 02:00
    clock.advance(hours=1)  # 02:00-03:00 the worker was stopped
    MaintenanceWindow.objects.create(
        starts_at=clock.now, ends_at=clock.now + dt.timedelta(minutes=30),
        reason="Upgrade",
    )
    portal.failing = {"/"}
    minute(portal, 30)  # 03:00-03:30 down, but planned
    portal.failing = set()
    minute(portal, 30)  # up until 04:00
    clock.set(2026, 6, 15, 4, 0)

    rows = {row.function: row for row in uptime_by_day(
        first_day=dt.date(2026, 6, 15), last_day=dt.date(2026, 6, 15))}
    home = rows["home"].total
    assert (home.up, home.down, home.unknown, home.maintenance) == (
        140 * 60, 10 * 60, 60 * 60, 30 * 60
    )
    assert home.outages == 1
    assert home.mttr == dt.timedelta(minutes=10)
    assert home.mtbf == dt.timedelta(minutes=140)
    assert round(home.availability, 3) == 93.333
    assert rows["api_search"].total.outages == 0
    assert rows["api_search"].total.down == 0
    assert rows[OVERALL].total.outages == 1
    assert rows[OVERALL].total.maintenance == 30 * 60
    month = {row.function: row for row in uptime_month(year=2026, month=6)}
    assert month["home"].total.outages == 1
    assert month["home"].days == []


def test_old_probe_results_are_pruned(portal, clock, settings):
    settings.PROBE_RETENTION_DAYS = 30
    minute(portal)
    clock.advance(days=31)
    minute(portal)

    assert probe_prune() == 5
    assert ProbeResult.objects.count() == 5


def test_the_http_fetcher_reports_a_refused_connection():
    answer = http_fetch("http://127.0.0.1:9/kk/")

    assert not answer.ok
    assert answer.status_code is None
    assert answer.error.startswith("URLError")
