"""Health probes, metrics and the operations pages.

/health/live and /health/ready answer machines (load balancer, monitoring);
the details of readiness and /metrics are only for the back office or a
holder of the configured bearer token, because they describe the inside of
the installation.
"""

import datetime as dt
import hmac

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_safe,
)

from accounts.selectors import user_is_back_office
from core.errors import ServiceError
from core.localtime import local_today
from incidents.selectors import incidents_open
from operations import conf
from operations.charts import availability_chart
from operations.forms import MonthForm
from operations.health import readiness
from operations.metrics import exposition
from operations.models import ProbeFunction
from operations.selectors import (
    backups_recent,
    maintenance_windows,
    probe_current_states,
    uptime_by_day,
    uptime_month,
    user_may_view_operations,
    verifications_recent,
)
from resumes.stale_selectors import resume_stale_report
from resumes.stale_selectors import stale_after as resume_stale_after
from vacancies.services import vacancy_reconfirm, vacancy_stale_close
from vacancies.stale_selectors import vacancies_stale, vacancy_stale_report

DASHBOARD_DAYS = 30
STATUS_DAYS = 90
STATUS_CACHE_SECONDS = 300
UPCOMING_MAINTENANCE = dt.timedelta(days=7)
STALE_LISTED = 200


# Monitoring tools often probe with HEAD: the probes answer it like GET.
@never_cache
@require_safe
def health_live(request: HttpRequest) -> JsonResponse:
    """Answer as long as the process can answer at all; touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def health_ready(request: HttpRequest) -> JsonResponse:
    result = readiness()
    status = 200 if result.ok else 503
    if _may_read_details(request, conf.health_token()):
        return JsonResponse(result.as_json(), status=status)
    return JsonResponse({"status": "ok" if result.ok else "fail"}, status=status)


def _may_read_details(request: HttpRequest, token: str) -> bool:
    offered = _bearer(request)
    if token and offered is not None:
        return hmac.compare_digest(offered, token)
    return user_may_view_operations(request.user)


def _bearer(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_read_metrics(request):
        refusal = HttpResponse("Forbidden: a bearer token is needed.\n", status=401,
                               content_type="text/plain; charset=utf-8")
        refusal["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return refusal
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)


def _may_read_metrics(request: HttpRequest) -> bool:
    token = conf.metrics_token()
    offered = _bearer(request)
    if token and offered is not None:
        return hmac.compare_digest(offered, token)
    return conf.metrics_allow_staff() and user_may_view_operations(request.user)


# --- Pages -----------------------------------------------------------------------

def _require_viewer(request: HttpRequest) -> None:
    if not user_may_view_operations(request.user):
        raise PermissionDenied


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Uptime of the last 30 days, a month's figures, incidents and backups."""
    _require_viewer(request)
    today = local_today()
    form = MonthForm(request.GET)
    chosen = form.cleaned_data["month"] if form.is_valid() else None
    year, month = chosen or (today.year, today.month)

    rows = uptime_by_day(first_day=today - dt.timedelta(days=DASHBOARD_DAYS - 1),
                         last_day=today)
    states = probe_current_states()
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return render(request, "operations/dashboard.html", {
        "states": [(ProbeFunction(f).label, state) for f, state in states.items()],
        "overall": _overall(states.values()), "readiness": readiness(),
        "rows": [(row, availability_chart(row.days)) for row in rows],
        "form": form, "year": year, "month": month,
        "previous_month": f"{previous:%Y-%m}",
        "month_rows": uptime_month(year=year, month=month),
        "incidents": list(incidents_open()[:50]),
        "backups": backups_recent(), "verifications": verifications_recent(),
    })


@require_GET
def status_page(request: HttpRequest) -> HttpResponse:
    """The public state of the portal and its last 90 days, in every language."""
    now = timezone.now()
    key = f"operations:status:{get_language()}"
    history = cache.get(key)
    if history is None:
        today = local_today()
        rows = uptime_by_day(first_day=today - dt.timedelta(days=STATUS_DAYS - 1),
                             last_day=today)
        history = [(row, availability_chart(row.days)) for row in rows]
        cache.set(key, history, STATUS_CACHE_SECONDS)
    states = probe_current_states()
    return render(request, "operations/status.html", {
        "states": [(ProbeFunction(f).label, state) for f, state in states.items()],
        "overall": _overall(states.values()),
        "history": history,
        "maintenance": maintenance_windows(start=now, end=now + UPCOMING_MAINTENANCE),
    })


def _overall(states: object) -> str:
    values = set(states)  # type: ignore[call-overload]
    for state in ("down", "maintenance", "up"):
        if state in values:
            return state
    return "unknown"


@login_required
@require_http_methods(["GET", "POST"])
def stale_vacancies(request: HttpRequest) -> HttpResponse:
    """The administrator's report of stale records by region and employer."""
    _require_viewer(request)
    now = timezone.now()
    if request.method == "POST":
        return _close_stale(request, now)
    return render(request, "operations/stale_vacancies.html", {
        "groups": vacancy_stale_report(now=now),
        "vacancies": list(vacancies_stale(now=now)[:STALE_LISTED]),
        "may_close": user_is_back_office(request.user),
        "resume_groups": resume_stale_report(now=now),
        "resume_stale_days": resume_stale_after().days,
    })


def _close_stale(request: HttpRequest, now: dt.datetime) -> HttpResponse:
    if not user_is_back_office(request.user):
        raise PermissionDenied
    try:
        vacancy_id = int(request.POST.get("vacancy", ""))
    except ValueError:
        raise Http404 from None
    vacancy = vacancies_stale(now=now).filter(pk=vacancy_id).first()
    if vacancy is None:
        raise Http404
    try:
        vacancy_stale_close(vacancy=vacancy, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("Vacancy “%(title)s” closed as expired.")
                         % {"title": vacancy.title})
    return redirect("operations:stale_vacancies")


@require_http_methods(["GET", "POST"])
def vacancy_reconfirm_page(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a page with one button, so that a mail scanner's GET
    does not answer for the employer."""
    if request.method == "GET":
        return render(request, "operations/reconfirm.html", {"token": token})
    try:
        vacancy = vacancy_reconfirm(token=token)
    except ServiceError as error:
        return render(request, "operations/reconfirm.html",
                      {"token": token, "error": error.message}, status=error.status)
    return render(request, "operations/reconfirm.html", {"vacancy": vacancy})
