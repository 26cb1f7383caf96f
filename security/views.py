"""Staff pages of the security journal: search, and a CSV export that is logged."""

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from security.forms import JournalFilterForm
from security.models import SecurityEvent
from security.selectors import security_event_list, user_may_view_security_journal
from security.services import security_event_record

PER_PAGE = 50
CSV_COLUMNS = [
    "event_id", "occurred_at_utc", "occurred_at_local", "name", "outcome", "level",
    "actor_id", "subject", "source_ip", "user_agent", "object_ref", "request_id",
    "details", "hash",
]


def _require_viewer(request: HttpRequest) -> None:
    if not user_may_view_security_journal(request.user):
        security_event_record(
            name="authz_fail", outcome="failure", actor_id=request.user.pk,
            request=request, object_ref="security_journal",
        )
        raise PermissionDenied


@login_required
def journal_page(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    form = JournalFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else {}

    page = Paginator(security_event_list(**filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "security/journal.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@login_required
def journal_export(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    form = JournalFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "security/journal.html", {
            "form": form, "page": None, "query": "",
        }, status=400)

    filters = form.filters()
    events = security_event_list(**filters)
    # An export of the journal is itself a security event (OWASP data_export).
    security_event_record(
        name="data_export", outcome="success", actor_id=request.user.pk,
        request=request, object_ref="security_journal",
        details={"filters": {k: str(v) for k, v in filters.items()},
                 "rows": events.count()},
    )
    response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="security-journal-{stamp}.csv"'
    )
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=1000):
        yield writer.writerow(_csv_row(event))


def _csv_row(event: SecurityEvent) -> list[str]:
    local = timezone.localtime(event.occurred_at)
    values = [
        str(event.event_id), event.occurred_at.astimezone(dt.UTC).isoformat(),
        local.isoformat(), event.name, event.outcome, event.level,
        "" if event.actor_id is None else str(event.actor_id), event.subject,
        event.source_ip or "", event.user_agent, event.object_ref, event.request_id,
        str(event.details or ""), event.hash,
    ]
    # A cell starting with = + - @ is run as a formula by spreadsheets.
    return ["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in values]


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Record a refused cross-site request, then explain it on a portal page.

    A foreign Origin or Referer is what a forged cross-site form looks like
    (CRITICAL, as every malicious_* event); a missing or stale token is
    mostly an old tab (signed in or out in another one), so it is only a
    warning. The page speaks the visitor's language and leads back to the
    form: Back in the browser still holds what was typed.
    """
    origin = "origin" in reason.lower() or "referer" in reason.lower()
    security_event_record(
        name="malicious_csrf", outcome="failure",
        actor_id=request.user.pk if getattr(request, "user", None) else None,
        request=request, object_ref=request.path[:200],
        details={"reason": reason[:200]},
        level=None if origin else "WARN",
    )
    response = render(request, "403_csrf.html", {
        "back_url": _same_origin_referer(request),
    }, status=403)
    add_never_cache_headers(response)
    return response


def _same_origin_referer(request: HttpRequest) -> str:
    """The page the refused form was sent from, if it is ours; else "".

    With SECURE_REFERRER_POLICY "same-origin" a browser names our own page,
    usually the form itself (a page one can open again); a foreign or absent
    Referer is never followed.
    """
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if referer and safe else ""
