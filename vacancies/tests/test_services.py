import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_set_role
from core.errors import Conflict, Forbidden, ValidationErrors, ValidationFailed
from core.localtime import ALMATY, local_today
from tests.factories import (
    EmployerFactory,
    KatoUnitFactory,
    OccupationFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import CloseReason, Status, Vacancy
from vacancies.search_document import search_fields
from vacancies.services import (
    SALARY_MAX,
    vacancy_close,
    vacancy_create,
    vacancy_expire_due,
    vacancy_publish,
    vacancy_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(employer_user):
    return employer_user.employers.get()


@pytest.fixture
def draft(employer, employer_user):
    return vacancy_create(
        employer=employer, by=employer_user, title="Бухгалтер",
        salary_from=300_000, salary_to=400_000,
    )


def _refused(call, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        call(**kwargs)
    return caught.value


# Salary rules


def test_it_creates_a_draft_with_the_salary_in_tenge(employer, employer_user):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="  Инженер   ПТО ",
        salary_from=1_000, salary_to=2_000, currency="usd",
    )

    vacancy.refresh_from_db()
    assert vacancy.status == Status.DRAFT
    assert vacancy.title == "Инженер ПТО"
    assert vacancy.currency == "USD"
    assert vacancy.salary_kzt == 1_020_000


def test_it_takes_the_lower_end_as_salary_in_tenge_when_only_it_is_given(
    employer, employer_user
):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Повар", salary_from=250_000
    )

    assert vacancy.salary_kzt == 250_000


def test_it_rejects_a_salary_range_upside_down(employer, employer_user):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        salary_from=500_000, salary_to=400_000,
    )

    assert error.code == "salary_range_upside_down"
    assert error.field == "salary_to"
    assert Vacancy.objects.count() == 0


def test_it_accepts_equal_ends_of_the_salary(employer, employer_user):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Повар",
        salary_from=400_000, salary_to=400_000,
    )

    assert (vacancy.salary_from, vacancy.salary_to) == (400_000, 400_000)


@pytest.mark.parametrize("field", ["salary_from", "salary_to"])
def test_it_rejects_a_negative_salary(employer, employer_user, field):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        **{field: -1},
    )

    assert (error.code, error.field) == ("salary_negative", field)


def test_it_rejects_a_salary_beyond_the_limit(employer, employer_user):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        salary_to=SALARY_MAX + 1,
    )

    assert (error.code, error.field) == ("salary_too_high", "salary_to")


def test_it_rejects_a_salary_that_is_not_a_whole_number(employer, employer_user):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        salary_from="300000",
    )

    assert error.field == "salary_from"


def test_it_rejects_an_upper_salary_below_the_stored_lower_one(draft, employer_user):
    error = _refused(
        vacancy_update, vacancy=draft, by=employer_user,
        changes={"salary_to": 250_000},
    )

    assert (error.code, error.field) == ("salary_range_upside_down", "salary_to")
    draft.refresh_from_db()
    assert draft.salary_to == 400_000


def test_it_rejects_a_lower_salary_above_the_stored_upper_one(draft, employer_user):
    error = _refused(
        vacancy_update, vacancy=draft, by=employer_user,
        changes={"salary_from": 450_000},
    )

    assert (error.code, error.field) == ("salary_range_upside_down", "salary_from")


def test_it_rejects_a_negative_salary_on_a_partial_update(draft, employer_user):
    error = _refused(
        vacancy_update, vacancy=draft, by=employer_user, changes={"salary_from": -5}
    )

    assert (error.code, error.field) == ("salary_negative", "salary_from")


def test_it_moves_both_ends_of_the_salary_in_one_update(draft, employer_user):
    updated = vacancy_update(
        vacancy=draft, by=employer_user,
        changes={"salary_from": 500_000, "salary_to": 600_000},
    )

    assert (updated.salary_from, updated.salary_to, updated.salary_kzt) == (
        500_000, 600_000, 600_000,
    )


def test_it_recomputes_the_salary_in_tenge_when_the_currency_changes(
    draft, employer_user
):
    updated = vacancy_update(
        vacancy=draft, by=employer_user, changes={"currency": "EUR"}
    )

    assert updated.salary_kzt == 400_000 * 590


def test_it_clears_the_salary_in_tenge_with_the_salary(draft, employer_user):
    updated = vacancy_update(
        vacancy=draft, by=employer_user,
        changes={"salary_from": None, "salary_to": None},
    )

    assert updated.salary_kzt is None


