from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from accounts.forms import add_service_error
from core.errors import NotFound, ServiceError
from employers.forms import EmployerSignupForm
from employers.selectors import employer_get_public, employer_open_vacancies
from employers.services import employer_register

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"
PER_PAGE = 20


def signup(request: HttpRequest) -> HttpResponse:
    """Register a company together with the person who manages its account."""
    if request.user.is_authenticated:
        return redirect("accounts:cabinet")

    form = EmployerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            employer = employer_register(
                name=data["name"], bin=data["bin"], region=data["region"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                email=data["email"], full_name=data["full_name"],
                password=data["password"],
                preferred_language=request.LANGUAGE_CODE,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            login(request, employer.members.get(), backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                gettext("%(name)s is registered. You can publish vacancies now.")
                % {"name": employer.name},
            )
            return redirect("vacancy_cabinet:list")

    return render(request, "employers/signup.html", {"form": form})


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
