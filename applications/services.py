"""Writes of applications and invitations between job seekers and employers."""

import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from applications.models import Application, ApplicationStatus, Invitation
from applications.selectors import application_of, is_member
from applications.tasks import send_decision_notice
from core.errors import Conflict, Forbidden, ValidationFailed
from employers.models import Employer
from employers.selectors import employer_receives_applications
from resumes.models import Resume, Visibility
from vacancies.models import Vacancy
from vacancies.selectors import vacancy_listable

logger = logging.getLogger(__name__)

MAX_LETTER_LENGTH = 5_000


def application_submit(
    *,
    vacancy: Vacancy,
    applicant: User,
    resume: Resume | None = None,
    cover_letter: str = "",
) -> Application:
    """Apply for VACANCY once.

    The same submission again (a double click, a reload) returns the first
    application. Once an application exists, a submission with another
    resume or letter raises Conflict "already_applied" and changes nothing.
    """
    application_submit_check(vacancy=vacancy, applicant=applicant)
    if resume is not None and resume.owner_id != applicant.pk:
        raise ValidationFailed(_("Choose one of your own resumes."), field="resume")
    _check_length(cover_letter, field="cover_letter")

    cover_letter = cover_letter.strip()

    existing = application_of(vacancy=vacancy, applicant=applicant)
    if existing is not None:
        return _repeated(existing, resume=resume, cover_letter=cover_letter)
    try:
        # The savepoint keeps the caller's transaction usable after a
        # concurrent request has inserted the same pair first.
        with transaction.atomic():
            application = Application.objects.create(
                vacancy=vacancy,
                applicant=applicant,
                resume=resume,
                cover_letter=cover_letter,
            )
    except IntegrityError:
        existing = application_of(vacancy=vacancy, applicant=applicant)
        if existing is None:
            raise
        return _repeated(existing, resume=resume, cover_letter=cover_letter)

    logger.info(
        "application submitted application_id=%s vacancy_id=%s",
        application.pk, vacancy.pk,
    )
    return application


def application_submit_check(*, vacancy: Vacancy, applicant: User) -> None:
    """Refuse before anything is typed if APPLICANT cannot apply for VACANCY.

    Raises Forbidden for anyone but a job seeker, ValidationFailed
    "vacancy_closed" or "employer_not_on_portal".
    """
    if applicant.role != Role.JOB_SEEKER:
        raise Forbidden(_("Only job seekers can apply for vacancies."))
    if not _is_listable(vacancy):
        raise ValidationFailed(
            _("This vacancy is closed and no longer accepts applications."),
            code="vacancy_closed",
            field="vacancy",
        )
    # Imported vacancies belong to employers nobody acts for on the portal:
    # an application to them would be stored where no one ever reads it.
    if not employer_receives_applications(vacancy.employer):
        raise ValidationFailed(
            _(
                "This employer does not receive applications through the portal. "
                "Apply where the vacancy was published."
            ),
            code="employer_not_on_portal",
            field="vacancy",
        )


def _repeated(
    existing: Application, *, resume: Resume | None, cover_letter: str
) -> Application:
    """Return EXISTING if this submission repeats it; refuse one that differs.

    The first application stands: an employer may already have read it, so
    a later letter neither replaces it nor disappears without a word.
    """
    resume_id = resume.pk if resume is not None else None
    if existing.resume_id == resume_id and existing.cover_letter == cover_letter:
        return existing
    submitted_on = date_format(timezone.localtime(existing.created_at), "DATE_FORMAT")
    raise Conflict(
        _(
            "You already applied for this vacancy on %(date)s. That application "
            "stands unchanged; the employer has not received what you have just "
            "sent."
        )
        % {"date": submitted_on},
        code="already_applied",
        params={"application_id": existing.pk},
    )


def application_accept(*, application: Application, by: User) -> Application:
    """Record the employer's acceptance of APPLICATION."""
    return _decide(application, by=by, status=ApplicationStatus.ACCEPTED)


def application_reject(*, application: Application, by: User) -> Application:
    """Record the employer's refusal of APPLICATION."""
    return _decide(application, by=by, status=ApplicationStatus.REJECTED)


def invitation_send(
    *,
    employer: Employer,
    resume: Resume,
    vacancy: Vacancy | None = None,
    message: str,
    by: User,
) -> Invitation:
    """Invite the owner of a public resume; a repeated invitation returns the first."""
    _require_member(employer, by)
    if resume.visibility != Visibility.PUBLIC:
        raise Forbidden(
            _("The job seeker has hidden this resume; it cannot receive invitations."),
            code="resume_hidden",
        )
    if vacancy is not None:
        _check_own_open_vacancy(employer, vacancy)
    _check_length(message, field="message")

    pair = {"employer": employer, "resume": resume, "vacancy": vacancy}
    existing = Invitation.objects.filter(**pair).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(**pair, message=message.strip())
    except IntegrityError:
        existing = Invitation.objects.filter(**pair).first()
        if existing is None:
            raise
        return existing

    logger.info(
        "invitation sent invitation_id=%s employer_id=%s resume_id=%s",
        invitation.pk, employer.pk, resume.pk,
    )
    return invitation


def _decide(application: Application, *, by: User, status: str) -> Application:
    """Record STATUS; tell the applicant when the decision is new or changed.

    The row is locked so that two decisions at once each see the one before
    and the applicant is told of the last. The same decision again (a double
    click) tells nobody.
    """
    _require_member(application.vacancy.employer, by)

    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        previous = locked.status
        locked.status = status
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        if previous != status:
            changed = previous != ApplicationStatus.SUBMITTED
            # robust: a queue that is down must not undo the decision; the
            # failure is logged and the status stays in the seeker's cabinet.
            transaction.on_commit(
                partial(_decision_notice_queue, locked.pk, status, changed),
                robust=True,
            )

    application.status, application.decided_at = locked.status, locked.decided_at
    logger.info(
        "application decided application_id=%s status=%s previous=%s",
        application.pk, status, previous,
    )
    return application


def _decision_notice_queue(application_id: int, status: str, changed: bool) -> None:
    send_decision_notice(application_id, status, changed)


def _require_member(employer: Employer, user: User) -> None:
    if not is_member(employer=employer, user=user):
        raise Forbidden(_("Only the employer's own staff can do this."))


def _check_own_open_vacancy(employer: Employer, vacancy: Vacancy) -> None:
    if vacancy.employer_id != employer.pk:
        raise ValidationFailed(
            _("Choose one of your own vacancies."), field="vacancy"
        )
    if not _is_listable(vacancy):
        raise ValidationFailed(
            _("This vacancy is closed; choose an open one."), field="vacancy"
        )


def _is_listable(vacancy: Vacancy) -> bool:
    return vacancy_listable().filter(pk=vacancy.pk).exists()


def _check_length(text: str, *, field: str) -> None:
    if len(text) > MAX_LETTER_LENGTH:
        raise ValidationFailed(
            _("Use at most %(limit)s characters.") % {"limit": MAX_LETTER_LENGTH},
            field=field,
        )