def test_it_rejects_an_unknown_currency(employer, employer_user):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        currency="XXX",
    )

    assert error.field == "currency"


# Other fields


@pytest.mark.parametrize("places", [0, -1])
def test_it_requires_at_least_one_place(employer, employer_user, places):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        places=places,
    )

    assert (error.code, error.field) == ("places_out_of_range", "places")


def test_it_requires_a_title(employer, employer_user):
    error = _refused(vacancy_create, employer=employer, by=employer_user, title="  ")

    assert error.field == "title"


def test_it_rejects_a_value_outside_a_list_of_choices(employer, employer_user):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        employment_type="forever",
    )

    assert error.field == "employment_type"


@pytest.mark.parametrize("name", ["employment_type", "schedule"])
def test_an_employer_cannot_leave_a_stated_fact_blank(employer, employer_user, name):
    # Only imports store "" (not stated); the admin and the cabinet come here.
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        **{name: ""},
    )

    assert (error.field, error.message) == (name, "Choose a value from the list.")


def test_an_employer_may_leave_the_education_not_stated(employer, employer_user):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Повар", education=""
    )

    assert vacancy.education == ""


def test_it_refuses_a_field_that_is_not_editable(employer, employer_user):
    with pytest.raises(TypeError):
        vacancy_create(
            employer=employer, by=employer_user, title="Повар", status="published"
        )


def test_it_rejects_a_closing_date_in_the_past(employer, employer_user):
    yesterday = local_today() - dt.timedelta(days=1)

    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        expires_on=yesterday,
    )

    assert (error.code, error.field) == ("closing_date_passed", "expires_on")


def _faults(error: ValidationFailed) -> list[tuple[str | None, str]]:
    return [(each.field, each.code) for each in error.errors]


def test_it_reports_every_field_at_fault_in_one_refusal(employer, employer_user):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="  ",
        salary_from=500_000, salary_to=400_000, places=0,
        expires_on=local_today() - dt.timedelta(days=1),
    )

    assert isinstance(error, ValidationErrors)
    assert _faults(error) == [
        ("title", "invalid"),
        ("places", "places_out_of_range"),
        ("expires_on", "closing_date_passed"),
        ("salary_to", "salary_range_upside_down"),
    ]
    # The first refusal is the error's own, for handlers that show one.
    assert (error.field, error.code) == ("title", "invalid")
    assert Vacancy.objects.count() == 0


def test_it_asks_for_a_missing_title_beside_the_other_faults(
    employer, employer_user
):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user,
        salary_from=-1, currency="XYZ",
    )

    assert _faults(error) == [
        ("salary_from", "salary_negative"),
        ("currency", "invalid"),
        ("title", "invalid"),
    ]


def test_it_judges_the_order_of_the_salary_only_when_both_ends_are_valid(
    draft, employer_user
):
    # Against the stored 400,000 the refused lower end would also look
    # upside down; one complaint about it is enough.
    error = _refused(
        vacancy_update, vacancy=draft, by=employer_user,
        changes={"salary_from": -5, "salary_to": 100, "places": 0},
    )

    assert _faults(error) == [
        ("salary_from", "salary_negative"),
        ("places", "places_out_of_range"),
    ]


def test_a_partial_update_reports_every_fault_and_changes_nothing(
    draft, employer_user
):
    error = _refused(
        vacancy_update, vacancy=draft, by=employer_user,
        changes={
            "salary_to": 250_000, "title": "Бас бухгалтер",
            "expires_on": local_today() - dt.timedelta(days=3),
        },
    )

    assert _faults(error) == [
        ("expires_on", "closing_date_passed"),
        ("salary_to", "salary_range_upside_down"),
    ]
    draft.refresh_from_db()
    assert (draft.title, draft.salary_to) == ("Бухгалтер", 400_000)


def test_a_single_fault_is_refused_as_it_is(employer, employer_user):
    error = _refused(
        vacancy_create, employer=employer, by=employer_user, title="Повар",
        salary_to=-1,
    )

    assert type(error) is ValidationFailed
    assert error.errors == (error,)


def test_it_accepts_today_as_the_closing_date(employer, employer_user):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Повар", expires_on=local_today()
    )

    assert vacancy.expires_on == local_today()


