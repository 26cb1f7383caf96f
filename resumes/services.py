"""Writes of resumes: a job seeker creates and edits their CVs."""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Sequence

from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.models import Role, User
from classifiers.models import KatoUnit, Occupation
from core.errors import FieldErrors, Forbidden, ValidationFailed
from core.localtime import ALMATY, local_today
from resumes.models import EducationEntry, ExperienceEntry, Resume, Visibility
from resumes.search_text import search_document
from resumes.stale_selectors import (
    notice_period,
    resumes_to_hide,
    resumes_to_notify,
    stale_after,
)

logger = logging.getLogger(__name__)

# Far above any real monthly wage in tenge, far below the column's limit.
MAX_SALARY = 100_000_000
MAX_TEXT_LENGTH = 10_000
EARLIEST_YEAR = 1940
# Students state the year they expect to graduate.
YEARS_AHEAD = 10


@dataclass(frozen=True)
class ExperienceData:
    employer_name: str
    position: str
    started_on: dt.date
    ended_on: dt.date | None = None  # None: works there now
    description: str = ""


@dataclass(frozen=True)
class EducationData:
    institution: str
    degree: str = ""
    graduated_in: int | None = None


@dataclass(frozen=True)
class ResumeData:
    """What the job seeker fills in; entries replace the previous ones."""

    title: str
    desired_occupation: Occupation | None = None
    region: KatoUnit | None = None
    salary_expectation: int | None = None
    skills: str = ""
    languages: str = ""
    about: str = ""
    visibility: str = Visibility.PUBLIC
    experience: Sequence[ExperienceData] = ()
    education: Sequence[EducationData] = ()


def resume_create_check(*, owner: User) -> None:
    """Refuse before anything is typed if OWNER cannot create a resume."""
    if owner.role != Role.JOB_SEEKER:
        raise Forbidden(
            _("Only job seekers can create resumes."), code="not_a_job_seeker"
        )


def resume_create(*, owner: User, data: ResumeData) -> Resume:
    """Create a resume for a job seeker."""
    resume_create_check(owner=owner)
    _validate(data)

    with transaction.atomic():
        resume = Resume(owner=owner)
        _write(resume, data)

    logger.info("resume created resume_id=%s owner_id=%s", resume.pk, owner.pk)
    return resume


def resume_update(*, resume: Resume, by: User, data: ResumeData) -> Resume:
    """Replace the contents of RESUME; only its owner may."""
    if resume.owner_id != by.pk:
        raise Forbidden(_("Only the owner can edit this resume."))
    _validate(data)

    with transaction.atomic():
        resume.experience.all().delete()
        resume.education.all().delete()
        _write(resume, data)

    logger.info("resume updated resume_id=%s", resume.pk)
    return resume


def resume_search_text_rebuild() -> int:
    """Rewrite the stored words of every resume; return how many changed.

    Run it after a change of the rules of core.text, which the stored words
    were made with.
    """
    changed = 0
    resumes = Resume.objects.select_related("desired_occupation").prefetch_related(
        "experience", "education"
    )
    for resume in resumes.iterator(chunk_size=500):
        text = _search_text(_data_of(resume))
        if text != resume.search_text:
            Resume.objects.filter(pk=resume.pk).update(search_text=text)
            changed += 1
    logger.info("resume search text rebuilt changed=%s", changed)
    return changed


def _data_of(resume: Resume) -> ResumeData:
    return ResumeData(
        title=resume.title,
        desired_occupation=resume.desired_occupation,
        skills=resume.skills,
        languages=resume.languages,
        about=resume.about,
        experience=[
            ExperienceData(
                employer_name=entry.employer_name, position=entry.position,
                started_on=entry.started_on,
            )
            for entry in resume.experience.all()
        ],
        education=[
            EducationData(institution=entry.institution, degree=entry.degree)
            for entry in resume.education.all()
        ],
    )


