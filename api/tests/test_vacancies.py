import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import Role
from api.errors import _PARAMETER_MESSAGES
from api.tests.helpers import JSON, LANGUAGES, api_get, error_of, translated
from core.errors import ValidationFailed
from tests.factories import (
    EmployerFactory,
    KatoUnitFactory,
    OccupationFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies import selectors
from vacancies.models import CloseReason, Status, Vacancy

pytestmark = pytest.mark.django_db

LIST = "/api/v1/vacancies"
UTC = dt.UTC
MORNING = dt.datetime(2025, 3, 10, 4, 30, tzinfo=UTC)  # 09:30 in Almaty
FAR_AWAY = dt.date(2099, 12, 31)


@pytest.fixture
def almaty():
    return KatoUnitFactory(
        code="750000000", name_kk="Алматы", name_ru="г.Алматы", name_en="Almaty"
    )


@pytest.fixture
def accountants():
    major = OccupationFactory(code="4", title_en="Clerical support workers")
    return OccupationFactory(
        code="4311", parent=major, title_en="Accounting and bookkeeping clerks",
        title_kk="Бухгалтерлік есеп қызметкерлері", title_ru="Учетные работники",
    )


@pytest.fixture
def accountant(almaty, accountants):
    """A published vacancy of an Almaty company with every public field set."""
    vacancy = VacancyFactory(
        employer=EmployerFactory(name="ТОО Алатау Сервис"),
        title="Бухгалтер",
        description="<p>Есеп жүргізу</p>",
        duties="<ul><li>Баланс</li></ul>",
        requirements="<p>1С</p>",
        skills="1С, Excel",
        occupation=accountants,
        occupation_major=accountants.parent,
        region=almaty,
        oblast=almaty,
        region_code=almaty.code,
        city="Алматы",
        salary_from=300_000,
        salary_to=450_000,
        salary_gross=False,
        salary_kzt=450_000,
        employment_type="full",
        schedule="full_day",
        experience="1_3",
        education="higher",
        places=2,
        language="kk",
        published_at=MORNING,
        expires_on=FAR_AWAY,
    )
    Vacancy.objects.filter(pk=vacancy.pk).update(updated_at=MORNING)
    vacancy.refresh_from_db()
    return vacancy


def summary_of_the_accountant(vacancy):
    return {
        "id": vacancy.pk,
        "title": "Бухгалтер",
        "employer": {"id": vacancy.employer_id, "name": "ТОО Алатау Сервис"},
        "region": {
            "id": vacancy.region_id,
            "code": "750000000",
            "version": "NK RK 11-2025",
            "name_kk": "Алматы",
            "name_ru": "г.Алматы",
            "name_en": "Almaty",
        },
        "is_abroad": False,
        "city": "Алматы",
        "country_code": "KZ",
        "occupation": {
            "id": vacancy.occupation_id,
            "code": "4311",
            "version": "ISCO-08",
            "title_en": "Accounting and bookkeeping clerks",
            "title_kk": "Бухгалтерлік есеп қызметкерлері",
            "title_ru": "Учетные работники",
        },
        "salary": {"from": 300000, "to": 450000, "currency": "KZT", "gross": False},
        "employment_type": "full",
        "schedule": "full_day",
        "is_remote": False,
        "status": "published",
        "published_at": "2025-03-10T09:30:00+05:00",
        "expires_on": "2099-12-31",
    }


def selector_error(params):
    """Return the error the shared search parser raises for PARAMS."""
    with pytest.raises(ValidationFailed) as raised:
        selectors.parse_search_query(params)
    return raised.value


# The list


def test_it_lists_published_vacancies_in_the_page_shape(client, accountant):
    VacancyFactory(status=Status.DRAFT, title="Жоба")

    response = api_get(client, LIST)

    assert response.status_code == 200
    assert response["Content-Type"] == JSON
    assert response.json() == {
        "items": [summary_of_the_accountant(accountant)],
        "next_cursor": None,
        "total": 1,
        "total_is_estimate": False,
        "total_is_lower_bound": False,
        "facets": None,
    }


def test_it_says_the_total_is_a_lower_bound_when_the_count_stopped_at_its_cap(
    client, monkeypatch
):
    # Where the database keeps no estimates, the count stops past the cap.
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    for _ in range(8):
        VacancyFactory(title="Повар", expires_on=FAR_AWAY)

    body = api_get(client, LIST, q="повар").json()

    assert (body["total"], body["total_is_estimate"]) == (6, True)
    assert body["total_is_lower_bound"] is True


def test_it_documents_the_lower_bound_of_the_total(client):
    document = client.get("/api/v1/openapi.json").json()

    page = document["components"]["schemas"]["VacancyPage"]
    assert "total_is_lower_bound" in page["required"]
    assert page["properties"]["total_is_lower_bound"]["type"] == "boolean"
    assert "more than" in page["properties"]["total_is_lower_bound"]["description"]


@pytest.mark.parametrize(
    "order", [{"sort": "newest"}, {"sort": "salary"}, {"q": "бухгалтер"}]
)
def test_it_pages_through_ties_without_repeats_or_gaps(client, order):
    same_moment = dt.datetime(2025, 4, 1, 6, 0, tzinfo=UTC)
    created = [
        VacancyFactory(
            title="Бухгалтер", published_at=same_moment, salary_kzt=250_000,
            expires_on=FAR_AWAY,
        ).pk
        for _ in range(45)
    ]

    seen, pages, cursor = [], 0, None
    while True:
        params = {"limit": 10, **order}
        if cursor:
            params["cursor"] = cursor
        body = api_get(client, LIST, **params).json()
        pages += 1
        assert body["total"] == 45
        assert len(body["items"]) == (5 if body["next_cursor"] is None else 10)
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert pages == 5
    # Equal in every sort key: the newer row (higher id) comes first.
    assert seen == sorted(created, reverse=True)


def test_it_gives_twenty_items_unless_told(client):
    for _ in range(21):
        VacancyFactory(expires_on=FAR_AWAY)

    body = api_get(client, LIST).json()

    assert len(body["items"]) == 20
    assert body["next_cursor"] is not None


def test_it_gives_a_hundred_items_at_most(client):
    for _ in range(3):
        VacancyFactory(expires_on=FAR_AWAY)

    body = api_get(client, LIST, limit=100).json()

    assert len(body["items"]) == 3


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("limit", "kind", "context"),
    [
        ("0", "greater_than_equal", {"ge": 1}),
        ("101", "less_than_equal", {"le": 100}),
        ("ten", "int_parsing", {}),
    ],
)
def test_it_refuses_a_limit_outside_1_to_100(client, limit, kind, context, language):
    response = api_get(client, LIST, language, limit=limit)

    assert error_of(response, status=400, language=language) == {
        "code": "invalid",
        "message": translated(_PARAMETER_MESSAGES[kind], language, **context),
        "field": "limit",
    }


