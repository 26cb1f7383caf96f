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


def test_the_company_page_of_an_unknown_company_is_not_found(client):
    assert client.get("/kk/employers/999999/").status_code == 404
