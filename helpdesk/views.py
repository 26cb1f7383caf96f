"""Pages of the feedback desk: the public form, the private page, the staff desk."""

import csv
import datetime as dt
import math
import secrets
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.errors import Conflict, NotFound, ServiceError, ValidationFailed
from core.localtime import local_today
from helpdesk import conf
from helpdesk.attachments import KINDS, content_disposition, download_name
from helpdesk.kept_files import (
    KeptFile,
    kept_files_discard,
    kept_files_hold,
    kept_files_merge,
    kept_files_open,
)
from helpdesk.forms import (
    AssignForm,
    CloseForm,
    FeedbackForm,
    FollowUpForm,
    IncidentLinkForm,
    IncidentOpenForm,
    MonthForm,
    NoteForm,
    QueueFilterForm,
    ReplyForm,
)
from helpdesk.models import Attachment, FeedbackRequest
from helpdesk.selectors import (
    ReportRow,
    attachment_for_staff,
    attachment_of,
    attachment_open,
    monthly_report,
    number_lookalike,
    queue_counts,
    request_by_number,
    request_by_token,
    request_correspondence,
    request_queue,
    request_timeline,
    user_may_work_desk,
)
from helpdesk.services import (
    TERM_WORKING_DAYS,
    honeypot_record,
    request_assign,
    request_close,
    request_follow_up,
    request_follow_up_check,
    request_incident_link,
    request_incident_open,
    request_note_add,
    request_reply,
    request_submit,
    request_submit_check,
)
from helpdesk.throttle import Verdict, throttle_check, throttle_count
from incidents.selectors import incidents_linked_to
from workdays.selectors import term_due

PER_PAGE = 50
SUBMIT_GROUP = "helpdesk:submit"
FOLLOW_UP_GROUP = "helpdesk:follow-up"


# The public form -----------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_page(request: HttpRequest) -> HttpResponse:
    """The feedback form of paragraph 7; signing in is never required."""
    form = FeedbackForm(_posted(request), request.FILES or None,
                        initial=_contact_initial(request))
    if request.method != "POST":
        return _form_page(request, form)

    key = request.POST.get("submission_key", "")
    kept, gone = kept_files_open(request.POST.getlist("kept"), submission_key=key)
    files = kept_files_merge(request.FILES.getlist("attachments"), kept)
    try:
        return _feedback_sent(request, form, files, gone=gone, key=key)
    finally:
        for upload in kept:
            upload.close()


def _feedback_sent(
    request: HttpRequest,
    form: FeedbackForm,
    files: list[UploadedFile],
    *,
    gone: list[ValidationFailed],
    key: str,
) -> HttpResponse:
    if not _is_valid(request, form, files, gone=gone):
        kept = kept_files_hold(files, submission_key=key)
        return _form_page(request, form, kept=kept)

    verdict = throttle_check(request, group=SUBMIT_GROUP)
    if not verdict.allowed:
        kept = kept_files_hold(files, submission_key=key)
        return _form_page(request, form, too_many=verdict, kept=kept)
    if form.cleaned_data["website"]:
        # Counted like a real request, so that a bot meets the same limit.
        throttle_count(request, group=SUBMIT_GROUP)
        honeypot_record(http_request=request)
        kept_files_discard(files)
        return _decoy(request)
    return _submit(request, form, files, key=key)


def _is_valid(
    request: HttpRequest,
    form: FeedbackForm,
    files: list[UploadedFile],
    *,
    gone: list[ValidationFailed],
) -> bool:
    """Validate FORM; when it fails, add the service's refusals of the rest.

    A missing message then does not hide a wrong phone number or a refused
    file: the person sees every fault of the submission in one round.
    """
    if form.is_valid() and not gone:
        return True
    data = form.cleaned_data
    refused = frozenset(form.errors)
    try:
        request_submit_check(
            name=data.get("name"), email=data.get("email"), phone=data.get("phone"),
            text=data.get("text"), topic=data.get("topic"), files=files,
            user=_user(request), http_request=request,
        )
    except ServiceError as error:
        _show_error(form, error, skip=refused)
    for error in gone:
        form.add_error("attachments", str(error.message))
    return False