def test_it_filters_like_the_web_search(client, accountant):
    elsewhere = KatoUnitFactory(code="710000000")
    VacancyFactory(region=elsewhere, oblast=elsewhere, region_code=elsewhere.code,
                   expires_on=FAR_AWAY)

    body = api_get(client, LIST, region="750000000").json()

    assert [item["id"] for item in body["items"]] == [accountant.pk]
    assert body["total"] == 1


@pytest.mark.parametrize("query", ["C++", "c++17", "компанияда"])
def test_it_finds_versioned_languages_and_kazakh_forms_like_the_web_search(
    client, query
):
    wanted = VacancyFactory(title="Компания ищет разработчика C++17",
                            expires_on=FAR_AWAY)
    VacancyFactory(title="Водитель категории C", expires_on=FAR_AWAY)

    body = api_get(client, LIST, q=query).json()

    assert [item["id"] for item in body["items"]] == [wanted.pk]


def test_it_adds_facet_counts_when_asked(client, accountant):
    VacancyFactory(employment_type="part", is_remote=True, expires_on=FAR_AWAY)

    body = api_get(client, LIST, facets="1").json()

    expected = selectors.vacancy_search(selectors.parse_search_query({})).facets
    assert body["facets"] == {
        **{
            name: [
                {"value": value.value, "label": value.label, "count": value.count}
                for value in getattr(expected, name)
            ]
            for name in ["region", "occupation", "employment_type", "remote", "abroad"]
        },
        "is_estimate": False,
    }
    employment = {value["value"]: value["count"] for value in
                  body["facets"]["employment_type"]}
    assert (employment["full"], employment["part"]) == (1, 1)


