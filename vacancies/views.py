"""Public pages: the home page, vacancy search and one vacancy."""

import dataclasses

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import Role
from core.errors import NotFound, ValidationFailed
from employers.selectors import employer_receives_applications
from resumes.selectors import resume_list_for_owner
from vacancies.job_words import other_language_searches
from vacancies.jsonld import job_posting, script_json
from vacancies.models import CloseReason, Status, Vacancy
from vacancies.search_form import TextSearchForm, VacancySearchForm
from vacancies.selectors import (
    SearchQuery,
    parse_search_query,
    vacancy_get_public,
    vacancy_listable,
    vacancy_search,
    vacancy_search_finds_any,
)
from vacancies.stale_selectors import vacancy_may_be_filled
from vacancies.stats import home_counts


def home(request: HttpRequest) -> HttpResponse:
    context = {"form": TextSearchForm(), "counts": home_counts()}
    return render(request, "home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    form = VacancySearchForm(request.GET or None)
    try:
        query = parse_search_query(request.GET)
        page = vacancy_search(query, page=_page_number(request.GET.get("page")))
    except ValidationFailed as error:
        form.show_error(error)
        context = {"form": form, "page": None, **_page_to_open(request, error)}
        return render(request, "vacancies/search.html", context, status=400)
    # The cards name the oblast, which the search does not join.
    prefetch_related_objects(page.results, "oblast")
    context = {
        "form": form,
        "page": page,
        "other_searches": _other_searches(request, query),
        # With one word and no filter, "fewer words or filters" is no advice.
        "can_loosen": len(query.text.split()) > 1
        or query != SearchQuery(text=query.text, sort=query.sort),
    }
    return render(request, "vacancies/search.html", context)


def _page_to_open(request: HttpRequest, error: ValidationFailed) -> dict:
    """For a page number refused alone, a link to the page that does exist."""
    if [refusal.field for refusal in error.errors] != ["page"]:
        return {}
    number = error.params.get("last", 1)
    params = request.GET.copy()
    params.pop("page", None)
    if number > 1:
        params["page"] = str(number)
    return {"page_to_open": number, "page_to_open_url": "?" + params.urlencode()}


def _other_searches(
    request: HttpRequest, query: SearchQuery
) -> list[dict[str, str]]:
    """Links to the same search with its job words in another language.

    Only searches that find something are offered: the portal holds few
    vacancies in Kazakh, and a link to no results helps nobody.
    """
    links = []
    for other in other_language_searches(query.text):
        if not vacancy_search_finds_any(dataclasses.replace(query, text=other.text)):
            continue
        params = request.GET.copy()
        params["q"] = other.text
        params.pop("page", None)
        links.append(
            {"text": other.text, "language": other.language,
             "url": "?" + params.urlencode()}
        )
    return links


def detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    try:
        vacancy = vacancy_get_public(vacancy_id)
    except NotFound as error:
        raise Http404(error.message) from error

    is_open = vacancy_listable().filter(pk=vacancy.pk).exists()
    employer_url = reverse(
        "employers:detail", kwargs={"employer_id": vacancy.employer_id}
    )
    context = {
        "vacancy": vacancy,
        "is_open": is_open,
        "closed_reason": "" if is_open else _closed_reason(vacancy),
        "closing": None if is_open else _closing(vacancy),
        "may_be_filled": is_open and vacancy_may_be_filled(vacancy, now=timezone.now()),
        "employer_url": employer_url,
        "json_ld": _json_ld(request, vacancy, employer_url) if is_open else "",
        **_apply_context(request, vacancy),
    }
    return render(request, "vacancies/detail.html", context)


def _page_number(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    digits = raw.removeprefix("-")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationFailed(
            _("The page number must be a whole number."), field="page"
        )
    if raw.startswith("-"):
        return 0  # vacancy_search says that pages start at 1
    # Python refuses to read integers of thousands of digits; no listing has
    # a billion pages, and vacancy_search refuses that one with its advice.
    return int(raw) if len(raw) <= 9 else 10**9


def _closed_reason(vacancy: Vacancy) -> str:
    if vacancy.status == Status.CLOSED and vacancy.close_reason:
        return _("The vacancy is closed. Reason: %(reason)s.") % {
            "reason": vacancy.get_close_reason_display()
        }
    if vacancy.expires_on is not None:
        return _("The vacancy closed: its closing date, %(date)s, has passed.") % {
            "date": date_format(vacancy.expires_on, "DATE_FORMAT")
        }
    return _("The vacancy is closed.")


def _closing(vacancy: Vacancy) -> dict:
    """Return when ("on": a date or a moment, or None) and why a vacancy closed."""
    if vacancy.status == Status.CLOSED:
        reason = vacancy.get_close_reason_display() if vacancy.close_reason else ""
        return {"on": vacancy.closed_at, "reason": reason}
    # Still published, but past its closing date: it closed at the end of
    # that day, and the periodic expiry has not marked it yet.
    return {"on": vacancy.expires_on, "reason": CloseReason.EXPIRED.label}


def _json_ld(request: HttpRequest, vacancy: Vacancy, employer_url: str) -> str:
    posting = job_posting(
        vacancy,
        url=request.build_absolute_uri(request.path),
        employer_url=request.build_absolute_uri(employer_url),
        direct_apply=True,
    )
    # script_json escapes every character that could end the <script> element.
    return mark_safe(script_json(posting))  # noqa: S308


def _apply_context(request: HttpRequest, vacancy: Vacancy) -> dict:
    user = request.user
    on_portal = employer_receives_applications(vacancy.employer)
    if not user.is_authenticated or user.role != Role.JOB_SEEKER:
        return {
            "can_apply": False, "my_application": None, "my_resumes": [],
            "employer_on_portal": on_portal,
        }
    # Read through the reverse relation: the applications app builds on this
    # one, so importing its selectors here would close a circle.
    my_application = vacancy.applications.filter(applicant=user).first()
    return {
        "can_apply": my_application is None and on_portal,
        "my_application": my_application,
        "my_resumes": list(resume_list_for_owner(owner=user)) if on_portal else [],
        "employer_on_portal": on_portal,
    }
