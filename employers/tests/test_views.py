import datetime as dt

import pytest
from django.contrib.auth import get_user
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import User
from core.localtime import local_today
from employers.models import Employer
from tests.factories import EmployerFactory, KatoUnitFactory, VacancyFactory
from vacancies.models import Status

pytestmark = pytest.mark.django_db

PASSWORD = "steppe-wind-2024"
FULL_WIDTH_BIN = "９００５１５３０００８"
BAD_BIN_MESSAGE = (
    "A BIN is 12 digits 0-9 with a correct check digit. "
    "Check the number on your registration certificate."
)


@pytest.fixture
def region():
    return KatoUnitFactory(code="750000000", name_ru="г.Алматы", name_kk="Алматы қ.")


def _data(region, **overrides: str) -> dict[str, str]:
    return {
        "name": "ТОО Алатау Сервис",
        "bin": "150540000801",
        "region": str(region.pk),
        "contact_email": "hr@alatau.kz",
        "contact_phone": "8 (701) 123-45-67",
        "full_name": "Данияр Ахметов",
        "email": "daniyar@alatau.kz",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        **overrides,
    }


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _translated(message: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def test_the_signup_page_offers_the_regions_in_the_page_s_language(client, region):
    response = client.get("/kk/employers/signup/")

    assert response.status_code == 200
    assert "Алматы қ." in response.content.decode()


def test_it_registers_a_company_and_signs_its_manager_in(client, region):
    response = client.post("/kk/employers/signup/", _data(region))

    assert response.status_code == 302
    assert response["Location"] == _url("vacancy_cabinet:list", "kk")
    employer = Employer.objects.get()
    assert employer.bin == "150540000801"
    assert get_user(client) == employer.members.get()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_it_refuses_full_width_digits_in_the_bin_in_each_language(
    client, region, language
):
    response = client.post(
        _url("employers:signup", language), _data(region, bin=FULL_WIDTH_BIN)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert escape(_translated(BAD_BIN_MESSAGE, language)) in page
    assert response.context["form"].errors["bin"] == [
        _translated(BAD_BIN_MESSAGE, language)
    ]
    # Everything typed is still there, except the passwords.
    assert f'value="{FULL_WIDTH_BIN}"' in page
    assert 'value="ТОО Алатау Сервис"' in page
    assert 'value="8 (701) 123-45-67"' in page
    assert f'<option value="{region.pk}" selected>' in page
    assert Employer.objects.count() == 0
    assert User.objects.count() == 0


def test_it_says_clearly_that_a_bin_is_already_registered(client, region):
    EmployerFactory(bin="150540000801")

    response = client.post("/ru/employers/signup/", _data(region))

    assert response.status_code == 200
    assert response.context["form"].errors["bin"] == [
        _translated(
            "A company with this BIN is already registered. Ask a colleague who "
            "manages its account to add you.",
            "ru",
        )
    ]
    assert User.objects.count() == 0


def test_it_refuses_an_email_that_has_an_account(client, region, job_seeker):
    response = client.post(
        "/en/employers/signup/", _data(region, email="AIGERIM@example.kz")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this email already exists. Sign in instead."
    ]
    assert Employer.objects.count() == 0


def test_it_refuses_a_russian_contact_phone(client, region):
    response = client.post(
        "/en/employers/signup/", _data(region, contact_phone="+7 913 123 45 67")
    )

    assert response.context["form"].errors["contact_phone"] == [
        "Enter a phone number of Kazakhstan (+7 7xx or +7 6xx)."
    ]


def test_the_company_page_lists_only_its_open_vacancies(client):
    employer = EmployerFactory(name="ТОО Береке")
    today = local_today()
    VacancyFactory(employer=employer, title="Открытая бессрочная")
    VacancyFactory(employer=employer, title="Последний день", expires_on=today)
    VacancyFactory(
        employer=employer, title="Истекла вчера",
        expires_on=today - dt.timedelta(days=1),
    )
    VacancyFactory(employer=employer, title="Черновик", status=Status.DRAFT)
    VacancyFactory(employer=employer, title="Закрыта", status=Status.CLOSED)
    VacancyFactory(title="Чужая")

    response = client.get(f"/kk/employers/{employer.pk}/")

    assert response.status_code == 200
    titles = [vacancy.title for vacancy in response.context["page"]]
    assert sorted(titles) == ["Открытая бессрочная", "Последний день"]
    assert "ТОО Береке" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "salary"),
    [("en", "from 200\u202f000 to 750\u202f000 KZT"),
     ("ru", "от 200\u202f000 до 750\u202f000 KZT")],
)
def test_the_company_page_writes_salaries_as_the_vacancy_page_does(
    client, language, salary
):
    vacancy = VacancyFactory(salary_from=200_000, salary_to=750_000)

    company = client.get(f"/{language}/employers/{vacancy.employer_id}/")
    own = client.get(f"/{language}/vacancies/{vacancy.pk}/")

    assert salary in company.content.decode()
    assert salary in own.content.decode()


