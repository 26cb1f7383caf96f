"""The employer cabinet through the test client, on Kazakh pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from applications.models import Application
from core.localtime import local_today
from tests.factories import (
    EmployerFactory,
    KatoUnitFactory,
    OccupationFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import CloseReason, Status, Vacancy

pytestmark = pytest.mark.django_db

CABINET = "/kk/cabinet/vacancies/"
DESCRIPTION = "Жаңа қонақүйге аспаз керек.\nТәжірибе: 2 жыл."


@pytest.fixture
def employer(employer_user):
    return employer_user.employers.get()


@pytest.fixture
def signed_in(client, employer_user):
    client.force_login(employer_user)
    return client


@pytest.fixture
def classifiers():
    oblast = KatoUnitFactory(code="750000000", name_kk="Алматы қ.")
    district = KatoUnitFactory(code="751700000", level=2, name_kk="Алмалы ауданы")
    OccupationFactory(code="5")
    cook = OccupationFactory(code="5120", title_kk="Аспаздар")
    return {"oblast": oblast, "district": district, "cook": cook}


def _form(classifiers, **overrides: str) -> dict[str, str]:
    return {
        "title": "Аспаз",
        "occupation": str(classifiers["cook"].pk),
        "region": str(classifiers["district"].pk),
        "description": DESCRIPTION,
        "duties": "Ас мәзірін әзірлеу",
        "requirements": "Санитарлық кітапша",
        "skills": "",
        "salary_from": "250 000",
        "salary_to": "350000",
        "currency": "KZT",
        "employment_type": "full",
        "schedule": "shift",
        "experience": "1_3",
        "education": "vocational",
        "places": "2",
        "language": "kk",
        "expires_on": (local_today() + dt.timedelta(days=30)).isoformat(),
        **overrides,
    }


def _message(text: str) -> str:
    with translation.override("kk"):
        return translation.gettext(text)


def test_it_creates_a_draft_from_the_form(signed_in, employer, classifiers):
    response = signed_in.post(f"{CABINET}new/", _form(classifiers, is_remote="on"))

    assert response.status_code == 302
    assert response["Location"] == CABINET
    vacancy = Vacancy.objects.get()
    assert (vacancy.employer, vacancy.status, vacancy.title) == (
        employer, Status.DRAFT, "Аспаз",
    )
    assert (vacancy.salary_from, vacancy.salary_to, vacancy.salary_kzt) == (
        250_000, 350_000, 350_000,
    )
    assert (vacancy.occupation, vacancy.region, vacancy.oblast) == (
        classifiers["cook"], classifiers["district"], classifiers["oblast"],
    )
    assert (vacancy.schedule, vacancy.places, vacancy.is_remote) == ("shift", 2, True)
    assert vacancy.description == (
        "<p>Жаңа қонақүйге аспаз керек.<br>Тәжірибе: 2 жыл.</p>"
    )


def test_it_keeps_the_typed_text_when_the_salary_is_upside_down(
    signed_in, classifiers
):
    response = signed_in.post(
        f"{CABINET}new/",
        _form(classifiers, salary_from="400000", salary_to="300000"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "salary_to": [
            _message("The lower end of the salary must not exceed the upper end.")
        ]
    }
    page = response.content.decode()
    assert '<html lang="kk">' in page
    assert f">\n{DESCRIPTION}</textarea>" in page
    assert 'value="Аспаз"' in page
    assert 'value="400000"' in page and 'value="300000"' in page
    assert f'<option value="{classifiers["cook"].pk}" selected>' in page
    assert Vacancy.objects.count() == 0


def test_it_shows_an_error_per_field_for_input_it_cannot_read(signed_in, classifiers):
    response = signed_in.post(
        f"{CABINET}new/",
        _form(classifiers, title="", places="many", expires_on="31/02/2026",
              occupation="999999"),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "title", "places", "expires_on", "occupation",
    }
    assert f">\n{DESCRIPTION}</textarea>" in response.content.decode()


def test_an_employer_still_has_to_state_employment_type_and_schedule(
    signed_in, classifiers
):
    response = signed_in.post(
        f"{CABINET}new/", _form(classifiers, employment_type="", schedule="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "employment_type": [_message("Choose the employment type.")],
        "schedule": [_message("Choose the schedule.")],
    }
    assert "Жұмыспен қамту түрін таңдаңыз." in response.content.decode()
    assert f">\n{DESCRIPTION}</textarea>" in response.content.decode()
    assert Vacancy.objects.count() == 0


def test_the_new_vacancy_form_states_no_employment_schedule_or_education(signed_in):
    body = signed_in.get(f"{CABINET}new/").content.decode()

    for name, empty in [
        ("employment_type", "Choose…"), ("schedule", "Choose…"),
        ("education", "Not stated"),
    ]:
        select = re.search(rf'<select name="{name}".*?</select>', body, re.S)
        assert select is not None, name
        options = re.findall(r"<option[^>]*>", select.group())
        assert options[0] == '<option value="" selected>', name
        assert [option for option in options if "selected" in option] == [
            options[0]
        ], name
        assert f">{_message(empty)}</option>" in select.group()


def test_an_employer_may_leave_the_education_not_stated(
    signed_in, employer, classifiers
):
    response = signed_in.post(f"{CABINET}new/", _form(classifiers, education=""))

    assert response.status_code == 302
    assert Vacancy.objects.get().education == ""


def test_it_refuses_a_closing_date_in_the_past_beside_its_field(signed_in, classifiers):
    yesterday = (local_today() - dt.timedelta(days=1)).isoformat()

    response = signed_in.post(
        f"{CABINET}new/", _form(classifiers, expires_on=yesterday)
    )

    assert response.context["form"].errors == {
        "expires_on": [
            _message("The closing date has passed. Choose today or a later day.")
        ]
    }
    assert f'value="{yesterday}"' in response.content.decode()


def _in(language: str, text: str) -> str:
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"no {language} translation of {text!r}"
    return translated


UPSIDE_DOWN = "The lower end of the salary must not exceed the upper end."
DATE_PASSED = "The closing date has passed. Choose today or a later day."
NEGATIVE = "A salary cannot be negative."


def test_it_shows_every_fault_of_a_submission_at_once(signed_in, classifiers):
    yesterday = (local_today() - dt.timedelta(days=1)).isoformat()

    response = signed_in.post(
        f"{CABINET}new/",
        _form(classifiers, salary_from="400000", salary_to="300000",
              expires_on=yesterday),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "salary_to": [_in("kk", UPSIDE_DOWN)],
        "expires_on": [_in("kk", DATE_PASSED)],
    }
    page = response.content.decode()
    for message in (UPSIDE_DOWN, DATE_PASSED):
        assert _in("kk", message) in page
    assert 'value="400000"' in page and 'value="300000"' in page
    assert f'value="{yesterday}"' in page
    assert f">\n{DESCRIPTION}</textarea>" in page
    assert Vacancy.objects.count() == 0


def test_it_shows_the_service_faults_beside_input_it_cannot_read(
    signed_in, classifiers
):
    yesterday = (local_today() - dt.timedelta(days=1)).isoformat()

    response = signed_in.post(
        "/ru/cabinet/vacancies/new/",
        _form(classifiers, places="много", salary_to="-5", expires_on=yesterday),
    )

    errors = response.context["form"].errors
    assert set(errors) == {"places", "salary_to", "expires_on"}
    assert errors["salary_to"] == [_in("ru", NEGATIVE)]
    assert errors["expires_on"] == [_in("ru", DATE_PASSED)]
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert 'value="много"' in page and 'value="-5"' in page
    assert Vacancy.objects.count() == 0


def test_the_edit_form_of_a_vacancy_with_no_number_of_places_leaves_it_empty(
    signed_in, employer
):
    vacancy = VacancyFactory(employer=employer, status=Status.DRAFT, places=0)

    page = signed_in.get(f"{CABINET}{vacancy.pk}/edit/")

    assert page.context["form"]["places"].value() is None
    assert '<input type="text" name="places" inputmode="numeric"' in (
        page.content.decode()
    )
    assert 'name="places" value="0"' not in page.content.decode()


def test_the_edit_form_shows_every_fault_and_keeps_the_stored_vacancy(
    signed_in, employer
):
    vacancy = VacancyFactory(
        employer=employer, status=Status.DRAFT, title="Аспаз",
        salary_from=300_000, salary_to=400_000,
    )
    page = signed_in.get(f"{CABINET}{vacancy.pk}/edit/")
    data = {
        name: "" if value is None else str(value)
        for name, value in page.context["form"].initial.items()
        if not isinstance(value, bool)
    }
    last_week = (local_today() - dt.timedelta(days=7)).isoformat()

    response = signed_in.post(
        f"{CABINET}{vacancy.pk}/edit/",
        {**data, "title": "Бас аспаз", "salary_from": "500000",
         "expires_on": last_week},
    )

    assert response.context["form"].errors == {
        "salary_from": [_in("kk", UPSIDE_DOWN)],
        "expires_on": [_in("kk", DATE_PASSED)],
    }
    page = response.content.decode()
    assert 'value="Бас аспаз"' in page and 'value="500000"' in page
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.salary_from) == ("Аспаз", 300_000)


def test_a_mistyped_salary_bound_is_not_compared_with_the_stored_one(
    signed_in, employer
):
    vacancy = VacancyFactory(
        employer=employer, status=Status.DRAFT, title="Аспаз",
        salary_from=300_000, salary_to=400_000,
    )
    page = signed_in.get(f"{CABINET}{vacancy.pk}/edit/")
    data = {
        name: "" if value is None else str(value)
        for name, value in page.context["form"].initial.items()
        if not isinstance(value, bool)
    }

    response = signed_in.post(
        f"{CABINET}{vacancy.pk}/edit/",
        {**data, "salary_from": "500000", "salary_to": "600 000 тг"},
    )

    # Only the unreadable bound is refused: 500,000 is not judged against
    # the stored 400,000 the employer is replacing.
    assert set(response.context["form"].errors) == {"salary_to"}


def test_it_changes_only_the_fields_edited(signed_in, employer, classifiers):
    signed_in.post(f"{CABINET}new/", _form(classifiers))
    vacancy = Vacancy.objects.get()

    response = signed_in.post(
        f"{CABINET}{vacancy.pk}/edit/",
        _form(classifiers, salary_to="500 000", description=vacancy.description),
    )

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.salary_from, vacancy.salary_to, vacancy.salary_kzt) == (
        250_000, 500_000, 500_000,
    )
    assert vacancy.description == (
        "<p>Жаңа қонақүйге аспаз керек.<br>Тәжірибе: 2 жыл.</p>"
    )


def test_the_edit_form_keeps_the_typed_text_on_a_salary_below_the_stored_one(
    signed_in, employer
):
    vacancy = VacancyFactory(
        employer=employer, status=Status.DRAFT, title="Аспаз",
        salary_from=300_000, salary_to=400_000,
    )
    page = signed_in.get(f"{CABINET}{vacancy.pk}/edit/")
    data = {
        name: "" if value is None else str(value)
        for name, value in page.context["form"].initial.items()
        if not isinstance(value, bool)
    }

    response = signed_in.post(
        f"{CABINET}{vacancy.pk}/edit/",
        {**data, "title": "Бас аспаз", "salary_to": "200000"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "salary_to": [
            _message("The lower end of the salary must not exceed the upper end.")
        ]
    }
    assert 'value="Бас аспаз"' in response.content.decode()
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.salary_to) == ("Аспаз", 400_000)


def test_the_list_shows_status_and_number_of_applications(signed_in, employer):
    busy = VacancyFactory(employer=employer, title="Кассир")
    VacancyFactory(employer=employer, title="Жүргізуші", status=Status.DRAFT)
    VacancyFactory(title="Бөтен вакансия")
    for index in range(3):
        Application.objects.create(
            vacancy=busy, applicant=UserFactory(email=f"seeker{index}@example.kz")
        )

    response = signed_in.get(CABINET)

    assert response.status_code == 200
    rows = {vacancy.title: vacancy for vacancy in response.context["page"]}
    assert set(rows) == {"Кассир", "Жүргізуші"}
    assert rows["Кассир"].application_count == 3
    assert rows["Жүргізуші"].application_count == 0
    page = response.content.decode()
    assert f'action="{CABINET}{rows["Жүргізуші"].pk}/publish/"' in page
    assert f'action="{CABINET}{busy.pk}/publish/"' not in page


def test_it_publishes_a_draft_from_the_list(signed_in, employer):
    draft = VacancyFactory(employer=employer, status=Status.DRAFT, published_at=None)

    response = signed_in.post(f"{CABINET}{draft.pk}/publish/")

    assert response["Location"] == CABINET
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_it_sends_back_to_the_form_when_the_closing_date_has_passed(
    signed_in, employer
):
    draft = VacancyFactory(
        employer=employer, status=Status.DRAFT, published_at=None,
        expires_on=local_today() - dt.timedelta(days=2),
    )

    response = signed_in.post(f"{CABINET}{draft.pk}/publish/", follow=True)

    assert response.redirect_chain[-1][0] == f"{CABINET}{draft.pk}/edit/"
    assert [str(message) for message in response.context["messages"]] == [
        _message("The closing date has passed. Choose today or a later day.")
    ]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_answers_only_to_post(signed_in, employer):
    draft = VacancyFactory(employer=employer, status=Status.DRAFT)

    assert signed_in.get(f"{CABINET}{draft.pk}/publish/").status_code == 405


def test_it_closes_a_vacancy_as_filled(signed_in, employer):
    vacancy = VacancyFactory(employer=employer)

    response = signed_in.post(f"{CABINET}{vacancy.pk}/close/", {"reason": "filled"})

    assert response["Location"] == CABINET
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.close_reason) == (Status.CLOSED, CloseReason.FILLED)


def test_it_asks_again_for_a_reason_it_does_not_offer(signed_in, employer):
    vacancy = VacancyFactory(employer=employer)

    response = signed_in.post(f"{CABINET}{vacancy.pk}/close/", {"reason": "expired"})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    vacancy.refresh_from_db()
    assert vacancy.status == Status.PUBLISHED


def test_it_forbids_the_vacancies_of_another_company(signed_in):
    foreign = VacancyFactory(employer=EmployerFactory(), title="Бөтен")

    assert signed_in.get(f"{CABINET}{foreign.pk}/edit/").status_code == 403
    assert signed_in.post(f"{CABINET}{foreign.pk}/publish/").status_code == 403
    response = signed_in.post(f"{CABINET}{foreign.pk}/close/", {"reason": "filled"})
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.status == Status.PUBLISHED


def test_it_answers_not_found_for_a_vacancy_that_does_not_exist(signed_in):
    assert signed_in.get(f"{CABINET}999999/edit/").status_code == 404


def test_it_explains_that_an_account_without_a_company_has_no_cabinet(client):
    client.force_login(UserFactory(role=Role.EMPLOYER))

    response = client.get(CABINET)

    assert response.status_code == 403
    assert response.templates[0].name == "vacancies/cabinet_no_employer.html"


def test_it_asks_a_visitor_to_sign_in(client):
    response = client.get(f"{CABINET}new/")

    with translation.override("kk"):
        login_url = reverse("accounts:login")
    assert response["Location"].startswith(f"{login_url}?next=")
