from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from accounts.forms import (
    EmailAuthenticationForm,
    SeekerSignupForm,
    add_service_errors,
)
from accounts.models import Role
from accounts.services import user_create, user_create_check
from core.errors import ServiceError

# Where each role's own cabinet lives; staff work in the admin.
CABINET_BY_ROLE = {
    Role.JOB_SEEKER: "applications:seeker_cabinet",
    Role.EMPLOYER: "vacancy_cabinet:list",
    Role.OPERATOR: "admin:index",
    Role.ADMINISTRATOR: "admin:index",
    Role.AUDITOR: "admin:index",
}
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


def signup(request: HttpRequest) -> HttpResponse:
    """Register a job seeker and sign them in."""
    if request.user.is_authenticated:
        return redirect("accounts:cabinet")

    next_url = _safe_next(request)
    form = SeekerSignupForm(request.POST or None)
    if request.method == "POST" and _is_valid(form):
        try:
            user = user_create(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                role=Role.JOB_SEEKER,
                preferred_language=request.LANGUAGE_CODE,
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(request, gettext("Welcome! Your account is ready."))
            return redirect(next_url or "accounts:cabinet")

    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _is_valid(form: SeekerSignupForm) -> bool:
    """Validate FORM; when it fails, add the service's refusals of the rest.

    A mistyped second password then does not hide a taken email: the person
    sees every fault of the submission in one round.
    """
    if form.is_valid():
        return True
    data = form.cleaned_data
    try:
        user_create_check(
            email=data.get("email"),
            password=data.get("password"),
            full_name=data.get("full_name", ""),
        )
    except ServiceError as error:
        add_service_errors(form, error, skip=frozenset(form.errors))
    return False


def _safe_next(request: HttpRequest) -> str:
    """Return the page to go back to after sign-up, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    is_safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if is_safe else ""


@login_required
def cabinet(request: HttpRequest) -> HttpResponse:
    """Send the person to the cabinet of their role."""
    return redirect(CABINET_BY_ROLE[Role(request.user.role)])