def test_its_query_count_does_not_grow_with_the_page(client, almaty, accountants):
    def queries_for(count):
        Vacancy.objects.all().delete()
        for _ in range(count):
            VacancyFactory(region=almaty, occupation=accountants, expires_on=FAR_AWAY)
        # The whole listing's counts are cached for a minute: count them each time.
        selectors.cache.delete(selectors.LISTING_CACHE_KEY)
        with CaptureQueriesContext(connection) as captured:
            assert len(api_get(client, LIST).json()["items"]) == count
        return len(captured)

    assert queries_for(3) == queries_for(12)


# Refusals of the list: all 400, never 500


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "999999999"}, "region"),
        ({"occupation": "9999"}, "occupation"),
        ({"salary_min": "-5"}, "salary_min"),
        ({"salary_min": "много"}, "salary_min"),
        ({"since": "2025-13-45"}, "since"),
        ({"sort": "cheapest"}, "sort"),
        ({"q": "бухгалтер " * 1000}, "q"),
    ],
)
def test_it_refuses_bad_filters_as_the_web_search_does(
    client, accountant, params, field, language
):
    response = api_get(client, LIST, language, **params)

    with translation.override(language):
        expected = selector_error(params)
    assert error_of(response, status=400, language=language) == {
        "code": expected.code,
        "message": str(expected.message),
        "field": field,
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "cursor", ["garbage", "eyJ4IjogMX0=", "9" * 10_000, "Ω" * 300]
)
def test_it_refuses_a_cursor_it_did_not_give(client, accountant, cursor, language):
    response = api_get(client, LIST, language, cursor=cursor)

    query = selectors.parse_search_query({})
    with translation.override(language), pytest.raises(ValidationFailed) as raised:
        selectors.vacancy_search_slice(query, cursor=cursor)
    assert error_of(response, status=400, language=language) == {
        "code": raised.value.code,
        "message": str(raised.value.message),
        "field": "cursor",
    }


OTHER_SEARCH = {
    "en": "This continuation link belongs to another search. Send the same words, "
          "filters and sort order as for its first page, or start again without it.",
    "ru": "Эта ссылка продолжения относится к другому поиску. Передайте те же "
          "слова, фильтры и порядок сортировки, что и для её первой страницы, "
          "или начните поиск заново без неё.",
    "kk": "Бұл жалғастыру сілтемесі басқа іздеуге тиесілі. Оның бірінші бетіндегі "
          "сөздерді, сүзгілерді және сұрыптау ретін жіберіңіз немесе іздеуді "
          "онсыз қайта бастаңыз.",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "other",
    [{"q": "повар"}, {"salary_min": "200000"}, {"remote": "1"}, {"sort": "newest"}],
)
def test_it_refuses_a_cursor_sent_with_another_search(client, other, language):
    for _ in range(3):
        VacancyFactory(title="Бухгалтер повар", expires_on=FAR_AWAY,
                       salary_kzt=300_000)
    first = {"limit": 1, "q": "бухгалтер повар"}
    cursor = api_get(client, LIST, **first).json()["next_cursor"]

    response = api_get(client, LIST, language, **{**first, **other}, cursor=cursor)

    assert error_of(response, status=400, language=language) == {
        "code": "invalid_cursor", "message": OTHER_SEARCH[language], "field": "cursor",
    }