def _write(resume: Resume, data: ResumeData) -> None:
    resume.title = data.title.strip()
    resume.desired_occupation = data.desired_occupation
    resume.region = data.region
    resume.salary_expectation = data.salary_expectation
    resume.skills = data.skills.strip()
    resume.languages = data.languages.strip()
    resume.about = data.about.strip()
    resume.visibility = data.visibility
    resume.search_text = _search_text(data)
    # A save is the owner's sign of life: the stale notice and the hiding
    # for staleness no longer apply (Rules, 4.2).
    resume.stale_notified_at = None
    resume.hidden_as_stale_at = None
    resume.save()

    ExperienceEntry.objects.bulk_create(
        ExperienceEntry(
            resume=resume,
            employer_name=entry.employer_name.strip(),
            position=entry.position.strip(),
            started_on=entry.started_on,
            ended_on=entry.ended_on,
            description=entry.description.strip(),
        )
        for entry in data.experience
    )
    EducationEntry.objects.bulk_create(
        EducationEntry(
            resume=resume,
            institution=entry.institution.strip(),
            degree=entry.degree.strip(),
            graduated_in=entry.graduated_in,
        )
        for entry in data.education
    )


def _search_text(data: ResumeData) -> str:
    texts = [data.title, data.skills, data.languages, data.about]
    occupation = data.desired_occupation
    if occupation is not None:
        texts += [occupation.title_en, occupation.title_kk, occupation.title_ru]
    for entry in data.experience:
        texts += [entry.position, entry.employer_name]
    for school in data.education:
        texts += [school.institution, school.degree]
    return search_document(*texts)


def resume_check(*, data: ResumeData) -> None:
    """Refuse DATA as resume_create and resume_update would, saving nothing.

    Pages call this to show the refusals of what their forms could read
    beside the fields those forms refused themselves.
    """
    _validate(data)


def _validate(data: ResumeData) -> None:
    """Raise ValidationErrors naming every field at fault, not just the first.

    A job seeker then fixes the whole form in one round.
    """
    errors = FieldErrors()
    with errors.check():
        _check_title(data.title)
    with errors.check():
        _check_length(Resume, "languages", data.languages, field="languages")
    for name in ("skills", "about"):
        with errors.check():
            _check_text(getattr(data, name), field=name)
    if data.salary_expectation is not None:
        with errors.check():
            _check_salary(data.salary_expectation)
    if data.visibility not in Visibility.values:
        errors.add(
            ValidationFailed(_("Choose who can see the resume."), field="visibility")
        )
    for number, entry in enumerate(data.experience):
        _validate_experience(entry, prefix=f"experience.{number}", errors=errors)
    for number, school in enumerate(data.education):
        _validate_education(school, prefix=f"education.{number}", errors=errors)
    errors.raise_if_any()


def _check_title(title: str) -> None:
    if not title.strip():
        raise ValidationFailed(
            _("State the position you are looking for."), field="title"
        )
    _check_length(Resume, "title", title, field="title")


def _check_salary(amount: int) -> None:
    if amount < 0:
        raise ValidationFailed(
            _("The expected salary cannot be negative."), field="salary_expectation"
        )
    if amount > MAX_SALARY:
        raise ValidationFailed(
            _("The expected salary cannot exceed %(limit)s tenge.")
            % {"limit": MAX_SALARY},
            field="salary_expectation",
        )


def _validate_experience(
    entry: ExperienceData, *, prefix: str, errors: FieldErrors
) -> None:
    for name in ("employer_name", "position"):
        with errors.check():
            _check_required(
                ExperienceEntry, name, getattr(entry, name), field=f"{prefix}.{name}"
            )
    with errors.check():
        _check_text(entry.description, field=f"{prefix}.description")
    if entry.started_on > local_today():
        errors.add(ValidationFailed(
            _("The start date cannot be in the future."), field=f"{prefix}.started_on"
        ))
    if entry.ended_on is not None and entry.ended_on < entry.started_on:
        errors.add(ValidationFailed(
            _("The end date is before the start date."), field=f"{prefix}.ended_on"
        ))


