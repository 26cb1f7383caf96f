import pytest
from django.contrib.auth import get_user
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "steppe-wind-2024"
SIGNUP_URL = "/kk/accounts/signup/"


def _signup_data(**overrides: str) -> dict[str, str]:
    return {
        "email": "Aigerim@Example.kz",
        "full_name": "Айгерім Сәрсенова",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        **overrides,
    }


def _url(name: str, language: str = "kk") -> str:
    with translation.override(language):
        return reverse(name)


def test_the_signup_page_links_to_the_employer_registration(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    assert f'href="{_url("employers:signup")}"' in response.content.decode()


def test_it_signs_a_job_seeker_up_and_in(client):
    response = client.post(SIGNUP_URL, _signup_data())

    assert response.status_code == 302
    assert response["Location"] == _url("accounts:cabinet")
    user = User.objects.get()
    assert (user.email, user.full_name, user.role) == (
        "aigerim@example.kz", "Айгерім Сәрсенова", Role.JOB_SEEKER,
    )
    assert user.preferred_language == "kk"
    assert get_user(client).pk == user.pk


def test_it_refuses_a_taken_email_and_keeps_what_was_typed(client):
    UserFactory(email="aigerim@example.kz")

    response = client.post(SIGNUP_URL, _signup_data(email="AIGERIM@example.kz"))

    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("kk"):
        assert response.context["form"].errors["email"] == [
            translation.gettext(
                "An account with this email already exists. Sign in instead."
            )
        ]
    assert 'value="AIGERIM@example.kz"' in page
    assert 'value="Айгерім Сәрсенова"' in page
    assert User.objects.count() == 1
    assert not get_user(client).is_authenticated


def test_it_refuses_two_different_passwords_in_kazakh_on_a_kazakh_page(client):
    response = client.post(SIGNUP_URL, _signup_data(password_confirm="other-words-99"))

    assert response.status_code == 200
    assert response.context["form"].errors["password_confirm"] == [
        "Екі құпиясөз сәйкес келмейді."
    ]
    assert User.objects.count() == 0


def test_it_shows_why_a_password_is_too_weak(client):
    response = client.post(
        SIGNUP_URL, _signup_data(password="1234567890", password_confirm="1234567890")
    )

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert User.objects.count() == 0


def test_the_sign_in_page_asks_for_email_and_password(client):
    response = client.get("/kk/accounts/login/")

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["username", "password"]
    assert 'type="email"' in response.content.decode()


def test_it_signs_in_whatever_the_letter_case_of_the_email(client):
    UserFactory(email="daniyar@example.kz", role=Role.EMPLOYER)

    response = client.post(
        "/ru/accounts/login/",
        {"username": " Daniyar@EXAMPLE.kz", "password": "correct-horse-42"},
    )

    assert response.status_code == 302
    assert response["Location"] == _url("accounts:cabinet", "ru")
    assert get_user(client).email == "daniyar@example.kz"


def test_it_refuses_a_wrong_password_on_the_sign_in_page(client):
    UserFactory(email="daniyar@example.kz")

    response = client.post(
        "/en/accounts/login/",
        {"username": "daniyar@example.kz", "password": "wrong-password-1"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="daniyar@example.kz"' in response.content.decode()


def test_the_cabinet_sends_a_job_seeker_to_the_seeker_cabinet(client, job_seeker):
    client.force_login(job_seeker)

    response = client.get("/kk/accounts/cabinet/")

    assert response["Location"] == _url("applications:seeker_cabinet")


def test_the_cabinet_sends_an_employer_to_the_vacancy_cabinet(client, employer_user):
    client.force_login(employer_user)

    response = client.get("/ru/accounts/cabinet/")

    assert response["Location"] == _url("vacancy_cabinet:list", "ru")


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMINISTRATOR, Role.AUDITOR])
def test_the_cabinet_sends_staff_to_the_admin(client, role):
    client.force_login(UserFactory(role=role, is_staff=True))

    response = client.get("/en/accounts/cabinet/")

    assert response["Location"] == _url("admin:index", "en")


def test_the_cabinet_asks_a_visitor_to_sign_in(client):
    response = client.get("/kk/accounts/cabinet/")

    assert response.status_code == 302
    assert response["Location"].startswith(_url("accounts:login") + "?next=")


def test_a_signed_in_person_is_sent_from_the_signup_page_to_the_cabinet(
    client, job_seeker
):
    client.force_login(job_seeker)

    response = client.get(SIGNUP_URL)

    assert response["Location"] == _url("accounts:cabinet")


SIGN_IN_REFUSAL = {
    "kk": "Электрондық пошта немесе құпиясөз қате. Екеуін де тексеріп, қайта "
          "көріңіз; құпиясөзде бас және кіші әріптер ерекшеленеді.",
    "ru": "Неверный адрес электронной почты или пароль. Проверьте оба поля "
          "и попробуйте снова; в пароле важен регистр букв.",
    "en": "Incorrect email or password. Check both and try again; letter case "
          "matters in the password.",
}


RETYPE_NOTE_RU = (
    "Ради безопасности пароль не сохраняется после ошибки: введите его снова."
)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_wrong_password_gets_the_sign_in_page_s_own_message_in_each_language(
    client, language
):
    UserFactory(email="daniyar@example.kz")

    response = client.post(
        f"/{language}/accounts/login/",
        {"username": "daniyar@example.kz", "password": "wrong-password-1"},
    )

    assert response.context["form"].non_field_errors() == [
        SIGN_IN_REFUSAL[language]
    ]
    assert escape(SIGN_IN_REFUSAL[language]) in response.content.decode()


def test_it_shows_a_taken_email_and_two_different_passwords_together(client):
    UserFactory(email="aigerim@example.kz")

    response = client.post(
        "/en/accounts/signup/",
        _signup_data(password="1234567890", password_confirm="other-words-99"),
    )

    errors = response.context["form"].errors
    assert errors["email"] == [
        "An account with this email already exists. Sign in instead."
    ]
    assert errors["password_confirm"] == ["The two passwords differ."]
    assert "This password is entirely numeric." in errors["password"][0]
    assert User.objects.count() == 1


def test_a_refused_sign_up_says_why_the_password_fields_are_empty(client):
    UserFactory(email="aigerim@example.kz")

    response = client.post("/ru/accounts/signup/", _signup_data())

    page = response.content.decode()
    # Beside each of the two password fields.
    assert page.count(escape(RETYPE_NOTE_RU)) == 2
    assert PASSWORD not in page
    assert 'value="Айгерім Сәрсенова"' in page


def test_the_empty_sign_up_page_does_not_ask_to_retype_a_password(client):
    page = client.get("/en/accounts/signup/").content.decode()

    assert "type it again" not in page