def test_a_cursor_sent_with_the_same_search_continues_it(client):
    for _ in range(3):
        VacancyFactory(title="Бухгалтер", expires_on=FAR_AWAY, is_remote=True)
    first = {"limit": 1, "q": "Бухгалтер", "remote": "1"}
    cursor = api_get(client, LIST, **first).json()["next_cursor"]

    again = {"limit": 1, "q": "бухгалтеры", "remote": "true", "cursor": cursor}
    response = api_get(client, LIST, **again)

    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


def test_it_refuses_a_cursor_of_another_sort_order(client):
    for _ in range(3):
        VacancyFactory(expires_on=FAR_AWAY, salary_kzt=100_000)
    cursor = api_get(client, LIST, limit=1, sort="newest").json()["next_cursor"]

    response = api_get(client, LIST, limit=1, sort="salary", cursor=cursor)

    error = error_of(response, status=400, language="kk")
    assert (error["code"], error["field"]) == ("invalid_cursor", "cursor")


# One vacancy


def test_it_shows_every_public_field_of_a_vacancy(client, accountant):
    response = api_get(client, f"{LIST}/{accountant.pk}")

    assert response.status_code == 200
    assert response.json() == {
        **summary_of_the_accountant(accountant),
        "description": "<p>Есеп жүргізу</p>",
        "duties": "<ul><li>Баланс</li></ul>",
        "requirements": "<p>1С</p>",
        "skills": "1С, Excel",
        "experience": "1_3",
        "education": "higher",
        "places": 2,
        "language": "kk",
        "is_open": True,
        # The accountant's company has nobody on the portal.
        "takes_applications": False,
        "close_reason": None,
        "closed_at": None,
        "updated_at": "2025-03-10T09:30:00+05:00",
    }


def test_it_says_whether_the_portal_takes_applications(client, accountant):
    member = UserFactory(role=Role.EMPLOYER)

    before = api_get(client, f"{LIST}/{accountant.pk}").json()
    accountant.employer.members.add(member)
    after = api_get(client, f"{LIST}/{accountant.pk}").json()

    assert (before["is_open"], before["takes_applications"]) == (True, False)
    assert (after["is_open"], after["takes_applications"]) == (True, True)


def test_it_shows_a_closed_vacancy_with_its_reason(client, accountant):
    closed_at = dt.datetime(2025, 3, 20, 13, 0, tzinfo=UTC)
    Vacancy.objects.filter(pk=accountant.pk).update(
        status=Status.CLOSED, close_reason=CloseReason.FILLED, closed_at=closed_at
    )

    body = api_get(client, f"{LIST}/{accountant.pk}").json()

    assert (body["status"], body["close_reason"], body["is_open"]) == (
        "closed", "filled", False
    )
    assert body["takes_applications"] is False
    assert body["closed_at"] == "2025-03-20T18:00:00+05:00"


def test_it_shows_where_abroad_a_vacancy_is(client):
    vacancy = VacancyFactory(
        is_abroad=True, city="Сеул", country_code="KR", expires_on=FAR_AWAY,
        salary_from=2000, currency="USD",
    )

    body = api_get(client, f"{LIST}/{vacancy.pk}").json()

    assert (body["region"], body["is_abroad"], body["city"], body["country_code"]) == (
        None, True, "Сеул", "KR"
    )
    assert body["salary"] == {"from": 2000, "to": None, "currency": "USD",
                              "gross": None}