def _validate_education(
    school: EducationData, *, prefix: str, errors: FieldErrors
) -> None:
    with errors.check():
        _check_required(EducationEntry, "institution", school.institution,
                        field=f"{prefix}.institution")
    with errors.check():
        _check_length(EducationEntry, "degree", school.degree, field=f"{prefix}.degree")
    latest = local_today().year + YEARS_AHEAD
    year = school.graduated_in
    if year is not None and not EARLIEST_YEAR <= year <= latest:
        errors.add(ValidationFailed(
            _("Give a year between %(first)s and %(last)s.")
            % {"first": EARLIEST_YEAR, "last": latest},
            field=f"{prefix}.graduated_in",
        ))


def _check_required(
    model: type[models.Model], name: str, value: str, *, field: str
) -> None:
    if not value.strip():
        raise ValidationFailed(_("This field is required."), field=field)
    _check_length(model, name, value, field=field)


def _check_length(
    model: type[models.Model], name: str, value: str, *, field: str
) -> None:
    limit = model._meta.get_field(name).max_length
    if limit is not None and len(value.strip()) > limit:
        raise ValidationFailed(
            _("Use at most %(limit)s characters.") % {"limit": limit}, field=field
        )


def _check_text(value: str, *, field: str) -> None:
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationFailed(
            _("Use at most %(limit)s characters.") % {"limit": MAX_TEXT_LENGTH},
            field=field,
        )


# --- Timely updating (Rules, 4.2) ---------------------------------------------
# Which resumes are stale is defined in resumes.stale_selectors. The worker
# tells their owners once a day (resume_stale_notify_due) and hides those
# still untouched after the notice period (resume_stale_hide_due).


def resume_stale_notify_due(
    *, link: Callable[[Resume], str], now: dt.datetime | None = None
) -> int:
    """Tell the owners of stale resumes that they will be hidden; return how many.

    LINK gives the absolute address of a resume's edit page in its owner's
    language. The emails go out after the transaction commits.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = resumes_to_notify(now=now)
        ids = list(due.values_list("pk", flat=True))
        # update() leaves updated_at alone: the notice is not a change.
        told = due.filter(pk__in=ids).update(stale_notified_at=now)
        transaction.on_commit(lambda: _stale_notices_send(ids, told_at=now, link=link))
    if told:
        logger.info("told owners of %s stale resumes that they will be hidden", told)
    return told


def resume_stale_hide_due(*, now: dt.datetime | None = None) -> int:
    """Hide the resumes still untouched after the notice; return how many.

    One conditional UPDATE: a resume its owner saves at the same moment no
    longer matches and stays visible.
    """
    now = now or timezone.now()
    hidden = resumes_to_hide(now=now).update(
        visibility=Visibility.HIDDEN, hidden_as_stale_at=now
    )
    if hidden:
        logger.info("hid %s resumes untouched for too long", hidden)
    return hidden


def _stale_notices_send(
    ids: list[int], *, told_at: dt.datetime, link: Callable[[Resume], str]
) -> None:
    resumes = Resume.objects.filter(pk__in=ids, stale_notified_at=told_at)
    deadline = (told_at + notice_period()).astimezone(ALMATY).date()
    for resume in resumes.select_related("owner").order_by("pk"):
        _stale_notice_send(resume, deadline=deadline, link=link)


def _stale_notice_send(
    resume: Resume, *, deadline: dt.date, link: Callable[[Resume], str]
) -> None:
    owner = resume.owner
    with translation.override(owner.preferred_language or "kk"):
        subject = gettext("Is your resume still current?")
        body = gettext(
            "Your resume “%(title)s” has not changed for %(days)s days. Employers "
            "will stop seeing it on %(deadline)s unless you open it and save it:"
        ) % {"title": resume.title, "days": stale_after().days,
             "deadline": deadline.isoformat()}
        address = link(resume)
    try:
        send_mail(subject, f"{body}\n\n{address}\n", None, [owner.email])
    except Exception:  # noqa: BLE001
        # The resume stays told; hiding it later is still right, and the
        # owner sees why in the cabinet.
        logger.warning("could not email the owner of resume %s about its "
                       "staleness", resume.pk, exc_info=True)