def _submit(
    request: HttpRequest, form: FeedbackForm, files: list[UploadedFile], *, key: str
) -> HttpResponse:
    data = form.cleaned_data
    try:
        submission = request_submit(
            name=data["name"], email=data["email"], phone=data["phone"],
            topic=data["topic"], text=data["text"], files=files,
            language=request.LANGUAGE_CODE, submission_key=data["submission_key"],
            user=_user(request), base_url=_base_url(request),
            http_request=request,
        )
    except Conflict as error:
        if error.code != "already_received":
            raise
        kept_files_discard(files)
        earlier = error.params["request"]
        return _received(request, number=earlier.number, due_at=earlier.due_at,
                         link=None)
    except ServiceError as error:
        _show_error(form, error)
        kept = kept_files_hold(files, submission_key=key)
        return _form_page(request, form, kept=kept)

    kept_files_discard(files)
    throttle_count(request, group=SUBMIT_GROUP)
    link = _private_link(request, submission.token)
    return _received(request, number=submission.request.number,
                     due_at=submission.request.due_at, link=link)


def _form_page(
    request: HttpRequest,
    form: FeedbackForm,
    *,
    too_many: Verdict | None = None,
    kept: list[KeptFile] | None = None,
) -> HttpResponse:
    status = 200
    context: dict[str, Any] = {"form": form, "kept_files": kept or [], **_limits()}
    if not form.is_bound:
        form.initial.setdefault("submission_key", _new_key())
    if too_many is not None:
        context["too_many"] = _too_many_message(too_many)
        status = 429
    response = render(request, "helpdesk/form.html", context, status=status)
    if too_many is not None:
        response["Retry-After"] = str(too_many.retry_after)
    return response


def _decoy(request: HttpRequest) -> HttpResponse:
    """Answer a filled honeypot like a success; nothing is stored or sent."""
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    return _received(request, number=number_lookalike(now),
                     due_at=term_due(now, working_days=TERM_WORKING_DAYS),
                     link=_private_link(request, token))


def _received(
    request: HttpRequest, *, number: str, due_at: dt.datetime, link: str | None
) -> HttpResponse:
    response = render(request, "helpdesk/received.html", {
        "number": number, "due_at": due_at, "link": link,
    })
    response["Referrer-Policy"] = "no-referrer"
    return response


# The requester's private page ----------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def private_page(request: HttpRequest, token: str) -> HttpResponse:
    """Follow a request and read its answers without an account."""
    feedback = _by_token(token)
    form = FollowUpForm(_posted(request), request.FILES or None)
    if request.method != "POST":
        return _private(request, feedback, form, token, status=200)

    # Kept files of one request's page serve only that page again.
    key = f"follow-up:{feedback.number}"
    kept, gone = kept_files_open(request.POST.getlist("kept"), submission_key=key)
    files = kept_files_merge(request.FILES.getlist("attachments"), kept)
    try:
        return _follow_up_sent(request, feedback, form, token, files,
                               gone=gone, key=key)
    finally:
        for upload in kept:
            upload.close()


def _follow_up_sent(
    request: HttpRequest,
    feedback: FeedbackRequest,
    form: FollowUpForm,
    token: str,
    files: list[UploadedFile],
    *,
    gone: list[ValidationFailed],
    key: str,
) -> HttpResponse:
    if not _follow_up_valid(request, feedback, form, files, gone=gone):
        kept = kept_files_hold(files, submission_key=key)
        return _private(request, feedback, form, token, status=200, kept=kept)

    verdict = throttle_check(request, group=FOLLOW_UP_GROUP)
    if not verdict.allowed:
        kept = kept_files_hold(files, submission_key=key)
        return _too_many_follow_ups(request, feedback, form, token, verdict, kept)
    try:
        request_follow_up(
            request=feedback, text=form.cleaned_data["text"], files=files,
            base_url=_base_url(request), http_request=request,
        )
    except ServiceError as error:
        _show_error(form, error)
        kept = kept_files_hold(files, submission_key=key)
        return _private(request, feedback, form, token, status=200, kept=kept)

    kept_files_discard(files)
    throttle_count(request, group=FOLLOW_UP_GROUP)
    messages.success(request, gettext("Your message has been sent."))
    return redirect("helpdesk:private", token=token)


def _follow_up_valid(
    request: HttpRequest,
    feedback: FeedbackRequest,
    form: FollowUpForm,
    files: list[UploadedFile],
    *,
    gone: list[ValidationFailed],
) -> bool:
    """Validate FORM; when it fails, add the service's refusals of the files.

    A missing text then does not hide a refused file.
    """
    if form.is_valid() and not gone:
        return True
    try:
        request_follow_up_check(
            request=feedback, text=form.cleaned_data.get("text"), files=files,
            http_request=request,
        )
    except ServiceError as error:
        _show_error(form, error, skip=frozenset(form.errors))
    for error in gone:
        form.add_error("attachments", str(error.message))
    return False


