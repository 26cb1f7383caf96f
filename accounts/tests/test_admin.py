"""What each staff role may do in the admin, through the real admin pages."""

import pytest

from accounts.models import Role, User
from accounts.services import user_set_role
from employers.models import Employer
from tests.factories import UserFactory, VacancyFactory
from vacancies.models import Status, Vacancy
from vacancies.search_document import search_fields

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/"


def _staff(role: str) -> User:
    # Not a superuser: what the person may do comes from the role's group.
    user = UserFactory(email=f"{role}@example.kz")
    user_set_role(user=user, role=role)
    return user


@pytest.fixture
def vacancy():
    return VacancyFactory(title="Сварщик")


def test_an_operator_manages_vacancies_and_employers(client, vacancy):
    client.force_login(_staff(Role.OPERATOR))

    assert client.get(f"{ADMIN}vacancies/vacancy/").status_code == 200
    change_url = f"{ADMIN}vacancies/vacancy/{vacancy.pk}/change/"
    assert client.get(change_url).status_code == 200
    assert client.get(f"{ADMIN}vacancies/vacancy/add/").status_code == 200
    assert client.get(f"{ADMIN}employers/employer/").status_code == 200


def test_an_operator_deletes_no_vacancy(client, vacancy):
    client.force_login(_staff(Role.OPERATOR))

    response = client.post(
        f"{ADMIN}vacancies/vacancy/{vacancy.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Vacancy.objects.filter(pk=vacancy.pk).exists()


def test_an_operator_sees_no_user_accounts(client):
    client.force_login(_staff(Role.OPERATOR))

    assert client.get(f"{ADMIN}accounts/user/").status_code == 403
    assert client.get(f"{ADMIN}auth/group/").status_code == 403


def _vacancy_form_data(client, vacancy: Vacancy) -> dict:
    form = client.get(f"{ADMIN}vacancies/vacancy/{vacancy.pk}/change/").context[
        "adminform"
    ].form
    return {
        name: value for name, value in form.initial.items()
        if name in form.fields and value is not None
    }


def test_an_operator_changes_a_vacancy_through_the_services(client, vacancy):
    client.force_login(_staff(Role.OPERATOR))
    data = _vacancy_form_data(client, vacancy)

    response = client.post(
        f"{ADMIN}vacancies/vacancy/{vacancy.pk}/change/",
        {**data, "title": "Сварщик аргонщик", "salary_to": "450000"},
    )

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.salary_kzt) == ("Сварщик аргонщик", 450_000)
    assert vacancy.search_title == search_fields(title="Сварщик аргонщик")[0]


def test_an_operator_publishes_drafts_with_the_admin_action(client):
    client.force_login(_staff(Role.OPERATOR))
    draft = VacancyFactory(status=Status.DRAFT, published_at=None)

    response = client.post(
        f"{ADMIN}vacancies/vacancy/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_the_admin_shows_a_broken_salary_rule_beside_the_field(client, vacancy):
    client.force_login(_staff(Role.OPERATOR))
    data = _vacancy_form_data(client, vacancy)

    response = client.post(
        f"{ADMIN}vacancies/vacancy/{vacancy.pk}/change/",
        {**data, "salary_from": "500000", "salary_to": "400000"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["salary_to"] == [
        "The lower end of the salary must not exceed the upper end."
    ]
    vacancy.refresh_from_db()
    assert (vacancy.salary_from, vacancy.salary_to) == (None, None)


def test_an_auditor_views_but_changes_nothing(client, vacancy):
    client.force_login(_staff(Role.AUDITOR))
    change_url = f"{ADMIN}vacancies/vacancy/{vacancy.pk}/change/"

    assert client.get(f"{ADMIN}vacancies/vacancy/").status_code == 200
    assert client.get(f"{ADMIN}accounts/user/").status_code == 200
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"title": "Изменено"}).status_code == 403
    assert client.get(f"{ADMIN}vacancies/vacancy/add/").status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.title == "Сварщик"


def test_an_administrator_manages_users_and_deletes(client, vacancy):
    administrator = _staff(Role.ADMINISTRATOR)
    client.force_login(administrator)

    assert client.get(f"{ADMIN}accounts/user/").status_code == 200
    assert client.get(f"{ADMIN}accounts/user/add/").status_code == 200
    user_page = f"{ADMIN}accounts/user/{administrator.pk}/change/"
    assert client.get(user_page).status_code == 200
    assert client.get(f"{ADMIN}auth/group/").status_code == 200
    response = client.post(
        f"{ADMIN}vacancies/vacancy/{vacancy.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Vacancy.objects.filter(pk=vacancy.pk).exists()


@pytest.mark.parametrize("role", [Role.JOB_SEEKER, Role.EMPLOYER])
def test_people_outside_the_staff_are_sent_to_the_admin_sign_in(client, role):
    client.force_login(UserFactory(role=role))

    response = client.get(f"{ADMIN}vacancies/vacancy/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{ADMIN}login/")


def _user_form_data(user: User, **overrides: str) -> dict[str, str]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "role": user.role,
        "is_active": "on",
        **overrides,
    }


def test_an_administrator_gives_a_role_with_its_group(client):
    client.force_login(_staff(Role.ADMINISTRATOR))
    person = UserFactory(email="new.operator@example.kz")

    response = client.post(
        f"{ADMIN}accounts/user/{person.pk}/change/",
        _user_form_data(person, role=Role.OPERATOR),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.role, person.is_staff) == (Role.OPERATOR, True)
    assert list(person.groups.values_list("name", flat=True)) == ["operator"]


def test_an_administrator_cannot_demote_themselves_in_the_admin(client):
    administrator = _staff(Role.ADMINISTRATOR)
    client.force_login(administrator)

    response = client.post(
        f"{ADMIN}accounts/user/{administrator.pk}/change/",
        _user_form_data(administrator, role=Role.EMPLOYER),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == [
        "You cannot take the administrator role away from yourself."
    ]
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_an_administrator_adds_a_staff_user(client):
    client.force_login(_staff(Role.ADMINISTRATOR))

    response = client.post(
        f"{ADMIN}accounts/user/add/",
        {
            "email": "Auditor@Example.kz",
            "full_name": "Ревизор",
            "role": Role.AUDITOR,
            "password": "steppe-wind-2024",
            "password_confirm": "steppe-wind-2024",
        },
    )

    assert response.status_code == 302
    created = User.objects.get(email="auditor@example.kz")
    assert (created.role, created.is_staff) == (Role.AUDITOR, True)
    assert list(created.groups.values_list("name", flat=True)) == ["auditor"]


def test_the_admin_refuses_a_bin_with_a_wrong_check_digit(client):
    client.force_login(_staff(Role.OPERATOR))

    response = client.post(
        f"{ADMIN}employers/employer/add/", {"name": "ТОО Тест", "bin": "150540000008"}
    )

    assert response.status_code == 200
    assert "bin" in response.context["adminform"].form.errors
    assert not Employer.objects.filter(name="ТОО Тест").exists()
