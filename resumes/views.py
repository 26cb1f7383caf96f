"""Pages of resumes: the job seeker's editor and the employers' search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseFormSet, Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from core.errors import Forbidden, NotFound, ValidationFailed
from resumes.forms import (
    EducationFormSet,
    ExperienceFormSet,
    ResumeForm,
    ResumeSearchForm,
    filled_rows,
    initial_values,
    readable_rows,
    resume_data,
)
from resumes.models import Resume
from resumes.selectors import (
    resume_get_for_owner,
    resume_get_for_viewer,
    resume_search_public,
)
from resumes.services import (
    ResumeData,
    resume_check,
    resume_create,
    resume_create_check,
    resume_update,
)

PER_PAGE = 20


@login_required
def create(request: HttpRequest) -> HttpResponse:
    # Refused on opening, not on saving: an employer must not fill the whole
    # form only to lose it.
    try:
        resume_create_check(owner=request.user)
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    return _editor(request, resume=None)


@login_required
def edit(request: HttpRequest, resume_id: int) -> HttpResponse:
    try:
        resume = resume_get_for_owner(resume_id=resume_id, owner=request.user)
    except NotFound as error:
        raise Http404(error.message) from error
    return _editor(request, resume=resume)


@login_required
def detail(request: HttpRequest, resume_id: int) -> HttpResponse:
    try:
        resume = resume_get_for_viewer(resume_id=resume_id, viewer=request.user)
    except NotFound as error:
        raise Http404(error.message) from error
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    context = {
        "resume": resume,
        "is_owner": resume.owner_id == request.user.pk,
        "can_invite": request.user.role == Role.EMPLOYER,
    }
    return render(request, "resumes/detail.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = ResumeSearchForm(request.GET or None)
    fields = form.cleaned_data if form.is_valid() else {}
    try:
        resumes = resume_search_public(
            viewer=request.user,
            text=fields.get("q", ""),
            region=fields.get("region"),
            occupation=fields.get("occupation"),
        )
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except ValidationFailed as error:
        form.add_error(error.field if error.field in form.fields else None,
                       str(error.message))
    if form.errors:
        return render(request, "resumes/search.html", {"form": form}, status=400)

    page = Paginator(resumes, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "resumes/search.html", {"form": form, "page": page})


def _editor(request: HttpRequest, *, resume: Resume | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial, experience_initial, education_initial = initial_values(resume)
    form = ResumeForm(data, initial=initial)
    experience = ExperienceFormSet(
        data, initial=experience_initial, prefix="experience"
    )
    education = EducationFormSet(data, initial=education_initial, prefix="education")
    context = {
        "form": form, "experience": experience, "education": education,
        "resume": resume,
    }
    if data is None:
        return render(request, "resumes/form.html", context)

    if not all([form.is_valid(), experience.is_valid(), education.is_valid()]):
        _check_readable(form, experience, education)
        return render(request, "resumes/form.html", context, status=400)

    rows = {
        "experience": filled_rows(experience),
        "education": filled_rows(education),
    }
    try:
        resume = _save(request, resume, resume_data(form, **rows))
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except ValidationFailed as error:
        _attach_error(error, form, rows)
    else:
        messages.success(request, _("The resume is saved."))
        return redirect("resumes:detail", resume_id=resume.pk)
    return render(request, "resumes/form.html", context, status=400)


def _check_readable(
    form: Form, experience: BaseFormSet, education: BaseFormSet
) -> None:
    """Add the service's refusals of what the forms could read.

    A mistyped date then does not hide a negative salary: the job seeker
    sees every fault of the submission in one round.
    """
    rows = {
        "experience": readable_rows(experience),
        "education": readable_rows(education),
    }
    try:
        resume_check(data=resume_data(form, **rows))
    except ValidationFailed as error:
        # A field with the form's own complaint keeps that one only.
        _attach_error(error, form, rows, skip=frozenset(form.errors))


def _save(request: HttpRequest, resume: Resume | None, data: ResumeData) -> Resume:
    if resume is None:
        return resume_create(owner=request.user, data=data)
    return resume_update(resume=resume, by=request.user, data=data)


def _attach_error(
    error: ValidationFailed,
    form: Form,
    rows: dict[str, list[Form]],
    *,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Show every refusal of the service beside the field or the entry at fault.

    Entry fields are named like "experience.0.position", counting the rows
    the user filled in.
    """
    for each in error.errors:
        message = str(each.message)
        section, _dot, rest = (each.field or "").partition(".")
        if section in rows and rest:
            number, _dot, name = rest.partition(".")
            row = rows[section][int(number)]
            row.add_error(name if name in row.fields else None, message)
            continue
        if each.field not in skip:
            form.add_error(each.field if each.field in form.fields else None, message)
