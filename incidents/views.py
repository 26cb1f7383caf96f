"""Staff pages of the registry: read-only; changes are made in the admin."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from core.errors import NotFound
from core.localtime import local_today
from incidents.forms import IncidentFilterForm, MonthForm
from incidents.models import Severity, Source
from incidents.selectors import (
    MonthlyFigures,
    incident_detail,
    incident_list,
    incident_monthly_figures,
    user_may_manage_incidents,
    user_may_view_incidents,
)

PER_PAGE = 50


def _require_viewer(request: HttpRequest) -> None:
    if not user_may_view_incidents(request.user):
        raise PermissionDenied


@login_required
def incident_list_page(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    form = IncidentFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}

    page = Paginator(incident_list(**filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "incidents/list.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@login_required
def incident_detail_page(request: HttpRequest, number: str) -> HttpResponse:
    _require_viewer(request)
    try:
        detail = incident_detail(number=number)
    except NotFound as error:
        raise Http404(error.message) from None

    return render(request, "incidents/detail.html", {
        "detail": detail,
        "incident": detail.incident,
        "may_manage": user_may_manage_incidents(request.user),
    })


@login_required
def incident_figures_page(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    today = local_today()
    form = MonthForm(request.GET or {"year": today.year, "month": today.month})
    figures = None
    if form.is_valid():
        figures = incident_monthly_figures(**form.cleaned_data)

    rows = []
    if figures is not None:
        rows = [
            (label, [figures.by_source_and_severity.get((source, severity), 0)
                     for severity in Severity.values], figures.by_source[source])
            for source, label in Source.choices
        ]
    return render(request, "incidents/figures.html", {
        "form": form, "figures": figures, "rows": rows,
        "severities": Severity.choices, "durations": _durations(figures),
    })


def _durations(figures: MonthlyFigures | None) -> list[tuple[str, str]]:
    if figures is None:
        return []
    return [
        (gettext("Time to acknowledge, median"), _span(figures.to_acknowledge.median)),
        (gettext("Time to acknowledge, mean"), _span(figures.to_acknowledge.mean)),
        (gettext("Time to resolve, median"), _span(figures.to_resolve.median)),
        (gettext("Time to resolve, mean"), _span(figures.to_resolve.mean)),
    ]


def _span(value: dt.timedelta | None) -> str:
    if value is None:
        return "—"
    minutes = round(value.total_seconds() / 60)
    return gettext("%(hours)s h %(minutes)s min") % {
        "hours": minutes // 60, "minutes": minutes % 60,
    }