def test_it_shows_no_salary_when_none_is_given(client):
    vacancy = VacancyFactory(expires_on=FAR_AWAY)

    body = api_get(client, f"{LIST}/{vacancy.pk}").json()

    assert (body["salary"], body["occupation"], body["region"]) == (None, None, None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_hides_a_draft(client, language):
    draft = VacancyFactory(status=Status.DRAFT, published_at=None)

    response = api_get(client, f"{LIST}/{draft.pk}", language)
    absent = api_get(client, f"{LIST}/{draft.pk + 1000}", language)

    error = error_of(response, status=404, language=language)
    assert error["code"] == "not_found"
    assert error == error_of(absent, status=404, language=language)


def test_it_answers_404_for_an_id_beyond_any_database_integer(client):
    response = api_get(client, f"{LIST}/{10 ** 30}")

    assert error_of(response, status=404, language="kk")["code"] == "not_found"


# Search cases from the field, through the API

_CASES = json.loads(
    (Path(settings.BASE_DIR).parent / "shared" / "cases" / "search.json").read_text()
)


@pytest.mark.parametrize("case", _CASES["queries"], ids=lambda case: case["q"])
def test_it_finds_the_field_cases_of_search(client, case):
    ids = {
        name: VacancyFactory(title=title, expires_on=FAR_AWAY).pk
        for name, title in _CASES["documents"].items()
    }

    body = api_get(client, LIST, q=case["q"]).json()

    assert sorted(item["id"] for item in body["items"]) == sorted(
        ids[name] for name in case["finds"]
    )


# Yes/no filters: what the OpenAPI document lists is what the API takes


def documented_values(client, name: str) -> list[str]:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][LIST]["get"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == name]
    return parameter["schema"]["enum"]


@pytest.mark.parametrize(("name", "column"), [("abroad", "is_abroad"),
                                              ("remote", "is_remote")])
def test_it_accepts_exactly_the_documented_yes_and_no_values(client, name, column):
    yes = VacancyFactory(expires_on=FAR_AWAY, **{column: True})
    no = VacancyFactory(expires_on=FAR_AWAY, **{column: False})
    spelled = {"1": yes, "true": yes, "yes": yes, "on": yes,
               "0": no, "false": no, "no": no, "off": no}

    assert sorted(documented_values(client, name)) == sorted(spelled)
    for value, expected in spelled.items():
        for typed in (value, value.upper()):
            body = api_get(client, LIST, **{name: typed}).json()
            assert [item["id"] for item in body["items"]] == [expected.pk], typed
    for wrong in ("2", "maybe", "y", "да"):
        error = error_of(api_get(client, LIST, "en", **{name: wrong}), status=400,
                         language="en")
        assert (error["code"], error["field"]) == ("invalid_choice", name)


def test_the_facets_switch_reads_yes_and_no_like_the_filters(client):
    VacancyFactory(expires_on=FAR_AWAY)

    assert sorted(documented_values(client, "facets")) == sorted(
        documented_values(client, "remote")
    )
    for value in ("1", "TRUE", "Yes", "on"):
        assert api_get(client, LIST, facets=value).json()["facets"] is not None
    for value in ("0", "false", "NO", "off", ""):
        assert api_get(client, LIST, facets=value).json()["facets"] is None
    for wrong in ("2", "maybe", "y"):
        error = error_of(api_get(client, LIST, "en", facets=wrong), status=400,
                         language="en")
        assert error == {"code": "invalid_choice", "field": "facets",
                         "message": "Choose yes (1) or no (0)."}


# Facts an import does not state


def test_it_says_null_for_the_places_and_remote_work_of_a_card_that_gives_neither(
    client,
):
    card = VacancyFactory(
        source="hhkz2020", external_id="row:1", places=0, employment_type="",
        schedule="", is_remote=False, expires_on=FAR_AWAY,
    )

    body = api_get(client, f"{LIST}/{card.pk}").json()
    items = api_get(client, LIST).json()["items"]

    assert (body["places"], body["is_remote"], body["schedule"]) == (None, None, None)
    assert [item["is_remote"] for item in items] == [None]


@pytest.mark.parametrize(
    ("schedule", "is_remote", "expected"),
    [("shift", False, False), ("", True, True), ("remote", True, True)],
)
def test_it_says_whether_work_is_remote_where_the_vacancy_tells(
    client, schedule, is_remote, expected
):
    vacancy = VacancyFactory(
        schedule=schedule, is_remote=is_remote, expires_on=FAR_AWAY
    )

    assert api_get(client, f"{LIST}/{vacancy.pk}").json()["is_remote"] is expected


def test_its_schema_documents_null_remote_work_and_places(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    remote = schema["VacancyDetail"]["properties"]["is_remote"]["description"]
    places = schema["VacancyDetail"]["properties"]["places"]["description"]
    assert "null: not stated" in remote
    assert "Null: not stated" in places
