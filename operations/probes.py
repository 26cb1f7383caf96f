"""The prober: the portal's main functions tried over HTTP every minute.

Paragraph 6.3 of the Rules names "hardware and software tools for
monitoring ... used to determine the operability and availability of the
functionality" as a source of news about failures. The worker asks the
running portal (PORTAL_BASE_URL) for each page as a visitor would, records
the answer and its latency, retries a failure once after a few seconds, and
turns a run of failures into an incident of source "monitoring" that it
resolves by itself when the function answers again.
"""

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from operations import conf
from operations.models import MaintenanceWindow, ProbeFunction, ProbeResult

logger = logging.getLogger(__name__)

USER_AGENT = "elx-prober/1 (+operations)"
SEARCH_WORD = "бухгалтер"
ERROR_LENGTH = 300
# Which function of the registry of incidents each probe watches.
INCIDENT_FUNCTION = {
    ProbeFunction.HOME: "other",
    ProbeFunction.SEARCH: "search",
    ProbeFunction.VACANCY_PAGE: "vacancy_pages",
    ProbeFunction.FEEDBACK_FORM: "feedback_form",
    ProbeFunction.SIGN_IN: "sign_in",
    ProbeFunction.API_SEARCH: "api",
}
# The feedback desk's form (helpdesk/urls.py).
FEEDBACK_FORM_URL_NAME = "helpdesk:form"


@dataclass(frozen=True)
class Answer:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str = ""


Fetch = Callable[[str], Answer]


def probe_fingerprint(function: str) -> str:
    return f"probe:{function}"


def probe_round(
    *, fetch: Fetch | None = None, sleep: Callable[[float], None] = time.sleep
) -> list[ProbeResult]:
    """Probe every function once (a failure twice); record and follow up."""
    fetch = fetch or http_fetch
    recorded = []
    for function, path in probe_targets().items():
        if path is None:
            # Not built or nothing to show (no published vacancy): unknown,
            # which is neither up nor down.
            continue
        result = _probe_once(function, path, fetch)
        recorded.append(result)
        if not result.ok:
            sleep(conf.probe_retry_delay())
            result = _probe_once(function, path, fetch)
            recorded.append(result)
        probe_follow_up(result=result)
    return recorded


def probe_targets() -> dict[str, str | None]:
    """The path each function is probed at, None when it cannot be probed now."""
    with translation.override("kk"):
        search = reverse("vacancies:search") + "?" + urllib.parse.urlencode(
            {"q": SEARCH_WORD}
        )
        targets: dict[str, str | None] = {
            ProbeFunction.HOME: reverse("home"),
            ProbeFunction.SEARCH: search,
            ProbeFunction.VACANCY_PAGE: _vacancy_path(),
            ProbeFunction.FEEDBACK_FORM: _optional(FEEDBACK_FORM_URL_NAME),
            ProbeFunction.SIGN_IN: reverse("accounts:login"),
            ProbeFunction.API_SEARCH: "/api/v1/vacancies?limit=1",
        }
    return targets


def _vacancy_path() -> str | None:
    from vacancies.selectors import vacancy_listable

    newest = vacancy_listable().order_by("-published_at", "-id").values_list(
        "id", flat=True
    ).first()
    if newest is None:
        return None
    return reverse("vacancies:detail", args=[newest])


