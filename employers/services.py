"""Writes of employers: registration of a company with its first user."""

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from accounts.models import Role, User
from accounts.selectors import user_is_back_office
from accounts.services import user_create, user_create_check
from classifiers.models import KatoUnit
from core.errors import Conflict, FieldErrors, Forbidden, ValidationFailed
from core.identifiers import bin_is_valid, phone_normalize
from employers.models import Employer
from employers.selectors import employer_bin_taken

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = frozenset(
    {"name", "bin", "region", "contact_email", "contact_phone", "website"}
)
NAME_MAX_LENGTH = 300


def employer_register(
    *,
    name: str,
    bin: str,
    region: KatoUnit | None,
    contact_email: str,
    contact_phone: str,
    email: str,
    full_name: str,
    password: str,
    preferred_language: str = "kk",
) -> Employer:
    """Register a company with a BIN and the person who registers it.

    The person gets the employer role and becomes the company's first member.
    Nothing is stored unless both the company and the account are accepted.
    """
    fields = employer_register_check(
        name=name, bin=bin, region=region, contact_email=contact_email,
        contact_phone=contact_phone, email=email, password=password,
        full_name=full_name,
    )

    with transaction.atomic():
        user = user_create(
            email=email, password=password, full_name=full_name, role=Role.EMPLOYER,
            preferred_language=preferred_language,
        )
        employer = _insert(fields)
        employer.members.add(user)

    logger.info("employer %s registered by user %s", employer.pk, user.pk)
    return employer


def employer_register_check(
    *,
    name: str,
    bin: str,
    region: KatoUnit | None,
    contact_email: str,
    contact_phone: str,
    email: str | None,
    password: str | None,
    full_name: str = "",
) -> dict[str, Any]:
    """Return the company's fields normalised, or raise every refusal at once.

    The company and the account are judged together, so that the person
    fixes every field in one round. An EMAIL or PASSWORD of None was refused
    by the form already and is not judged. Forms call this before saving.
    """
    errors = FieldErrors()
    if not bin:
        errors.add(ValidationFailed(gettext("Enter the company's BIN."), field="bin"))
    if region is None:
        errors.add(ValidationFailed(gettext("Choose the region."), field="region"))
    fields: dict[str, Any] = {}
    with errors.check():
        fields = employer_changes_check(
            employer=None,
            changes={
                "name": name, "bin": bin, "region": region,
                "contact_email": contact_email, "contact_phone": contact_phone,
            },
        )
    with errors.check():
        user_create_check(email=email, password=password, full_name=full_name)
    errors.raise_if_any()
    return fields


def employer_create(*, by: User, **fields: Any) -> Employer:
    """Create a company from the back office (a BIN is optional there)."""
    _require_back_office(by)
    employer = _insert(employer_changes_check(employer=None, changes=fields))
    logger.info("employer %s created by user %s", employer.pk, by.pk)
    return employer


def employer_update(
    *, employer: Employer, by: User, changes: dict[str, Any]
) -> Employer:
    """Change the fields of EMPLOYER named in CHANGES."""
    if not (user_is_back_office(by) or employer.members.filter(pk=by.pk).exists()):
        raise Forbidden(gettext("You may not change this company."))
    checked = employer_changes_check(employer=employer, changes=changes)

    for name, value in checked.items():
        setattr(employer, name, value)
    try:
        with transaction.atomic():
            employer.save(update_fields=sorted(checked))
    except IntegrityError:
        raise _bin_taken() from None

    logger.info("employer %s changed by user %s", employer.pk, by.pk)
    return employer


def employer_changes_check(
    *, employer: Employer | None, changes: dict[str, Any]
) -> dict[str, Any]:
    """Return CHANGES normalised, or raise the refusals of every bad field.

    EMPLOYER is the company being changed, None for a new one. Forms call this
    to show refusals beside their fields before anything is saved.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"employer fields cannot be set: {sorted(unknown)}")
    region = changes.get("region")
    if region is not None and not isinstance(region, KatoUnit):
        raise TypeError("region must be a KatoUnit")

    errors = FieldErrors()
    checked = dict(changes)
    if "name" in checked or employer is None:
        with errors.check():
            checked["name"] = _checked_name(checked.get("name", ""))
    if checked.get("bin"):
        with errors.check():
            checked["bin"] = _checked_bin(checked["bin"], employer=employer)
    elif "bin" in checked:
        checked["bin"] = None
    if checked.get("contact_email"):
        with errors.check():
            checked["contact_email"] = _checked_email(checked["contact_email"])
    if checked.get("contact_phone"):
        with errors.check():
            checked["contact_phone"] = phone_normalize(
                checked["contact_phone"], field="contact_phone"
            )
    if checked.get("website"):
        with errors.check():
            _check_website(checked["website"])
    errors.raise_if_any()
    return checked


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(gettext("Enter the company's name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationFailed(
            gettext("The name may be at most %(limit)s characters long.")
            % {"limit": NAME_MAX_LENGTH},
            field="name",
        )
    return name


def _checked_bin(value: str, *, employer: Employer | None) -> str:
    value = value.strip()
    if not bin_is_valid(value):
        raise ValidationFailed(
            gettext(
                "A BIN is 12 digits 0-9 with a correct check digit. "
                "Check the number on your registration certificate."
            ),
            code="bin_invalid",
            field="bin",
        )
    if employer_bin_taken(value, exclude_pk=employer.pk if employer else None):
        raise _bin_taken()
    return value


def _bin_taken() -> Conflict:
    return Conflict(
        gettext(
            "A company with this BIN is already registered. Ask a colleague who "
            "manages its account to add you."
        ),
        code="bin_taken",
        field="bin",
    )


def _checked_email(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationFailed(
            gettext("Enter a valid email address."), field="contact_email"
        ) from None
    return value


def _check_website(value: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationFailed(
            gettext("Enter a web address starting with https://."), field="website"
        ) from None


def _insert(fields: dict[str, Any]) -> Employer:
    try:
        with transaction.atomic():
            return Employer.objects.create(**fields)
    except IntegrityError:
        # Two sign-ups with one BIN at the same moment: the index decides.
        raise _bin_taken() from None


def _require_back_office(user: User) -> None:
    if not user_is_back_office(user):
        raise Forbidden(gettext("Only career-centre staff may do this."))