def test_it_sanitises_the_description(employer, employer_user):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Повар",
        description=(
            '<p onclick="steal()">Кухня <b>европейская</b></p>'
            '<script>alert(1)</script><a href="http://evil.example">ссылка</a>'
        ),
    )

    assert vacancy.description == "<p>Кухня <b>европейская</b></p>ссылка"


def test_it_keeps_the_paragraphs_of_a_description_typed_as_plain_text(
    employer, employer_user
):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Повар",
        description="Procter & Gamble\nАлматы\n\nГрафик 5/2",
    )

    assert vacancy.description == (
        "<p>Procter &amp; Gamble<br>Алматы</p>\n\n<p>График 5/2</p>"
    )


def test_it_fills_the_search_words_from_the_texts_without_markup(
    employer, employer_user
):
    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Главный Бухгалтер",
        description="<p>Учёт <b>1С</b></p>", duties="Отчётность",
    )

    # Compared with the search's own folding: the markup must not reach it.
    assert (vacancy.search_title, vacancy.search_document) == search_fields(
        title="Главный Бухгалтер", description="Учёт 1С", duties="Отчётность",
        employer=employer.name,
    )
    assert "<" not in vacancy.search_document
    assert vacancy.search_employer_name == employer.name


def test_it_refreshes_the_search_words_when_the_title_changes(draft, employer_user):
    updated = vacancy_update(
        vacancy=draft, by=employer_user, changes={"title": "Кассир"}
    )

    assert (updated.search_title, updated.search_document) == search_fields(
        title="Кассир", employer=draft.employer.name
    )


def test_it_fills_the_oblast_and_region_code_from_the_region(employer, employer_user):
    almaty_oblast = KatoUnitFactory(code="190000000", level=1)
    district = KatoUnitFactory(code="194200000", level=2, parent=almaty_oblast)

    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Агроном", region=district
    )

    assert vacancy.oblast == almaty_oblast
    assert vacancy.region_code == "194200000"


def test_it_takes_a_level_one_region_as_its_own_oblast(employer, employer_user):
    astana = KatoUnitFactory(code="710000000", level=1)

    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Курьер", region=astana
    )

    assert (vacancy.oblast, vacancy.region_code) == (astana, "710000000")


def test_it_fills_the_major_group_from_the_occupation(employer, employer_user):
    major = OccupationFactory(code="2")
    unit = OccupationFactory(code="2411")

    vacancy = vacancy_create(
        employer=employer, by=employer_user, title="Бухгалтер", occupation=unit
    )

    assert vacancy.occupation_major == major


# Who may change vacancies


def test_it_forbids_someone_outside_the_company_to_create(employer):
    outsider = UserFactory(role=Role.EMPLOYER)

    with pytest.raises(Forbidden):
        vacancy_create(employer=employer, by=outsider, title="Повар")

    assert Vacancy.objects.count() == 0


def test_it_forbids_a_member_of_another_company_to_change(draft):
    rival = UserFactory(role=Role.EMPLOYER)
    EmployerFactory(members=[rival])

    with pytest.raises(Forbidden):
        vacancy_update(vacancy=draft, by=rival, changes={"title": "Чужое"})
    with pytest.raises(Forbidden):
        vacancy_publish(vacancy=draft, by=rival)
    with pytest.raises(Forbidden):
        vacancy_close(vacancy=draft, by=rival, reason=CloseReason.WITHDRAWN)

    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Бухгалтер", Status.DRAFT)


def test_it_lets_an_operator_change_any_company_s_vacancy(draft, operator):
    updated = vacancy_update(vacancy=draft, by=operator, changes={"places": 3})

    assert updated.places == 3


def test_it_forbids_an_auditor_to_change_a_vacancy(draft):
    auditor = UserFactory()
    user_set_role(user=auditor, role=Role.AUDITOR)

    with pytest.raises(Forbidden):
        vacancy_update(vacancy=draft, by=auditor, changes={"places": 3})


def test_it_forbids_a_deactivated_member(draft, employer_user):
    employer_user.is_active = False
    employer_user.save()

    with pytest.raises(Forbidden):
        vacancy_update(vacancy=draft, by=employer_user, changes={"places": 3})


# Publishing and closing


def test_it_publishes_a_draft(draft, employer_user):
    published = vacancy_publish(vacancy=draft, by=employer_user)

    assert published.status == Status.PUBLISHED
    assert published.published_at is not None