def _optional(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        # An installation without the feedback desk: nothing to probe.
        return None


def _probe_once(function: str, path: str, fetch: Fetch) -> ProbeResult:
    answer = fetch(conf.portal_base_url() + path)
    return ProbeResult.objects.create(
        function=function, checked_at=timezone.now(), ok=answer.ok,
        status_code=answer.status_code, latency_ms=answer.latency_ms,
        error=answer.error[:ERROR_LENGTH],
    )


def http_fetch(url: str) -> Answer:
    """GET URL as a visitor would; a 200 with a body is a pass."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=conf.probe_timeout()) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        return Answer(False, error.code, _elapsed(started), f"HTTP {error.code}")
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        message = f"{type(error).__name__}: {reason}"
        return Answer(False, None, _elapsed(started), message)

    latency = _elapsed(started)
    if status != 200 or not body:
        return Answer(False, status, latency, "empty answer")
    if "/api/" in url and not _is_json_page(body):
        return Answer(False, status, latency, "the API did not answer JSON")
    return Answer(True, status, latency)


def _is_json_page(body: bytes) -> bool:
    try:
        return isinstance(json.loads(body), dict)
    except ValueError:
        return False


def _elapsed(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


# --- Incidents -------------------------------------------------------------------

def probe_follow_up(*, result: ProbeResult) -> None:
    """Open an incident after enough failures in a row; resolve it on recovery."""
    from incidents.selectors import incident_active_by_fingerprint
    from incidents.services import LinkTarget, incident_report

    fingerprint = probe_fingerprint(result.function)
    active = incident_active_by_fingerprint(fingerprint=fingerprint)
    if result.ok:
        if active is not None:
            _resolve(result, fingerprint)
        return

    failures = _failures_in_a_row(result)
    if active is not None or len(failures) < conf.probe_failures_for_incident():
        return
    if in_maintenance(function=result.function, at=result.checked_at):
        return
    # Machine-written incidents are operator text in English, like the
    # description beside it; the worker's active language is Kazakh.
    with translation.override("en"):
        label = str(ProbeFunction(result.function).label)
    incident_report(
        source="monitoring",
        title=f"{label} does not answer"[:200],
        fingerprint=fingerprint,
        severity="high",
        function=INCIDENT_FUNCTION[result.function],
        description=(
            f"{len(failures)} probes in a row failed since "
            f"{failures[-1].checked_at.isoformat()}; last: {result.error or '-'} "
            f"(HTTP {result.status_code or '-'})"
        ),
        actor="monitoring",
        occurred_at=failures[-1].checked_at,
        link=LinkTarget("probe", result.function),
    )


def _failures_in_a_row(result: ProbeResult) -> list[ProbeResult]:
    """The failed results of the function up to RESULT, newest first."""
    last_success = (
        ProbeResult.objects.filter(function=result.function, ok=True,
                                   checked_at__lte=result.checked_at)
        .order_by("-checked_at").values_list("checked_at", flat=True).first()
    )
    failures = ProbeResult.objects.filter(
        function=result.function, ok=False, checked_at__lte=result.checked_at
    )
    if last_success is not None:
        failures = failures.filter(checked_at__gt=last_success)
    return list(failures.order_by("-checked_at", "-id"))


def _resolve(result: ProbeResult, fingerprint: str) -> None:
    from incidents.services import incident_resolve_by_fingerprint

    previous = (
        ProbeResult.objects.filter(function=result.function, ok=True,
                                   checked_at__lt=result.checked_at)
        .order_by("-checked_at").values_list("checked_at", flat=True).first()
    )
    first_failure = ProbeResult.objects.filter(
        function=result.function, ok=False, checked_at__lt=result.checked_at,
        **({"checked_at__gt": previous} if previous else {}),
    ).order_by("checked_at").values_list("checked_at", flat=True).first()
    outage = result.checked_at - (first_failure or result.checked_at)
    incident_resolve_by_fingerprint(
        fingerprint=fingerprint, actor="monitoring",
        resolution=(
            f"Answers again since {result.checked_at.isoformat()}; the outage "
            f"lasted {_duration(outage)}."
        ),
    )


def _duration(delta: dt.timedelta) -> str:
    minutes, seconds = divmod(int(delta.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min {seconds} s"
    return f"{minutes} min {seconds} s"


def in_maintenance(*, function: str, at: dt.datetime) -> bool:
    return MaintenanceWindow.objects.filter(
        Q(function="") | Q(function=function), starts_at__lte=at, ends_at__gt=at
    ).exists()


def probe_prune(*, now: dt.datetime | None = None) -> int:
    """Delete probe results older than PROBE_RETENTION_DAYS; return how many."""
    cutoff = (now or timezone.now()) - conf.probe_retention()
    deleted, _ = ProbeResult.objects.filter(checked_at__lt=cutoff).delete()
    return deleted
