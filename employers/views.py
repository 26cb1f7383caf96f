from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from accounts.forms import add_service_errors
from core.errors import NotFound, ServiceError
from employers.forms import EmployerSignupForm
from employers.selectors import employer_get_public, employer_open_vacancies
from employers.services import employer_register, employer_register_check

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"
PER_PAGE = 20


def signup(request: HttpRequest) -> HttpResponse:
    """Register a company together with the person who manages its account."""
    if request.user.is_authenticated:
        return redirect("accounts:cabinet")

    form = EmployerSignupForm(request.POST or None)
    if request.method == "POST" and _is_valid(form):
        try:
            employer = employer_register(
                **_registration(form.cleaned_data),
                preferred_language=request.LANGUAGE_CODE,
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            login(request, employer.members.get(), backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                gettext("%(name)s is registered. You can publish vacancies now.")
                % {"name": employer.name},
            )
            return redirect("vacancy_cabinet:list")

    return render(request, "employers/signup.html", {"form": form})


def _is_valid(form: EmployerSignupForm) -> bool:
    """Validate FORM; when it fails, add the service's refusals of the rest.

    A mistyped email then does not hide a wrong BIN: the person sees every
    fault of the submission in one round.
    """
    if form.is_valid():
        return True
    try:
        employer_register_check(**_registration(form.cleaned_data))
    except ServiceError as error:
        # A field the form refused keeps the form's complaint only.
        add_service_errors(form, error, skip=frozenset(form.errors))
    return False


def _registration(data: dict[str, Any]) -> dict[str, Any]:
    """The service's arguments from the fields the form accepted.

    A field the form refused is blank here (None for the email and password,
    which the service then leaves unjudged).
    """
    return {
        "name": data.get("name", ""),
        "bin": data.get("bin", ""),
        "region": data.get("region"),
        "contact_email": data.get("contact_email", ""),
        "contact_phone": data.get("contact_phone", ""),
        "full_name": data.get("full_name", ""),
        "email": data.get("email"),
        "password": data.get("password"),
    }


def detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    """The public page of a company with its open vacancies."""
    try:
        employer = employer_get_public(employer_id)
    except NotFound as error:
        raise Http404(error.message) from None

    page = Paginator(employer_open_vacancies(employer), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "employers/detail.html", {"employer": employer, "page": page}
    )