def _too_many_follow_ups(
    request: HttpRequest,
    feedback: FeedbackRequest,
    form: FollowUpForm,
    token: str,
    verdict: Verdict,
    kept: list[KeptFile],
) -> HttpResponse:
    form.add_error(None, _too_many_message(verdict))
    response = _private(request, feedback, form, token, status=429, kept=kept)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _private(
    request: HttpRequest,
    feedback: FeedbackRequest,
    form: FollowUpForm,
    token: str,
    *,
    status: int,
    kept: list[KeptFile] | None = None,
) -> HttpResponse:
    response = render(request, "helpdesk/private.html", {
        "feedback": feedback,
        "correspondence": request_correspondence(feedback),
        "form": form,
        "token": token,
        "kept_files": kept or [],
        **_limits(),
    }, status=status)
    # The page's address is the key to it: it must not leave in a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def private_attachment(
    request: HttpRequest, token: str, attachment_id: int
) -> HttpResponse:
    feedback = _by_token(token)
    try:
        attachment = attachment_of(feedback, attachment_id)
    except NotFound as error:
        raise Http404(error.message) from None
    return _download(attachment)


def _by_token(token: str) -> FeedbackRequest:
    try:
        return request_by_token(token)
    except NotFound as error:
        raise Http404(error.message) from None


# The staff desk ---------------------------------------------------------------


def desk_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Operators and administrators only; others get 403, strangers sign in.

    The pages carry requesters' contact details: no cache keeps them.
    """

    @wraps(view)
    @never_cache
    @login_required
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_may_work_desk(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@desk_required
def queue_page(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    requests = request_queue(user=request.user, **filters)

    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "helpdesk/queue.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "counts": queue_counts(), "now": timezone.now(),
    })


@desk_required
def detail_page(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _by_number(number))


def _detail(
    request: HttpRequest, feedback: FeedbackRequest, **bound: Form
) -> HttpResponse:
    forms: dict[str, Form] = {
        "assign_form": AssignForm(initial={"assignee": feedback.assignee_id}),
        "note_form": NoteForm(),
        "reply_form": ReplyForm(),
        "close_form": CloseForm(),
        "incident_open_form": IncidentOpenForm(),
        "incident_link_form": IncidentLinkForm(),
    }
    forms.update(bound)
    return render(request, "helpdesk/detail.html", {
        "feedback": feedback,
        "correspondence": request_correspondence(feedback),
        "events": request_timeline(feedback),
        "incidents": incidents_linked_to(kind="feedback_request",
                                         reference=feedback.number),
        "now": timezone.now(),
        **forms,
    }, status=400 if bound else 200)


def _act(
    request: HttpRequest,
    number: str,
    form_name: str,
    form_class: type[Form],
    perform: Callable[[FeedbackRequest, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Run one staff step from the request page; show errors on the page."""
    feedback = _by_number(number)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(feedback, form.cleaned_data)
        except ServiceError as error:
            _show_error(form, error)
        else:
            throttle_count(request, group=FOLLOW_UP_GROUP)
            messages.success(request, done)
            return redirect("helpdesk:detail", number=feedback.number)
    return _detail(request, _by_number(number), **{form_name: form})


@desk_required
@require_POST
def assign_action(request: HttpRequest, number: str) -> HttpResponse:
    return _act(request, number, "assign_form", AssignForm, lambda feedback, data:
                request_assign(request=feedback, by=request.user,
                               assignee=data["assignee"]),
                gettext("The assignee is saved."))


@desk_required
@require_POST
def note_action(request: HttpRequest, number: str) -> HttpResponse:
    return _act(request, number, "note_form", NoteForm, lambda feedback, data:
                request_note_add(request=feedback, by=request.user,
                                 text=data["text"]),
                gettext("The note is saved."))


@desk_required
@require_POST
def reply_action(request: HttpRequest, number: str) -> HttpResponse:
    return _act(request, number, "reply_form", ReplyForm, lambda feedback, data:
                request_reply(request=feedback, by=request.user, text=data["text"]),
                gettext("The answer is sent to the requester."))


@desk_required
@require_POST
def close_action(request: HttpRequest, number: str) -> HttpResponse:
    return _act(request, number, "close_form", CloseForm, lambda feedback, data:
                request_close(request=feedback, by=request.user,
                              reason=data["reason"]),
                gettext("The request is closed."))


