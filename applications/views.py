"""Pages of applications: applying, the job seeker's cabinet, the employer's inbox."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from applications.forms import ApplyForm, DecisionForm, InviteForm
from applications.models import Application
from applications.selectors import (
    application_get_for_employer_user,
    application_list_for_applicant,
    application_list_for_employer_user,
    application_of,
    employers_of,
    invitation_list_for_owner,
    vacancy_get_for_employer_user,
)
from applications.services import (
    application_accept,
    application_reject,
    application_submit,
    application_submit_check,
    invitation_send,
)
from core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from employers.selectors import employer_receives_applications
from resumes.selectors import resume_get_for_viewer, resume_list_for_owner
from vacancies.models import Vacancy
from vacancies.selectors import vacancy_get_public

PER_PAGE = 30
# The same submission again within this time is a double click: it was sent.
REPEAT_WINDOW = dt.timedelta(seconds=30)
# Refusals that sending the same form again would only repeat: the page shows
# the typed text read-only instead of a form (the vacancy or the first
# application has to change first, not the input).
FINAL_REFUSALS = frozenset(
    {"already_applied", "vacancy_closed", "employer_not_on_portal"}
)
_DECISIONS = {"accept": application_accept, "reject": application_reject}


@login_required
def apply(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    try:
        vacancy = vacancy_get_public(vacancy_id)
    except NotFound as error:
        raise Http404(error.message) from error
    form = ApplyForm(_posted(request), applicant=request.user)
    if request.method != "POST":
        return _apply_page(request, vacancy, form)

    context = {"vacancy": vacancy, "form": form}
    status = 400
    if form.is_valid():
        try:
            application = application_submit(
                vacancy=vacancy,
                applicant=request.user,
                resume=form.cleaned_data["resume"],
                cover_letter=form.cleaned_data["cover_letter"],
            )
        except Forbidden as error:
            raise PermissionDenied(error.message) from error
        except Conflict as error:
            # Another submission already stands: what was typed now stays on
            # the page, read-only, so the person can copy it rather than lose it.
            _show_error(form, error)
            context.update(_refused(form, error))
            context["existing"] = application_of(
                vacancy=vacancy, applicant=request.user
            )
            status = 409
        except ValidationFailed as error:
            _show_error(form, error)
            if error.code in FINAL_REFUSALS:
                context.update(_refused(form, error))
        else:
            messages.success(request, _applied_message(application))
            return redirect("vacancies:detail", vacancy_id=vacancy.pk)
    return render(request, "applications/apply.html", context, status=status)


def _refused(form: ApplyForm, error: ServiceError) -> dict:
    """Context of a refusal that the same form cannot overcome."""
    return {"refused": error.code, "kept_letter": form.cleaned_data["cover_letter"]}


def _apply_page(request: HttpRequest, vacancy: Vacancy, form: Form) -> HttpResponse:
    """Show the form only to someone who can apply; otherwise say why not."""
    context = {"vacancy": vacancy, "form": form}
    application = application_of(vacancy=vacancy, applicant=request.user)
    if application is not None:
        context["application"] = application
        context["employer_on_portal"] = employer_receives_applications(
            vacancy.employer
        )
        return render(request, "applications/apply.html", context)

    try:
        application_submit_check(vacancy=vacancy, applicant=request.user)
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except ValidationFailed as error:
        context["refusal"] = error
    return render(request, "applications/apply.html", context)


def _applied_message(application: Application) -> str:
    if application.created_at < timezone.now() - REPEAT_WINDOW:
        # The same submission long after the first (a stale tab): say which
        # one the employer has, with its date, rather than "sent" again.
        return _(
            "You already applied for this vacancy on %(date)s. That application "
            "stands; the employer has not received a second one."
        ) % {"date": date_format(timezone.localtime(application.created_at))}
    return _("Your application has been sent to the employer.")


@login_required
def seeker_cabinet(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role != Role.JOB_SEEKER:
        raise PermissionDenied(_("This cabinet belongs to job seekers."))
    context = {
        "resumes": resume_list_for_owner(owner=user),
        "applications": application_list_for_applicant(applicant=user),
        "invitations": invitation_list_for_owner(owner=user),
    }
    return render(request, "applications/seeker_cabinet.html", context)


@login_required
def employer_applications(request: HttpRequest) -> HttpResponse:
    if not employers_of(user=request.user).exists():
        raise PermissionDenied(_("Only employers receive applications."))
    applications = application_list_for_employer_user(user=request.user)
    return _inbox(request, applications, vacancy=None)


@login_required
def vacancy_applications(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    try:
        vacancy = vacancy_get_for_employer_user(
            vacancy_id=vacancy_id, user=request.user
        )
    except NotFound as error:
        raise Http404(error.message) from error
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    applications = application_list_for_employer_user(
        user=request.user, vacancy=vacancy
    )
    return _inbox(request, applications, vacancy=vacancy)


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_for_employer(request, application_id)
    return render(
        request, "applications/application_detail.html", {"application": application}
    )


@require_POST
@login_required
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_for_employer(request, application_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to reject the application."))
        return _back(request, application)

    service = _DECISIONS[form.cleaned_data["decision"]]
    try:
        service(application=application, by=request.user)
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The decision is saved."))
    return _back(request, application)


@login_required
def invite(request: HttpRequest, resume_id: int) -> HttpResponse:
    try:
        resume = resume_get_for_viewer(resume_id=resume_id, viewer=request.user)
    except NotFound as error:
        raise Http404(error.message) from error
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    if not employers_of(user=request.user).exists():
        raise PermissionDenied(_("Only employers can invite job seekers."))
    form = InviteForm(_posted(request), user=request.user)
    context = {"resume": resume, "form": form}
    if request.method != "POST":
        return render(request, "applications/invite.html", context)

    if form.is_valid():
        try:
            invitation_send(
                employer=form.cleaned_data["employer"],
                resume=resume,
                vacancy=form.cleaned_data["vacancy"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except (Forbidden, ValidationFailed) as error:
            _show_error(form, error)
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("resumes:detail", resume_id=resume.pk)
    return render(request, "applications/invite.html", context, status=400)


def _inbox(
    request: HttpRequest,
    applications: QuerySet[Application],
    *,
    vacancy: Vacancy | None,
) -> HttpResponse:
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "vacancy": vacancy}
    return render(request, "applications/employer_applications.html", context)


def _application_for_employer(request: HttpRequest, application_id: int) -> Application:
    try:
        return application_get_for_employer_user(
            application_id=application_id, user=request.user
        )
    except NotFound as error:
        raise Http404(error.message) from error
    except Forbidden as error:
        raise PermissionDenied(error.message) from error


def _back(request: HttpRequest, application: Application) -> HttpResponse:
    """Return to the list the decision was made from, or to the application."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe:
        return redirect(target)
    return redirect("applications:detail", application_id=application.pk)


def _posted(request: HttpRequest) -> QueryDict | None:
    # An empty POST still binds the form, so that its errors are shown.
    return request.POST if request.method == "POST" else None


def _show_error(form: Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
