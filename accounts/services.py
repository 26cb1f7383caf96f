"""Writes of accounts: sign-up, roles and the admin groups that go with them."""

import logging
import math

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext

from accounts.models import STAFF_ROLES, Role, User
from accounts.selectors import user_email_taken, user_is_administrator
from accounts.throttle import (
    password_change_failure_count,
    password_change_failures_forget,
    password_change_lock_wait,
)
from core.errors import Conflict, FieldErrors, Forbidden, ValidationFailed
from security.services import security_event_record
from security.throttling import sign_in_lockout_lift

logger = logging.getLogger(__name__)

# Apps whose records the career-centre operators keep. Named by label, not
# imported: accounts sits below these apps and must not depend on them.
OPERATOR_APPS = ("employers", "vacancies", "resumes", "applications")
# Operators look classifiers up when they edit records, and change nothing there.
OPERATOR_VIEW_APPS = ("classifiers",)
# Records of a state register are closed or withdrawn, never erased, so only
# administrators hold delete permissions.
OPERATOR_ACTIONS = ("add", "change", "view")


def email_normalize(email: str) -> str:
    """Return the form in which an email is stored and looked up."""
    return email.strip().lower()


def user_create(
    *,
    email: str,
    password: str,
    full_name: str = "",
    role: str = Role.JOB_SEEKER,
    phone: str = "",
    preferred_language: str = "kk",
) -> User:
    """Create a user who signs in with EMAIL, unique whatever its case."""
    email = email_normalize(email)
    user_create_check(email=email, password=password, full_name=full_name)

    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                full_name=full_name.strip(),
                phone=phone,
                preferred_language=preferred_language,
            )
            _apply_role(user, role)
            security_event_record(
                name="user_created", outcome="success", object_ref=f"user:{user.pk}",
                details={"role": role},
            )
    except IntegrityError:
        # Another request registered the same email between the check and
        # the insert; the unique index had the last word.
        raise _email_taken() from None

    logger.info("user %s created with role %s", user.pk, role)
    return user


def user_create_check(
    *, email: str | None, password: str | None, full_name: str = ""
) -> None:
    """Raise every refusal that user_create would raise, changing nothing.

    A value of None was refused by the form already and is not judged. Forms
    call this to show all the refusals of one submission together.
    """
    errors = FieldErrors()
    if email is not None and user_email_taken(email_normalize(email)):
        errors.add(_email_taken())
    if password is not None:
        candidate = User(email=email or "", full_name=full_name.strip())
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            errors.add(
                ValidationFailed(
                    " ".join(error.messages), code="password_weak", field="password"
                )
            )
    errors.raise_if_any()


PROFILE_FIELDS = frozenset(
    {"email", "full_name", "phone", "is_active", "preferred_language"}
)


def user_update(*, user: User, changes: dict[str, object]) -> User:
    """Change the profile fields of USER named in CHANGES; roles go elsewhere."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"user_update cannot change {sorted(unknown)}")

    if "email" in changes:
        email = email_normalize(str(changes["email"]))
        if user_email_taken(email, exclude_pk=user.pk):
            raise _email_taken()
        changes = {**changes, "email": email}

    for name, value in changes.items():
        setattr(user, name, value)
    try:
        with transaction.atomic():
            user.save(update_fields=sorted(changes))
    except IntegrityError:
        raise _email_taken() from None
    return user


def _email_taken() -> Conflict:
    return Conflict(
        gettext("An account with this email already exists. Sign in instead."),
        code="email_taken",
        field="email",
    )


def user_set_role(*, user: User, role: str, by: User | None = None) -> User:
    """Give USER the ROLE with the staff flag and admin group that go with it.

    BY is the person making the change; None means the system (a command or a
    migration). Only administrators change the roles of others.
    """
    user_role_change_check(user=user, role=role, by=by)

    previous = user.role
    with transaction.atomic():
        _apply_role(user, role)
        # A role carries the admin group and its permissions (Rules 4.2: the
        # SOC must see every grant and withdrawal of privileges).
        security_event_record(
            name="privilege_permissions_changed", outcome="success",
            actor_id=by.pk if by else None, object_ref=f"user:{user.pk}",
            details={"role_before": previous, "role_after": role},
        )

    logger.info(
        "role of user %s set to %s by %s", user.pk, role, by.pk if by else "system"
    )
    return user


def user_role_change_check(*, user: User, role: str, by: User | None) -> None:
    """Raise the error that user_set_role would raise, changing nothing.

    Forms call it to show the refusal beside the field before saving.
    """
    if role not in Role.values:
        raise ValidationFailed(gettext("Choose a role from the list."), field="role")
    if by is None:
        return
    if not user_is_administrator(by):
        raise Forbidden(gettext("Only administrators change roles."), field="role")
    if by.pk == user.pk and role != Role.ADMINISTRATOR:
        # An administrator demoting themselves could leave nobody to undo it.
        raise Conflict(
            gettext("You cannot take the administrator role away from yourself."),
            code="self_demotion",
            field="role",
        )


def _apply_role(user: User, role: str) -> None:
    user.role = role
    user.is_staff = role in STAFF_ROLES
    if role != Role.ADMINISTRATOR:
        user.is_superuser = False
    user.save(update_fields=["role", "is_staff", "is_superuser"])

    user.groups.remove(*Group.objects.filter(name__in=_staff_role_names()))
    if role in STAFF_ROLES:
        user.groups.add(_role_group(role))


def _staff_role_names() -> list[str]:
    return sorted(str(role) for role in STAFF_ROLES)


def _role_group(role: str) -> Group:
    group = Group.objects.filter(name=role).first()
    if group is None:
        role_groups_sync()
        group = Group.objects.get(name=role)
    return group


def role_groups_sync(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create or refresh one admin group per staff role with its permissions.

    Idempotent: run after every migration, so models added later by any app
    reach the administrators' and auditors' groups without a new migration.
    """
    # On a fresh database Django creates permissions only after the last
    # migration; this runs inside one, so the rows are made here first.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    every = Permission.objects.using(using).select_related("content_type")
    grants = {
        Role.ADMINISTRATOR: list(every),
        Role.AUDITOR: [perm for perm in every if perm.codename.startswith("view_")],
        Role.OPERATOR: [perm for perm in every if _operator_may(perm)],
    }
    for role, permissions in grants.items():
        group, _created = Group.objects.using(using).get_or_create(name=str(role))
        group.permissions.set(permissions)