@desk_required
@require_POST
def incident_open_action(request: HttpRequest, number: str) -> HttpResponse:
    return _act(request, number, "incident_open_form", IncidentOpenForm,
                lambda feedback, data: request_incident_open(
                    request=feedback, by=request.user, title=data["title"],
                    severity=data["severity"], function=data["function"]),
                gettext("The request is reported as an incident."))


@desk_required
@require_POST
def incident_link_action(request: HttpRequest, number: str) -> HttpResponse:
    return _act(request, number, "incident_link_form", IncidentLinkForm,
                lambda feedback, data: request_incident_link(
                    request=feedback, by=request.user,
                    incident_number=data["number"]),
                gettext("The request is linked to the incident."))


@desk_required
def staff_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    try:
        attachment = attachment_for_staff(attachment_id)
    except NotFound as error:
        raise Http404(error.message) from None
    return _download(attachment)


@desk_required
def report_page(request: HttpRequest) -> HttpResponse:
    form = _month_form(request)
    report = monthly_report(**form.cleaned_data) if form.is_valid() else None
    return render(request, "helpdesk/report.html", {"form": form, "report": report})


@desk_required
def report_csv(request: HttpRequest) -> HttpResponse:
    form = _month_form(request)
    if not form.is_valid():
        return render(request, "helpdesk/report.html",
                      {"form": form, "report": None}, status=400)
    report = monthly_report(**form.cleaned_data)

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"feedback-{report.year}-{report.month:02d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The byte order mark makes spreadsheet programs read the Cyrillic right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(_report_header())
    for row in [*report.rows, report.total]:
        writer.writerow(_report_line(row))
    return response


def _report_header() -> list[str]:
    return [
        gettext("Topic"), gettext("Received"), gettext("Answered in time"),
        gettext("Answered late"), gettext("Unanswered, overdue"),
        gettext("Overdue, total"), gettext("Unanswered, within the term"),
        gettext("Closed without an answer"),
        gettext("Median time to answer, hours"),
    ]


def _report_line(row: ReportRow) -> list[str | int | float]:
    hours = row.median_hours if row.median_hours is not None else ""
    return [
        _csv_safe(row.topic), row.received, row.answered_in_time, row.answered_late,
        row.overdue_unanswered, row.overdue, row.within_term, row.closed_unanswered,
        hours,
    ]


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet program.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _month_form(request: HttpRequest) -> MonthForm:
    today = local_today()
    return MonthForm(request.GET or {"year": today.year, "month": today.month})


def _by_number(number: str) -> FeedbackRequest:
    try:
        return request_by_number(number)
    except NotFound as error:
        raise Http404(error.message) from None


# Helpers ------------------------------------------------------------------------


def _download(attachment: Attachment) -> HttpResponse:
    try:
        handle = attachment_open(attachment)
    except NotFound as error:
        raise Http404(error.message) from None
    kind = KINDS[attachment.kind]
    response = FileResponse(handle, content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition(
        download_name(attachment.original_name, kind),
        fallback_stem=f"request-{attachment.request.number}-{attachment.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _too_many_message(verdict: Verdict) -> str:
    minutes = math.ceil(verdict.retry_after / 60)
    return ngettext(
        "You have sent several messages in a short time. Please try again "
        "in %(minutes)s minute; what you wrote is kept below.",
        "You have sent several messages in a short time. Please try again "
        "in %(minutes)s minutes; what you wrote is kept below.",
        minutes,
    ) % {"minutes": minutes}


def _limits() -> dict[str, int]:
    return {
        "max_file_size": conf.max_file_size(),
        "max_request_size": conf.max_request_size(),
        "max_files": conf.max_files(),
    }


def _posted(request: HttpRequest) -> QueryDict | None:
    # An empty POST still binds the form, so that its errors are shown.
    return request.POST if request.method == "POST" else None


def _contact_initial(request: HttpRequest) -> dict[str, str]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"name": user.full_name, "email": user.email, "phone": user.phone}


def _new_key() -> str:
    return str(uuid.uuid4())


def _show_error(
    form: Form, error: ServiceError, *, skip: frozenset[str] = frozenset()
) -> None:
    """Show every refusal ERROR carries beside its field, but on a field in SKIP.

    A field in SKIP has the form's own complaint already, which stands alone.
    """
    for refusal in error.errors:
        field = refusal.field if refusal.field in form.fields else None
        if field not in skip:
            form.add_error(field, str(refusal.message))


def _user(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None


def _base_url(request: HttpRequest) -> str:
    return conf.site_url() or request.build_absolute_uri("/").rstrip("/")


def _private_link(request: HttpRequest, token: str) -> str:
    return _base_url(request) + reverse("helpdesk:private", args=[token])