def test_it_refuses_to_publish_twice(draft, employer_user):
    vacancy_publish(vacancy=draft, by=employer_user)

    with pytest.raises(Conflict) as caught:
        vacancy_publish(vacancy=draft, by=employer_user)

    assert caught.value.code == "vacancy_not_draft"


def test_it_refuses_to_publish_after_the_closing_date(draft, employer_user):
    # A draft saved earlier whose closing date has passed since.
    Vacancy.objects.filter(pk=draft.pk).update(
        expires_on=local_today() - dt.timedelta(days=1)
    )

    error = _refused(vacancy_publish, vacancy=draft, by=employer_user)

    assert (error.code, error.field) == ("closing_date_passed", "expires_on")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_it_refuses_to_move_the_closing_date_of_a_published_vacancy_back(
    draft, employer_user
):
    published = vacancy_publish(vacancy=draft, by=employer_user)

    error = _refused(
        vacancy_update, vacancy=published, by=employer_user,
        changes={"expires_on": local_today() - dt.timedelta(days=3)},
    )

    assert error.field == "expires_on"


@pytest.mark.parametrize("reason", [CloseReason.FILLED, CloseReason.WITHDRAWN])
def test_it_closes_a_published_vacancy_with_the_reason(draft, employer_user, reason):
    published = vacancy_publish(vacancy=draft, by=employer_user)

    closed = vacancy_close(vacancy=published, by=employer_user, reason=reason)

    closed.refresh_from_db()
    assert (closed.status, closed.close_reason) == (Status.CLOSED, reason)
    assert closed.closed_at is not None


def test_it_rejects_an_unknown_reason_for_closing(draft, employer_user):
    error = _refused(vacancy_close, vacancy=draft, by=employer_user, reason="bored")

    assert error.field == "reason"


def test_it_refuses_to_close_a_closed_vacancy(draft, employer_user):
    vacancy_close(vacancy=draft, by=employer_user, reason=CloseReason.WITHDRAWN)

    with pytest.raises(Conflict):
        vacancy_close(vacancy=draft, by=employer_user, reason=CloseReason.FILLED)


def test_it_refuses_to_change_a_closed_vacancy(draft, employer_user):
    vacancy_close(vacancy=draft, by=employer_user, reason=CloseReason.FILLED)

    with pytest.raises(Conflict):
        vacancy_update(vacancy=draft, by=employer_user, changes={"title": "Снова"})


# Expiry


def _almaty(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ALMATY)


def test_it_expires_published_vacancies_whose_closing_day_is_over_in_almaty():
    due = VacancyFactory(expires_on=dt.date(2026, 3, 9))
    last_day = VacancyFactory(expires_on=dt.date(2026, 3, 10))
    open_ended = VacancyFactory(expires_on=None)
    draft = VacancyFactory(status=Status.DRAFT, expires_on=dt.date(2026, 3, 1))

    # 00:30 on 10 March in Almaty is still 9 March in UTC.
    closed = vacancy_expire_due(now=_almaty(2026, 3, 10, 0, 30))

    assert closed == 1
    for vacancy in (due, last_day, open_ended, draft):
        vacancy.refresh_from_db()
    assert (due.status, due.close_reason) == (Status.CLOSED, CloseReason.EXPIRED)
    assert due.closed_at == _almaty(2026, 3, 10, 0, 30)
    assert last_day.status == Status.PUBLISHED
    assert open_ended.status == Status.PUBLISHED
    assert draft.status == Status.DRAFT


def test_it_keeps_a_vacancy_open_until_the_end_of_its_last_day():
    vacancy = VacancyFactory(expires_on=dt.date(2026, 3, 10))

    assert vacancy_expire_due(now=_almaty(2026, 3, 10, 23, 59)) == 0
    assert vacancy_expire_due(now=_almaty(2026, 3, 11, 0, 0)) == 1

    vacancy.refresh_from_db()
    assert vacancy.status == Status.CLOSED


def test_it_expires_by_the_current_time_when_not_told():
    VacancyFactory(expires_on=local_today() - dt.timedelta(days=1))
    VacancyFactory(expires_on=local_today())

    assert vacancy_expire_due() == 1


def test_it_refuses_a_naive_time_for_expiry():
    with pytest.raises(ValueError):
        vacancy_expire_due(now=timezone.now().replace(tzinfo=None))
