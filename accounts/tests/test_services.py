import importlib

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import Group

from accounts.models import Role, User
from accounts.services import role_groups_sync, user_create, user_set_role
from core.errors import Conflict, Forbidden, ValidationFailed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "steppe-wind-2024"
STAFF_GROUPS = ("operator", "administrator", "auditor")


def _codenames(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return set(group.permissions.values_list("codename", flat=True))


def test_production_settings_hash_passwords_with_argon2():
    production = importlib.import_module("config.settings")

    assert production.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    # The library behind the hasher is installed, or sign-ups would fail.
    encoded = Argon2PasswordHasher().encode(PASSWORD, "saltsaltsalt")
    assert Argon2PasswordHasher().verify(PASSWORD, encoded) is True


def test_it_stores_the_email_in_lower_case():
    user = user_create(email="  Aigerim@Example.KZ ", password=PASSWORD)

    assert user.email == "aigerim@example.kz"
    assert user.role == Role.JOB_SEEKER
    assert user.check_password(PASSWORD) is True


def test_it_refuses_an_email_taken_in_another_letter_case():
    UserFactory(email="aigerim@example.kz")

    with pytest.raises(Conflict) as caught:
        user_create(email="AIGERIM@example.kz", password=PASSWORD)

    assert (caught.value.code, caught.value.field) == ("email_taken", "email")
    assert User.objects.count() == 1


def test_it_refuses_a_weak_password():
    with pytest.raises(ValidationFailed) as caught:
        user_create(email="new@example.kz", password="12345678901")

    assert (caught.value.code, caught.value.field) == ("password_weak", "password")
    assert not User.objects.filter(email="new@example.kz").exists()


def test_it_gives_a_staff_role_its_flag_and_group():
    user = UserFactory()

    user_set_role(user=user, role=Role.OPERATOR)

    user.refresh_from_db()
    assert (user.role, user.is_staff) == (Role.OPERATOR, True)
    assert list(user.groups.values_list("name", flat=True)) == ["operator"]


def test_it_takes_the_flag_and_group_away_with_a_staff_role(administrator):
    user = UserFactory()
    user_set_role(user=user, role=Role.ADMINISTRATOR)
    user.is_superuser = True
    user.save()

    user_set_role(user=user, role=Role.EMPLOYER, by=administrator)

    user.refresh_from_db()
    assert (user.role, user.is_staff, user.is_superuser) == (
        Role.EMPLOYER, False, False,
    )
    assert user.groups.count() == 0


def test_it_moves_a_user_from_one_staff_group_to_another(administrator):
    user = UserFactory()
    user_set_role(user=user, role=Role.OPERATOR)

    user_set_role(user=user, role=Role.AUDITOR, by=administrator)

    assert list(user.groups.values_list("name", flat=True)) == ["auditor"]


def test_it_lets_only_administrators_change_roles(operator):
    user = UserFactory()

    with pytest.raises(Forbidden):
        user_set_role(user=user, role=Role.OPERATOR, by=operator)

    user.refresh_from_db()
    assert (user.role, user.is_staff) == (Role.JOB_SEEKER, False)


def test_it_refuses_an_administrator_demoting_themselves(administrator):
    with pytest.raises(Conflict) as caught:
        user_set_role(user=administrator, role=Role.OPERATOR, by=administrator)

    assert caught.value.code == "self_demotion"


def test_it_refuses_an_unknown_role():
    with pytest.raises(ValidationFailed) as caught:
        user_set_role(user=UserFactory(), role="king")

    assert caught.value.field == "role"


def test_it_creates_a_staff_user_straight_into_the_role_group():
    user = user_create(email="auditor@example.kz", password=PASSWORD, role=Role.AUDITOR)

    assert user.is_staff is True
    assert list(user.groups.values_list("name", flat=True)) == ["auditor"]


def test_the_migration_created_one_group_per_staff_role():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "operator", "administrator", "auditor",
    }
    assert {"add_vacancy", "view_user", "delete_user"} <= _codenames("administrator")


def test_operators_manage_the_portal_s_records_but_delete_nothing():
    codenames = _codenames("operator")

    assert {
        "add_vacancy", "change_vacancy", "view_vacancy",
        "change_employer", "change_resume", "change_application",
        "view_occupation", "view_katounit",
    } <= codenames
    assert {"delete_vacancy", "change_user", "view_user", "change_group"}.isdisjoint(
        codenames
    )


def test_auditors_only_view():
    codenames = _codenames("auditor")

    assert {"view_vacancy", "view_user", "view_employer"} <= codenames
    assert all(codename.startswith("view_") for codename in codenames)


def test_syncing_the_role_groups_twice_changes_nothing():
    before = {role: _codenames(role) for role in STAFF_GROUPS}

    role_groups_sync()
    role_groups_sync()

    after = {role: _codenames(role) for role in STAFF_GROUPS}
    assert after == before
    assert Group.objects.filter(name="operator").count() == 1


def test_syncing_restores_a_permission_taken_from_a_group():
    group = Group.objects.get(name="operator")
    group.permissions.clear()

    role_groups_sync()

    assert "change_vacancy" in _codenames("operator")
