"""Reads of accounts: who a user is and what the role lets them do."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User

# Staff who may act on any employer's records; auditors only look.
BACK_OFFICE_ROLES = frozenset({Role.OPERATOR, Role.ADMINISTRATOR})


def user_email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    """Tell whether another account exists with EMAIL in any letter case."""
    accounts = User.objects.filter(email__iexact=email.strip())
    if exclude_pk is not None:
        accounts = accounts.exclude(pk=exclude_pk)
    return accounts.exists()


def user_is_administrator(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.ADMINISTRATOR


def user_is_back_office(user: User | AnonymousUser) -> bool:
    """Tell whether USER is staff who may change any employer's records."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.role in BACK_OFFICE_ROLES
