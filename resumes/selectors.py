"""Reads of resumes: a job seeker's own, and the public ones employers search."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import STAFF_ROLES, Role, User
from classifiers.models import KatoUnit, Occupation
from core.errors import Forbidden, NotFound, ValidationFailed
from resumes.models import Resume, Visibility
from resumes.search_text import matches_words

MAX_SEARCH_LENGTH = 200


def resume_list_for_owner(*, owner: User) -> QuerySet[Resume]:
    return Resume.objects.filter(owner=owner).select_related(
        "region", "desired_occupation"
    )


def resume_get_for_owner(*, resume_id: int, owner: User) -> Resume:
    """Return one of OWNER's resumes with its entries; NotFound otherwise."""
    resumes = _with_entries(resume_list_for_owner(owner=owner))
    resume = resumes.filter(pk=resume_id).first()
    if resume is None:
        raise NotFound(_("There is no such resume."))
    return resume


def resume_get_for_viewer(*, resume_id: int, viewer: User) -> Resume:
    """Return a resume its owner, an employer or the staff may read.

    Hidden resumes are shown to their owner only; to everyone else they do not
    exist.
    """
    resumes = Resume.objects.select_related("owner", "region", "desired_occupation")
    resume = _with_entries(resumes).filter(pk=resume_id).first()
    if resume is not None and resume.owner_id == viewer.pk:
        return resume
    if not can_read_public_resumes(viewer):
        raise Forbidden(_("Only employers can view the resumes of job seekers."))
    if resume is None or resume.visibility != Visibility.PUBLIC:
        raise NotFound(_("There is no such resume."))
    return resume


def resume_search_public(
    *,
    viewer: User,
    text: str = "",
    region: KatoUnit | None = None,
    occupation: Occupation | None = None,
) -> QuerySet[Resume]:
    """Return public resumes holding every word of TEXT, newest first.

    REGION and OCCUPATION match themselves and everything below them in their
    classifier.
    """
    if not can_read_public_resumes(viewer):
        raise Forbidden(_("Only employers can search the resumes of job seekers."))
    if len(text) > MAX_SEARCH_LENGTH:
        raise ValidationFailed(
            _("The search text is too long: use at most %(limit)s characters.")
            % {"limit": MAX_SEARCH_LENGTH},
            field="q",
        )

    resumes = Resume.objects.filter(visibility=Visibility.PUBLIC).select_related(
        "owner", "region", "desired_occupation"
    )
    resumes = resumes.filter(matches_words(text))
    if region is not None:
        resumes = resumes.filter(region__code__startswith=region.tree_prefix)
    if occupation is not None:
        resumes = resumes.filter(desired_occupation__code__startswith=occupation.code)
    return resumes


def can_read_public_resumes(user: User) -> bool:
    return user.is_authenticated and (
        user.role == Role.EMPLOYER or user.role in STAFF_ROLES
    )


def _with_entries(resumes: QuerySet[Resume]) -> QuerySet[Resume]:
    return resumes.prefetch_related("experience", "education")