def test_the_company_page_of_an_unknown_company_is_not_found(client):
    assert client.get("/kk/employers/999999/").status_code == 404


def test_it_shows_every_mistake_of_a_sign_up_at_once(client, region, job_seeker):
    response = client.post(
        "/en/employers/signup/",
        _data(
            region, bin="150540000008", contact_phone="+7 913 123 45 67",
            email="daniyar@", password_confirm="another-wind-2024",
        ),
    )

    errors = response.context["form"].errors
    assert errors == {
        "bin": [BAD_BIN_MESSAGE],
        "contact_phone": ["Enter a phone number of Kazakhstan (+7 7xx or +7 6xx)."],
        "email": ["Enter a valid email address."],
        "password_confirm": ["The two passwords differ."],
    }
    page = response.content.decode()
    for messages in errors.values():
        assert escape(messages[0]) in page
    assert Employer.objects.count() == 0


def test_it_shows_a_registered_bin_and_a_taken_email_together(
    client, region, job_seeker
):
    EmployerFactory(bin="150540000801")

    response = client.post(
        "/en/employers/signup/", _data(region, email="aigerim@example.kz")
    )

    errors = response.context["form"].errors
    assert errors["bin"] == [
        "A company with this BIN is already registered. Ask a colleague who "
        "manages its account to add you."
    ]
    assert errors["email"] == [
        "An account with this email already exists. Sign in instead."
    ]


def test_a_field_the_form_refused_keeps_only_the_form_s_complaint(client, region):
    response = client.post("/en/employers/signup/", _data(region, bin="", name=""))

    errors = response.context["form"].errors
    assert errors == {
        "name": ["This field is required."],
        "bin": ["This field is required."],
    }


def test_a_refused_sign_up_keeps_what_was_typed_and_says_to_retype_passwords(
    client, region
):
    response = client.post(
        "/ru/employers/signup/", _data(region, bin="150540000008")
    )

    page = response.content.decode()
    for typed in (
        "ТОО Алатау Сервис", "150540000008", "hr@alatau.kz", "8 (701) 123-45-67",
        "Данияр Ахметов", "daniyar@alatau.kz",
    ):
        assert f'value="{typed}"' in page
    assert f'<option value="{region.pk}" selected>' in page
    # Passwords are never written back into a page; each field says so.
    assert PASSWORD not in page
    retype = _translated(
        "For your safety the password is not kept after an error: type it again.",
        "ru",
    )
    assert retype.startswith("Ради безопасности")
    assert page.count(escape(retype)) == 2


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", ["Абай облысы", "Ақмола облысы", "Алматы қ.", "Қарағанды облысы",
                "Шымкент қ."]),
        ("ru", ["Абайская область", "Акмолинская область", "г.Алматы",
                "Карагандинская область", "г.Шымкент"]),
    ],
)
def test_the_signup_page_lists_the_regions_by_name_in_the_page_s_language(
    client, language, expected
):
    # Created in code order, which is neither alphabet.
    for code, name_kk, name_ru in [
        ("110000000", "Ақмола облысы", "Акмолинская область"),
        ("350000000", "Қарағанды облысы", "Карагандинская область"),
        ("750000000", "Алматы қ.", "г.Алматы"),
        ("790000000", "Шымкент қ.", "г.Шымкент"),
        ("100000000", "Абай облысы", "Абайская область"),
    ]:
        KatoUnitFactory(code=code, name_kk=name_kk, name_ru=name_ru)

    response = client.get(f"/{language}/employers/signup/")

    choices = response.context["form"].fields["region"].choices
    assert [str(label) for value, label in choices if value] == expected


def test_the_signup_page_opens_before_any_region_is_loaded(client):
    response = client.get("/ru/employers/signup/")

    assert response.status_code == 200
    assert list(response.context["form"].fields["region"].queryset) == []
