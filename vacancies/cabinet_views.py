"""The employer cabinet: a company's vacancies, their form, publishing, closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.forms import add_service_error
from core.errors import Forbidden, NotFound, ServiceError, ValidationFailed
from employers.models import Employer
from employers.selectors import employer_for_member
from vacancies.cabinet_selectors import cabinet_vacancies, cabinet_vacancy_get
from vacancies.forms import CloseForm, VacancyForm
from vacancies.models import Vacancy
from vacancies.services import (
    vacancy_changes_check,
    vacancy_close,
    vacancy_create,
    vacancy_publish,
    vacancy_update,
)

PER_PAGE = 25
SALARY_BOUNDS = frozenset({"salary_from", "salary_to"})


def _employer_or_page(request: HttpRequest) -> Employer | HttpResponse:
    employer = employer_for_member(request.user)
    if employer is None:
        return render(request, "vacancies/cabinet_no_employer.html", status=403)
    return employer


def _vacancy(request: HttpRequest, vacancy_id: int) -> Vacancy:
    try:
        return cabinet_vacancy_get(vacancy_id=vacancy_id, user=request.user)
    except NotFound as error:
        raise Http404(error.message) from None
    except Forbidden as error:
        raise PermissionDenied(error.message) from None


def _show_errors(
    form: VacancyForm, error: ServiceError, *, skip: frozenset[str] = frozenset()
) -> None:
    # Every field at fault at once, each beside its field (ValidationErrors).
    for each in error.errors:
        if each.field not in skip:
            add_service_error(form, each)


def _is_valid(form: VacancyForm, *, vacancy: Vacancy | None) -> bool:
    """Validate FORM; when it fails, add the service's refusals of the rest.

    A mistyped number then does not hide a closing date that has passed:
    the employer sees every fault of the submission in one round.
    """
    if form.is_valid():
        return True
    readable = dict(form.cleaned_data)
    if vacancy is not None:
        readable = {name: readable[name] for name in form.changed_data
                    if name in readable}
    for bound in SALARY_BOUNDS & form.errors.keys():
        # Left out, the stored bound would stand in for the one the employer
        # has just mistyped, and the order of the pair be judged against it.
        readable[bound] = None
    try:
        vacancy_changes_check(vacancy=vacancy, changes=readable)
    except ValidationFailed as error:
        # A field with the form's own complaint keeps that one only.
        _show_errors(form, error, skip=frozenset(form.errors))
    return False


@login_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    employer = _employer_or_page(request)
    if isinstance(employer, HttpResponse):
        return employer

    page = Paginator(cabinet_vacancies(employer), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "vacancies/cabinet_list.html", {"employer": employer, "page": page}
    )


@login_required
def vacancy_new(request: HttpRequest) -> HttpResponse:
    employer = _employer_or_page(request)
    if isinstance(employer, HttpResponse):
        return employer

    form = VacancyForm(request.POST or None)
    if request.method == "POST" and _is_valid(form, vacancy=None):
        try:
            vacancy_create(employer=employer, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            _show_errors(form, error)
        else:
            messages.success(request, gettext("The vacancy is saved as a draft."))
            return redirect("vacancy_cabinet:list")

    return render(
        request, "vacancies/cabinet_form.html", {"form": form, "employer": employer}
    )


@login_required
def vacancy_edit(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = _vacancy(request, vacancy_id)

    form = VacancyForm(request.POST or None, vacancy=vacancy)
    if request.method == "POST" and _is_valid(form, vacancy=vacancy):
        try:
            vacancy_update(vacancy=vacancy, by=request.user, changes=form.changes())
        except ServiceError as error:
            _show_errors(form, error)
        else:
            messages.success(request, gettext("The vacancy is saved."))
            return redirect("vacancy_cabinet:list")

    return render(
        request, "vacancies/cabinet_form.html",
        {"form": form, "vacancy": vacancy, "employer": vacancy.employer},
    )


@login_required
@require_POST
def vacancy_publish_view(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = _vacancy(request, vacancy_id)
    try:
        vacancy_publish(vacancy=vacancy, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error.message))
        if error.field:
            # The fix is in the form (a closing date that has passed).
            return redirect("vacancy_cabinet:edit", vacancy_id=vacancy.pk)
    else:
        messages.success(request, gettext("The vacancy is published."))
    return redirect("vacancy_cabinet:list")


@login_required
def vacancy_close_view(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = _vacancy(request, vacancy_id)

    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy_close(
                vacancy=vacancy, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("The vacancy is closed."))
            return redirect("vacancy_cabinet:list")

    return render(
        request, "vacancies/cabinet_close.html", {"form": form, "vacancy": vacancy}
    )
