import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext

from accounts.forms import (
    CabinetPasswordChangeForm,
    EmailAuthenticationForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SeekerSignupForm,
    add_service_errors,
)
from accounts.models import Role
from accounts.services import (
    password_changed,
    user_create,
    user_create_check,
)
from accounts.throttle import password_reset_wait
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


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Mail a link to set a new password; the answer never tells who exists."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        wait = password_reset_wait(self.request, email=email)
        if wait:
            minutes = math.ceil(wait / 60)
            form.add_error(None, ngettext(
                "Too many requests for a new password. Try again in %(minutes)d "
                "minute; a link already sent still works.",
                "Too many requests for a new password. Try again in %(minutes)d "
                "minutes; a link already sent still works.",
                minutes,
            ) % {"minutes": minutes})
            return self.render_to_response(
                self.get_context_data(form=form), status=429
            )
        # The link must lead to this portal's public address, not to whatever
        # Host header the request carried.
        self.extra_email_context = {"base_url": _base_url(self.request)}
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password through a mailed link, which then stops working."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(user=form.user, request=self.request, via="reset")
        messages.success(self.request, gettext(
            "Your password has been changed. Sign in with the new password."
        ))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; this session stays, the others end."""

    template_name = "accounts/password_change.html"
    form_class = CabinetPasswordChangeForm
    success_url = reverse_lazy("accounts:cabinet")

    def form_valid(self, form: CabinetPasswordChangeForm) -> HttpResponse:
        # Django keeps this session signed in (update_session_auth_hash); the
        # new password hash ends every other session of the person.
        response = super().form_valid(form)
        password_changed(
            user=self.request.user, request=self.request, via="cabinet"
        )
        messages.success(self.request, gettext(
            "Your password has been changed. You have been signed out everywhere "
            "else."
        ))
        return response

    def get_form_kwargs(self) -> dict:
        # The form's check of the current password records refusals with it.
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: CabinetPasswordChangeForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.locked_for:
            response.status_code = 429
            response["Retry-After"] = str(form.locked_for)
        return response


def _base_url(request: HttpRequest) -> str:
    configured = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return configured or request.build_absolute_uri("/").rstrip("/")
