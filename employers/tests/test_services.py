import pytest

from accounts.models import Role, User
from core.errors import Conflict, Forbidden, ValidationFailed
from employers.models import Employer
from employers.services import employer_create, employer_register, employer_update
from tests.factories import EmployerFactory, KatoUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "steppe-wind-2024"


@pytest.fixture
def region():
    return KatoUnitFactory(code="750000000", name_ru="г.Алматы", name_kk="Алматы қ.")


def _register(region, **overrides):
    fields = {
        "name": "ТОО  Алатау Сервис",
        "bin": "150540000801",
        "region": region,
        "contact_email": "hr@alatau.kz",
        "contact_phone": "8 (701) 123-45-67",
        "email": "Daniyar@Alatau.kz",
        "full_name": "Данияр Ахметов",
        "password": PASSWORD,
        **overrides,
    }
    return employer_register(**fields)


def test_it_registers_a_company_with_its_first_member(region):
    employer = _register(region)

    employer.refresh_from_db()
    assert (employer.name, employer.bin, employer.region) == (
        "ТОО Алатау Сервис", "150540000801", region,
    )
    assert employer.contact_phone == "+77011234567"
    member = employer.members.get()
    assert (member.email, member.role, member.is_staff) == (
        "daniyar@alatau.kz", Role.EMPLOYER, False,
    )
    assert member.check_password(PASSWORD) is True


@pytest.mark.parametrize(
    "bin_value",
    ["９００５１５３０００８", "150540000008", "15054000080", "1505 4000 0801"],
)
def test_it_refuses_a_bad_bin_and_stores_nothing(region, bin_value):
    with pytest.raises(ValidationFailed) as caught:
        _register(region, bin=bin_value)

    assert (caught.value.code, caught.value.field) == ("bin_invalid", "bin")
    assert Employer.objects.count() == 0
    assert User.objects.count() == 0


def test_it_refuses_a_bin_already_registered(region):
    EmployerFactory(bin="150540000801")

    with pytest.raises(Conflict) as caught:
        _register(region)

    assert (caught.value.code, caught.value.field) == ("bin_taken", "bin")
    assert User.objects.count() == 0


def test_it_refuses_a_russian_contact_phone(region):
    with pytest.raises(ValidationFailed) as caught:
        _register(region, contact_phone="+7 913 123 45 67")

    assert (caught.value.code, caught.value.field) == (
        "phone_wrong_country", "contact_phone",
    )


def test_it_keeps_no_company_when_the_account_is_refused(region):
    UserFactory(email="daniyar@alatau.kz")

    with pytest.raises(Conflict) as caught:
        _register(region)

    assert caught.value.field == "email"
    assert Employer.objects.count() == 0


def test_it_requires_a_region(region):
    with pytest.raises(ValidationFailed) as caught:
        _register(None)

    assert caught.value.field == "region"


def test_the_back_office_creates_a_company_without_a_bin(operator):
    employer = employer_create(by=operator, name="ИП Сауле", bin="")

    assert (employer.name, employer.bin) == ("ИП Сауле", None)


def test_only_the_back_office_creates_companies_directly(employer_user):
    with pytest.raises(Forbidden):
        employer_create(by=employer_user, name="ТОО Другое")


def test_a_member_changes_the_company_s_phone(employer_user):
    employer = employer_user.employers.get()

    employer_update(
        employer=employer, by=employer_user,
        changes={"contact_phone": "+7 7172 55 55 55"},
    )

    employer.refresh_from_db()
    assert employer.contact_phone == "+77172555555"


def test_a_company_keeps_its_own_bin_on_update(employer_user):
    employer = employer_user.employers.get()

    employer_update(
        employer=employer, by=employer_user,
        changes={"bin": employer.bin, "name": "ТОО Алатау Сервис Плюс"},
    )

    employer.refresh_from_db()
    assert (employer.bin, employer.name) == ("150540000007", "ТОО Алатау Сервис Плюс")


def test_an_outsider_changes_no_company(employer_user, job_seeker):
    employer = employer_user.employers.get()

    with pytest.raises(Forbidden):
        employer_update(employer=employer, by=job_seeker, changes={"name": "Взлом"})