def _operator_may(permission: Permission) -> bool:
    app_label = permission.content_type.app_label
    action = permission.codename.split("_", 1)[0]
    if app_label in OPERATOR_APPS:
        return action in OPERATOR_ACTIONS
    return app_label in OPERATOR_VIEW_APPS and action == "view"


# Password events for the security journal (Rules 4.2). Django's auth views
# set the password and mail the link; these only record what happened.
def password_reset_link_sent_record(
    *, user_id: int, request: HttpRequest | None
) -> None:
    security_event_record(
        name="authn_token_created", outcome="success", actor_id=user_id,
        request=request, object_ref=f"user:{user_id}",
        details={"purpose": "password_reset"},
    )


def password_changed(*, user: User, request: HttpRequest, via: str) -> None:
    """Record that USER's password changed VIA "reset" (a mailed link) or
    "cabinet", and lift the sign-in lockout of USER's email.

    Whoever set it proved they hold the mailbox or the current password, so
    the lockout (which points them to the reset form) must not outlive it:
    otherwise the new password meets the 429 page again until the cool-off
    ends. It is lifted for every address, as the person is now known.
    """
    security_event_record(
        name="authn_password_change", outcome="success", actor_id=user.pk,
        request=request, object_ref=f"user:{user.pk}", details={"via": via},
    )
    lifted = sign_in_lockout_lift(user.email)
    if lifted:
        logger.info("sign-in lockout of user %s lifted by a new password", user.pk)
    password_change_failures_forget(user.pk)


PASSWORD_CHANGE_LOCKED = "password_change_locked"


def password_change_current_check(
    *, user: User, password: str, request: HttpRequest | None
) -> None:
    """Raise ValidationFailed unless PASSWORD is USER's current password.

    Someone at an unattended signed-in session could otherwise guess the
    current password without limit. Wrong ones are counted per user
    (PASSWORD_CHANGE_RATE_LIMIT, 5 per 15 minutes) and recorded; the one that
    fills the limit locks the form until the window ends. While locked the
    password is not even compared, so the right one is refused too and the
    answer tells nothing about it. The refusal's params carry "retry_after"
    (seconds) when the form is locked.
    """
    wait = password_change_lock_wait(user.pk)
    if wait:
        _password_change_failure_record(user=user, request=request, reason="locked")
        raise _password_change_locked(wait)
    if user.check_password(password):
        return
    wait = password_change_failure_count(user.pk)
    _password_change_failure_record(
        user=user, request=request, reason="current_password_wrong"
    )
    if not wait:
        raise ValidationFailed(
            gettext(
                "This is not your current password. Type it again; letter case "
                "matters."
            ),
            code="password_incorrect", field="old_password",
        )
    # "Type it again" would be wrong now: the lock, which says why, stands alone.
    security_event_record(
        name="authn_login_lock", outcome="failure", actor_id=user.pk,
        request=request, object_ref=f"user:{user.pk}",
        details={"via": "password_change", "reason": "maxretries"},
    )
    raise _password_change_locked(wait)


def _password_change_locked(wait: int) -> ValidationFailed:
    minutes = math.ceil(wait / 60)
    message = ngettext(
        "Changing the password is locked after too many wrong current "
        "passwords. Try again in %(minutes)d minute; until then even the "
        "right password is not accepted.",
        "Changing the password is locked after too many wrong current "
        "passwords. Try again in %(minutes)d minutes; until then even the "
        "right password is not accepted.",
        minutes,
    ) % {"minutes": minutes}
    return ValidationFailed(
        message, code=PASSWORD_CHANGE_LOCKED, field="old_password",
        params={"retry_after": wait},
    )


def _password_change_failure_record(
    *, user: User, request: HttpRequest | None, reason: str
) -> None:
    security_event_record(
        name="authn_password_change_fail", outcome="failure", actor_id=user.pk,
        request=request, object_ref=f"user:{user.pk}", details={"reason": reason},
    )
