"""Prometheus metrics of the portal, in the text exposition format.

Counts and durations of requests are kept in the web process by
prometheus_client. Under a server with several worker processes set
PROMETHEUS_MULTIPROC_DIR to an empty folder before start, and the library
adds up the processes' values itself. Everything else (task queue, failures,
incidents, feedback requests, backups, probes) is read from the database and
the queue at the moment of the scrape, so any web process answers the same.
"""

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)

PREFIX = "elx"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# The feedback desk's read of its queue: queue_counts(*, now) -> QueueCounts
# with .open and .overdue (requests past the three-working-day term).
FEEDBACK_SELECTOR = ("helpdesk", "helpdesk.selectors", "queue_counts")

REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    f"{PREFIX}_http_requests",
    "HTTP requests answered, by view, method and status code.",
    ["view", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    f"{PREFIX}_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it.",
    ["view", "method"],
    registry=REGISTRY,
)
ProcessCollector(registry=REGISTRY)


class MetricsMiddleware:
    """Count every request and its duration, labelled by view, not by URL.

    A label per URL would make a new time series for every vacancy id and
    every mistyped address; the view's name keeps the series bounded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started

        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unresolved"
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view, method).observe(elapsed)
        return response


def exposition() -> tuple[bytes, str]:
    """Return the body and content type of a scrape."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    state = CollectorRegistry()
    state.register(StateCollector())
    return generate_latest(registry) + generate_latest(state), CONTENT_TYPE_LATEST


class StateCollector:
    """Figures read from the database and the queue at each scrape."""

    def collect(self) -> Iterator[Metric]:
        for part in (
            _queue, _task_failures, _incidents, _feedback, _backups, _probes,
            _worker, _soc,
        ):
            try:
                yield from part()
            except Exception:  # noqa: BLE001
                # One unreadable figure must not hide all the others.
                logger.warning("metrics: %s could not be read", part.__name__,
                               exc_info=True)

    def describe(self) -> Iterable[Metric]:
        return []


def _gauge(name: str, documentation: str, value: float | None = None,
           labels: list[str] | None = None) -> GaugeMetricFamily:
    if labels is not None:
        return GaugeMetricFamily(f"{PREFIX}_{name}", documentation, labels=labels)
    return GaugeMetricFamily(f"{PREFIX}_{name}", documentation, value=value)


def _queue() -> Iterator[Metric]:
    from huey.contrib.djhuey import HUEY

    yield _gauge("task_queue_pending", "Tasks waiting in the queue.",
                 HUEY.pending_count())
    yield _gauge("task_queue_scheduled", "Tasks scheduled for later.",
                 HUEY.scheduled_count())


def _task_failures() -> Iterator[Metric]:
    from operations.selectors import task_failure_counts

    family = CounterMetricFamily(
        f"{PREFIX}_task_failures", "Failed runs of background tasks.", labels=["task"]
    )
    for task, failures in sorted(task_failure_counts().items()):
        family.add_metric([task], failures)
    yield family


def _incidents() -> Iterator[Metric]:
    from incidents.models import Severity, Source
    from incidents.selectors import incidents_open

    counts: dict[tuple[str, str], int] = {}
    for source, severity in incidents_open().values_list("source", "severity"):
        counts[(source, severity)] = counts.get((source, severity), 0) + 1
    family = _gauge("incidents_open", "Open and acknowledged incidents.",
                    labels=["source", "severity"])
    for source in Source.values:
        for severity in Severity.values:
            family.add_metric([source, severity], counts.get((source, severity), 0))
    yield family


def _feedback() -> Iterator[Metric]:
    counts = _feedback_counts()
    if counts is None:
        return
    yield _gauge("feedback_requests_open", "Feedback requests awaiting an answer.",
                 counts["open"])
    yield _gauge("feedback_requests_overdue",
                 "Feedback requests past their three-working-day term.",
                 counts["overdue"])


def _feedback_counts() -> dict[str, int] | None:
    # Looked up by name: an installation without the desk (or a desk
    # without the selector) simply has no feedback metrics.
    app, module_name, function = FEEDBACK_SELECTOR
    if not apps.is_installed(app):
        return None
    try:
        module = import_module(module_name)
    except ImportError:
        return None
    reader: Any = getattr(module, function, None)
    if reader is None:
        return None
    counts = reader(now=timezone.now())
    return {"open": int(counts.open), "overdue": int(counts.overdue)}


def _backups() -> Iterator[Metric]:
    from operations.selectors import (
        backup_last_successful,
        verification_last_successful,
    )

    now = timezone.now()
    backup = backup_last_successful()
    if backup is not None and backup.finished_at is not None:
        yield _gauge("backup_last_success_age_seconds",
                     "Seconds since the last successful backup finished.",
                     (now - backup.finished_at).total_seconds())
    verified = verification_last_successful()
    if verified is not None:
        yield _gauge("restore_last_verified_age_seconds",
                     "Seconds since a backup was last restored and checked.",
                     (now - verified.finished_at).total_seconds())


def _probes() -> Iterator[Metric]:
    from operations.selectors import probe_latest

    latest = probe_latest()
    up = _gauge("probe_up", "1 when the last probe of the function passed.",
                labels=["function"])
    latency = _gauge("probe_latency_seconds", "Latency of the last probe.",
                     labels=["function"])
    for function, result in sorted(latest.items()):
        up.add_metric([function], 1 if result.ok else 0)
        if result.latency_ms is not None:
            latency.add_metric([function], result.latency_ms / 1000)
    yield up
    yield latency


def _soc() -> Iterator[Metric]:
    from security.selectors import soc_forwarding_status

    status = soc_forwarding_status()
    yield _gauge("soc_forwarding_backlog",
                 "Security events queued for the SOC and not yet confirmed.",
                 status.backlog)
    yield _gauge("soc_forwarding_lag_seconds",
                 "Seconds the oldest queued security event has waited (0: none).",
                 status.lag_seconds)
    yield _gauge("soc_forwarding_failing",
                 "Queued security events whose last send failed.", status.failing)


def _worker() -> Iterator[Metric]:
    from operations.health import WORKER_HEARTBEAT
    from operations.selectors import heartbeat_of

    beat = heartbeat_of(WORKER_HEARTBEAT)
    if beat is not None:
        yield _gauge("worker_heartbeat_age_seconds",
                     "Seconds since the worker last reported.",
                     (timezone.now() - beat.beat_at).total_seconds())
