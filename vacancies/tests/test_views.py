import datetime as dt
import html
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from classifiers.services import kato_units_load
from classifiers.sources import KATO_ENGLISH_FILE
from core.localtime import ALMATY, local_today
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    KatoUnitFactory,
    OccupationFactory,
    ResumeFactory,
    VacancyFactory,
)
from vacancies import selectors, views
from vacancies.importing.service import import_context_build, vacancy_import_file
from vacancies.models import CloseReason, EmploymentType, Status, Vacancy
from vacancies.selectors import Facets, SearchPage

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def empty_cache(db):
    # The home counts are cached; each test counts its own vacancies.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def almaty(db):
    return KatoUnitFactory(code="750000000", name_kk="Алматы қ.", name_ru="г.Алматы")


@pytest.fixture
def managers(db):
    return OccupationFactory(code="1", title_en="Managers", title_ru="Руководители")


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text_of(response):
    return html.unescape(response.content.decode())


def json_ld(response):
    scripts = JSON_LD.findall(response.content.decode())
    assert len(scripts) == 1
    return json.loads(scripts[0])


# --- home ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_public_pages_render_in_each_language(client, almaty, language):
    vacancy = VacancyFactory(oblast=almaty)

    for page in [
        url("home", language),
        url("vacancies:search", language),
        url("vacancies:detail", language, vacancy_id=vacancy.pk),
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<html lang="{language}">' in response.content.decode()


def test_home_links_each_count_to_the_filtered_search(client, almaty, managers):
    VacancyFactory.create_batch(2, oblast=almaty, occupation_major=managers)
    VacancyFactory(is_abroad=True, country_code="TR")

    body = text_of(client.get(url("home", "ru")))

    search = url("vacancies:search", "ru")
    assert f'<a href="{search}?region=750000000">г.Алматы</a>' in body
    assert f'<a href="{search}?occupation=1">Руководители</a>' in body
    assert f'<a href="{search}?abroad=1">' in body
    assert re.search(r"г\.Алматы</a>\s*<span class=\"count\">2</span>", body)


def test_home_counts_show_thousands_with_a_thin_space(client, almaty, monkeypatch):
    VacancyFactory(oblast=almaty)
    counts = views.home_counts()
    bigger = type(counts)(
        total=12500, regions=[type(counts.regions[0])(unit=almaty, count=12500)],
        abroad=0, occupations=[], unclassified=0,
    )
    monkeypatch.setattr(views, "home_counts", lambda: bigger)

    body = text_of(client.get(url("home")))

    assert "12\u202f500 open vacancies in Kazakhstan" in body


def test_the_home_headline_counts_work_abroad_apart(client, almaty):
    VacancyFactory.create_batch(2, oblast=almaty)
    VacancyFactory(oblast=None, is_abroad=True, city="Москва")

    body = text_of(client.get(url("home")))

    assert "2 open vacancies in Kazakhstan and 1 abroad" in body


# --- search -------------------------------------------------------------------


def test_search_shows_cards_with_salary_employer_place_and_date(client, almaty):
    employer = EmployerFactory(name="ТОО Алатау Сервис")
    VacancyFactory(
        title="Бухгалтер", employer=employer, oblast=almaty, city="Алматы",
        salary_from=150000, salary_to=300000, currency="KZT",
    )

    response = client.get(url("vacancies:search"), {"q": "бухгалтер"})

    body = text_of(response)
    assert response.status_code == 200
    assert "1 vacancy found" in body
    assert "from 150\u202f000 to 300\u202f000 KZT" in body
    assert "ТОО Алатау Сервис" in body
    assert re.search(r"ТОО Алатау Сервис · г\.Алматы\s*</p>", body)
    assert 'value="бухгалтер"' in body


def test_search_facets_link_to_the_filter_they_apply(client, almaty):
    VacancyFactory(oblast=almaty, region_code="750000000", title="Бухгалтер")
    VacancyFactory(employment_type=EmploymentType.PART, title="Бухгалтер")

    body = text_of(client.get(url("vacancies:search", "ru"), {"q": "бухгалтер"}))

    q = urlencode({"q": "бухгалтер"})
    assert f'<a href="?{q}&region=750000000">г.Алматы</a>' in body
    assert f'<a href="?{q}&employment=part">' in body


def test_a_facet_link_filters_the_results(client, almaty):
    VacancyFactory(oblast=almaty, region_code="750000000", title="Бухгалтер A")
    VacancyFactory(title="Бухгалтер B")

    response = client.get(url("vacancies:search"), {"region": "750000000"})

    body = text_of(response)
    assert "Бухгалтер A" in body
    assert "Бухгалтер B" not in body


def test_search_says_about_when_the_total_is_an_estimate(client, monkeypatch):
    vacancy = VacancyFactory()
    estimate = SearchPage(
        results=[vacancy], total=10000, total_is_estimate=True, page=1,
        num_pages=500, facets=Facets(),
    )
    monkeypatch.setattr(views, "vacancy_search", lambda query, page: estimate)

    body = text_of(client.get(url("vacancies:search")))

    assert "About 10\u202f000 vacancies found" in body
    assert "Page 1 of 500" in body


@pytest.mark.parametrize(
    ("language", "total", "heading"),
    [
        ("en", 5000, "More than 5\u202f000 vacancies found"),
        ("en", 1, "More than 1 vacancy found"),
        ("ru", 5000, "Найдено более 5\u202f000 вакансий"),
        ("ru", 21, "Найдено более 21 вакансии"),
        ("ru", 3, "Найдено более 3 вакансий"),
        ("kk", 5000, "Табылған бос жұмыс орындарының саны мынадан көп: 5\u202f000"),
        ("kk", 1, "Табылған бос жұмыс орындарының саны мынадан көп: 1"),
    ],
)
def test_search_says_more_than_when_the_count_stopped_at_its_cap(
    client, monkeypatch, language, total, heading
):
    capped = SearchPage(
        results=[VacancyFactory()], total=total, total_is_estimate=True, page=1,
        num_pages=50, facets=Facets(), total_is_lower_bound=True,
    )
    monkeypatch.setattr(views, "vacancy_search", lambda query, page: capped)

    body = text_of(client.get(url("vacancies:search", language)))

    assert heading in body
    assert "About" not in body and "примерно" not in body and "Шамамен" not in body


def test_search_of_more_matches_than_sqlite_counts_says_more_than(
    client, monkeypatch
):
    # Where the database keeps no estimates, the count stops past the cap.
    monkeypatch.setattr(selectors, "estimated_rows", lambda queryset: None)
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    VacancyFactory.create_batch(8, is_abroad=True, title="Повар")

    body = text_of(client.get(url("vacancies:search"), {"q": "повар"}))

    assert "More than 6 vacancies found" in body


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Only the first 2 pages of results can be opened. To see other "
               "vacancies, narrow the search with the filters: region, "
               "occupation group, publication date or salary."),
        ("ru", "Открыть можно только первые 2 страницы результатов. Чтобы "
               "увидеть другие вакансии, сузьте поиск фильтрами: регион, группа "
               "профессий, дата публикации или зарплата."),
        ("kk", "Нәтижелердің алғашқы 2 беті ғана ашылады. Басқа бос жұмыс "
               "орындарын көру үшін іздеуді сүзгілермен нақтылаңыз: өңір, "
               "кәсіптер тобы, жарияланған күні немесе жалақы."),
    ],
)
def test_a_page_past_the_reach_of_pages_says_to_narrow_the_search(
    client, monkeypatch, language, message
):
    # Two pages of two reach four of the five matches.
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 4)
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    VacancyFactory.create_batch(5, title="Повар")

    response = client.get(
        url("vacancies:search", language), {"q": "повар", "page": "3"}
    )

    assert response.status_code == 400
    assert message in text_of(response)
    assert 'value="повар"' in text_of(response)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "There is no such page: the results end on page 2. Open that "
               "page or an earlier one, or change the search."),
        ("ru", "Такой страницы нет: результаты заканчиваются на странице 2. "
               "Откройте её или одну из предыдущих либо измените поиск."),
        ("kk", "Мұндай бет жоқ: нәтижелер 2-бетте аяқталады. Сол бетті не "
               "одан бұрынғы бетті ашыңыз немесе іздеуді өзгертіңіз."),
    ],
)
def test_a_page_past_the_last_result_names_the_last_page(client, language, message):
    VacancyFactory.create_batch(21, title="Повар")

    response = client.get(
        url("vacancies:search", language), {"q": "повар", "page": "51"}
    )

    assert response.status_code == 400
    assert message in text_of(response)


def test_search_pages_through_results_keeping_the_filters(client):
    VacancyFactory.create_batch(21, title="Бухгалтер", employment_type="full")

    first = text_of(client.get(url("vacancies:search"), {"employment": "full"}))
    second = client.get(url("vacancies:search"), {"employment": "full", "page": "2"})

    assert '<a href="?employment=full&page=2" rel="next">' in first
    assert second.status_code == 200
    assert text_of(second).count('class="card vacancy-card"') == 1


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"region": "99"}, "region", "There is no region with the code 99."),
        ({"salary_min": "много"}, "salary_min", "Enter the salary in tenge"),
        ({"salary_min": "-5"}, "salary_min", "The salary cannot be negative."),
        ({"since": "2024-02-30"}, "since", "Enter a real date as YYYY-MM-DD"),
        ({"q": "а" * 10_000}, "q", "The search text is too long"),
        ({"page": "999"}, None, "all the results are on page 1."),
        ({"page": "two"}, None, "The page number must be a whole number."),
        ({"page": "9" * 5000}, None, "all the results are on page 1."),
        ({"page": "0"}, None, "Page numbers start at 1."),
        ({"page": "-1"}, None, "Page numbers start at 1."),
        ({"sort": "cheapest"}, "sort", "Unknown sort order."),
    ],
)
def test_bad_search_parameters_give_a_message_and_keep_the_form(
    client, params, field, message
):
    VacancyFactory()
    typed = {"q": "повар", **params}

    response = client.get(url("vacancies:search"), typed)

    body = text_of(response)
    assert response.status_code == 400
    assert '<div class="message error" role="alert">' in body
    assert message in body
    if field is not None:
        assert 'aria-invalid="true"' in body
    if "q" not in params:
        assert 'value="повар"' in body
    for key, value in params.items():
        if key not in ("page", "region", "sort"):
            assert f'value="{value}"' in body


def test_a_bad_region_keeps_the_other_choices_selected(client):
    OccupationFactory(code="2", title_en="Professionals")

    body = text_of(
        client.get(url("vacancies:search"), {"region": "99", "occupation": "2"})
    )

    assert '<option value="2" selected>Professionals</option>' in body


# --- one vacancy --------------------------------------------------------------


def open_vacancy(**fields):
    almaty = KatoUnitFactory(code="750000000", name_kk="Алматы қ.", name_ru="г.Алматы")
    values = {
        "title": "Повар", "description": "<p>Готовить <b>обеды</b></p>",
        "city": "Алматы", "oblast": almaty,
        "region": almaty, "salary_from": 200000, "salary_to": 350000,
        "currency": "KZT", "employment_type": EmploymentType.PART,
        "expires_on": local_today() + dt.timedelta(days=10),
        **fields,
    }
    return VacancyFactory(**values)


def test_vacancy_page_shows_all_fields_and_links_the_employer(client, db):
    vacancy = open_vacancy()

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    employer_url = url("employers:detail", employer_id=vacancy.employer_id)
    assert f'<a href="{employer_url}">{vacancy.employer.name}</a>' in body
    assert '<h1 id="vacancy-title" lang="ru">Повар</h1>' in body
    assert "from 200\u202f000 to 350\u202f000 KZT" in body
    assert "Part-time employment" in body
    assert "<p>Готовить <b>обеды</b></p>" in body


def test_only_the_description_is_shown_as_html(client, db):
    vacancy = open_vacancy(duties="Варить <b>супы</b>")

    raw = client.get(url("vacancies:detail", vacancy_id=vacancy.pk)).content.decode()

    assert "<p>Готовить <b>обеды</b></p>" in raw
    assert "Варить &lt;b&gt;супы&lt;/b&gt;" in raw


def test_vacancy_page_carries_a_job_posting_in_json_ld(client, db):
    vacancy = open_vacancy()

    posting = json_ld(client.get(url("vacancies:detail", "ru", vacancy_id=vacancy.pk)))

    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Повар"
    assert posting["description"] == "<p>Готовить <b>обеды</b></p>"
    vacancy.refresh_from_db()
    assert posting["datePosted"] == vacancy.published_at.astimezone(ALMATY).isoformat()
    assert posting["validThrough"].startswith(str(vacancy.expires_on) + "T23:59:59")
    assert posting["validThrough"].endswith("+05:00")
    assert posting["employmentType"] == "PART_TIME"
    assert posting["hiringOrganization"]["name"] == vacancy.employer.name
    assert posting["hiringOrganization"]["sameAs"].endswith(
        f"/ru/employers/{vacancy.employer_id}/"
    )
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress", "addressCountry": "KZ",
        "addressLocality": "Алматы", "addressRegion": "г.Алматы",
    }
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount", "currency": "KZT",
        "value": {
            "@type": "QuantitativeValue", "minValue": 200000, "maxValue": 350000,
            "unitText": "MONTH",
        },
    }
    assert posting["directApply"] is True


def test_json_ld_cannot_close_its_script_element(client, db):
    title = "Повар</script><script>alert(1)</script>"
    vacancy = open_vacancy(title=title, description="<!-- x --> & y")

    response = client.get(url("vacancies:detail", vacancy_id=vacancy.pk))

    raw = JSON_LD.findall(response.content.decode())[0]
    assert "<" not in raw and ">" not in raw
    assert json.loads(raw)["title"] == title
    assert json.loads(raw)["description"] == "<!-- x --> & y"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            {"status": Status.CLOSED, "close_reason": CloseReason.FILLED},
            "The vacancy is closed. Reason: Filled.",
        ),
        (
            {"expires_on": dt.date(2024, 3, 1)},
            "The vacancy closed: its closing date, March 1, 2024, has passed.",
        ),
    ],
)
def test_a_closed_vacancy_says_why_and_offers_no_apply_form(
    client, job_seeker, fields, reason
):
    vacancy = open_vacancy(**fields)
    client.force_login(job_seeker)

    response = client.get(url("vacancies:detail", vacancy_id=vacancy.pk))

    body = text_of(response)
    assert response.status_code == 200
    assert reason in body
    assert "Applications are no longer accepted." in body
    assert url("applications:apply", vacancy_id=vacancy.pk) not in body
    assert not JSON_LD.findall(body)


def test_a_draft_vacancy_is_not_found(client):
    vacancy = VacancyFactory(status=Status.DRAFT, published_at=None)

    response = client.get(url("vacancies:detail", vacancy_id=vacancy.pk))

    assert response.status_code == 404


def test_a_job_seeker_sees_the_apply_form_with_their_resumes(
    client, job_seeker, employer_user
):
    vacancy = open_vacancy(employer=employer_user.employers.get())
    ResumeFactory(owner=job_seeker, title="Повар-кондитер")
    client.force_login(job_seeker)

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert f'action="{url("applications:apply", vacancy_id=vacancy.pk)}"' in body
    assert ">Повар-кондитер</option>" in body
    assert '<textarea id="apply-letter" name="cover_letter"' in body


def test_a_job_seeker_who_applied_sees_the_status_instead(client, job_seeker):
    vacancy = open_vacancy()
    ApplicationFactory(vacancy=vacancy, applicant=job_seeker)
    client.force_login(job_seeker)

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "Status: Submitted." in body
    assert 'name="cover_letter"' not in body


def test_a_visitor_is_asked_to_sign_in_and_an_employer_cannot_apply(
    client, employer_user
):
    vacancy = open_vacancy(employer=employer_user.employers.get())
    page = url("vacancies:detail", vacancy_id=vacancy.pk)

    anonymous = text_of(client.get(page))
    client.force_login(employer_user)
    employer = text_of(client.get(page))

    assert f'<a href="{url("accounts:login")}?next=' in anonymous
    assert "Sign in</a> or <a href=" in anonymous
    assert "sign up</a> as a job seeker to apply." in anonymous
    assert "Only job seekers can apply for vacancies." in employer
    assert 'name="cover_letter"' not in anonymous + employer


def test_a_page_of_results_costs_the_same_queries_as_one_result(
    client, almaty, django_assert_max_num_queries
):
    VacancyFactory(oblast=almaty, city="Алматы")
    with CaptureQueriesContext(connection) as one:
        client.get(url("vacancies:search"))
    VacancyFactory.create_batch(19, oblast=almaty, city="Алматы")

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("vacancies:search"))

    assert text_of(response).count('class="card vacancy-card"') == 20


def test_a_closed_vacancy_still_shows_the_seekers_own_application(client, job_seeker):
    vacancy = open_vacancy()
    ApplicationFactory(vacancy=vacancy, applicant=job_seeker)
    vacancy.status, vacancy.close_reason = Status.CLOSED, CloseReason.FILLED
    vacancy.save()
    client.force_login(job_seeker)

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "The vacancy is closed. Reason: Filled." in body
    assert "Status: Submitted." in body
    assert 'name="cover_letter"' not in body


# --- facts not stated, closing and place ---------------------------------------

HHKZ_2020 = Path(__file__).parent / "data" / "hhkz_vacancies_2020.csv"
# What the pages said for facts that the hh.kz cards never give.
INVENTED = {
    "kk": [
        "<dt>Білімі</dt>", "Талап етілмейді", "<dt>Жұмыспен қамту түрі</dt>",
        "Толық жұмыспен қамту", "<dt>Жұмыс кестесі</dt>", "Толық күн",
        "<dt>Қашықтан жұмыс</dt>",
    ],
    "ru": [
        "<dt>Образование</dt>", "Не требуется", "<dt>Тип занятости</dt>",
        "Полная занятость", "<dt>График работы</dt>", "Полный день",
        "<dt>Удалённая работа</dt>",
    ],
}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_imported_card_shows_no_facts_its_source_did_not_give(
    client, tmp_path, language
):
    vacancy_import_file(path=HHKZ_2020, context=import_context_build(data_dir=tmp_path))
    card = Vacancy.objects.get(source="hhkz2020", title="Системный администратор")

    body = text_of(client.get(url("vacancies:detail", language, vacancy_id=card.pk)))

    assert "Системный администратор" in body
    assert [text for text in INVENTED[language] if text in body] == []


def test_a_vacancy_shows_the_facts_its_employer_stated(client, db):
    vacancy = open_vacancy(schedule="shift", education="any")

    body = text_of(client.get(url("vacancies:detail", "ru", vacancy_id=vacancy.pk)))

    assert "<dt>Тип занятости</dt><dd>Частичная занятость</dd>" in body
    assert "<dt>График работы</dt><dd>Сменный график</dd>" in body
    assert "<dt>Образование</dt><dd>Не требуется</dd>" in body
    assert "<dt>Удалённая работа</dt><dd>нет</dd>" in body


def test_a_closed_vacancy_shows_when_and_why_it_closed_not_its_planned_date(
    client, db
):
    vacancy = open_vacancy(
        status=Status.CLOSED, close_reason=CloseReason.FILLED,
        closed_at=dt.datetime(2025, 3, 20, 13, 0, tzinfo=dt.UTC),
        expires_on=dt.date(2025, 4, 30),
    )

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "<dt>Status</dt><dd>Closed</dd>" in body
    assert "<dt>Closed on</dt>" in body
    assert '<time datetime="2025-03-20T18:00:00+05:00">March 20, 2025</time>' in body
    assert "<dt>Reason for closing</dt><dd>Filled</dd>" in body
    assert "Closing date" not in body
    assert "April 30, 2025" not in body


def test_a_vacancy_past_its_closing_date_shows_it_closed_on_that_day(client, db):
    vacancy = open_vacancy(expires_on=dt.date(2024, 3, 1))

    body = text_of(client.get(url("vacancies:detail", "ru", vacancy_id=vacancy.pk)))

    assert "<dt>Статус</dt><dd>Закрыто</dd>" in body
    assert '<dt>Закрыта</dt>\n        <dd><time datetime="2024-03-01">' in body
    assert "<dt>Причина закрытия</dt><dd>Срок истёк</dd>" in body
    assert "Дата закрытия" not in body


def test_an_open_vacancy_shows_its_planned_closing_date_only(client, db):
    vacancy = open_vacancy(expires_on=dt.date(2099, 12, 31))

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "<dt>Closing date</dt>" in body
    assert "Dec. 31, 2099" in body
    assert "Closed on" not in body and "Reason for closing" not in body


def test_json_ld_leaves_out_what_the_vacancy_does_not_state(client, db):
    vacancy = open_vacancy(employment_type="", schedule="", is_remote=True)

    posting = json_ld(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "employmentType" not in posting
    assert posting["jobLocationType"] == "TELECOMMUTE"
    # Where applicants may live is not recorded; the vacancy's country is no answer.
    assert "applicantLocationRequirements" not in posting


@pytest.mark.parametrize(
    ("language", "place"), [("ru", "г.Алматы"), ("kk", "Алматы қ.")]
)
def test_a_city_that_is_its_own_oblast_is_named_once(client, db, language, place):
    vacancy = open_vacancy()  # city "Алматы" in the oblast "г.Алматы"

    body = text_of(client.get(url("vacancies:detail", language, vacancy_id=vacancy.pk)))

    assert f"<dd>{place}\n</dd>" in body


def test_a_city_in_an_oblast_names_both(client, db):
    oblast = KatoUnitFactory(
        code="350000000", name_kk="Қарағанды облысы", name_ru="Карагандинская область"
    )
    vacancy = open_vacancy(city="Караганда", oblast=oblast, region=oblast)

    body = text_of(client.get(url("vacancies:detail", "ru", vacancy_id=vacancy.pk)))

    assert "<dd>Караганда, Карагандинская область\n</dd>" in body


def test_every_bad_search_parameter_is_reported_at_once(client):
    response = client.get(
        url("vacancies:search"),
        {"salary_min": "abc", "since": "2025-13-01", "sort": "zzz"},
    )

    body = text_of(response)
    assert response.status_code == 400
    assert "Enter the salary in tenge" in body
    assert "Enter a real date as YYYY-MM-DD" in body
    assert "Unknown sort order." in body


# --- places in the reader's language, places and remote work stated once --------

# Four hh records, one per city, as the source names them (in Russian).
CITY_RECORDS = {
    "1": "Караганда", "2": "Усть-Каменогорск", "3": "Алматы", "4": "Астана",
}
PLACE_LINES = {
    "en": ["Karaganda, Karaganda Region", "Oskemen, East Kazakhstan Region",
           "Almaty", "Astana"],
    "ru": ["г.Караганда, Карагандинская область",
           "г.Усть-Каменогорск, Восточно-Казахстанская область",
           "г.Алматы", "г.Астана"],
    "kk": ["Қарағанды қ., Қарағанды облысы", "Өскемен қ., Шығыс Қазақстан облысы",
           "Алматы қ.", "Астана қ."],
}


@pytest.fixture
def city_vacancies(db, tmp_path):
    kato_units_load(
        path=Path(__file__).parent / "data" / "kato_sample.csv",
        english=KATO_ENGLISH_FILE,
    )
    records = tmp_path / "cities.jsonl"
    records.write_text("".join(
        json.dumps({
            "id": external_id, "name": "Повар",
            "employer": {"id": "1", "name": "ТОО Дәмді"},
            "area": {"name": city}, "published_at": "2099-01-01T10:00:00+0500",
        }, ensure_ascii=False) + "\n"
        for external_id, city in CITY_RECORDS.items()
    ), encoding="utf-8")
    vacancy_import_file(path=records, context=import_context_build(data_dir=tmp_path))
    return [Vacancy.objects.get(source="hh", external_id=key) for key in CITY_RECORDS]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_vacancy_page_names_its_place_in_the_readers_language(
    client, city_vacancies, language
):
    lines = [
        text_of(client.get(url("vacancies:detail", language, vacancy_id=vacancy.pk)))
        for vacancy in city_vacancies
    ]

    assert [
        f"<dd>{line}\n</dd>" in body
        for line, body in zip(PLACE_LINES[language], lines, strict=True)
    ] == [True] * 4


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_search_card_names_its_place_in_the_readers_language(
    client, city_vacancies, language
):
    body = text_of(client.get(url("vacancies:search", language)))

    for line in PLACE_LINES[language]:
        assert f"ТОО Дәмді · {line}\n" in body


def test_an_unresolved_place_keeps_the_sources_text(client, db):
    vacancy = open_vacancy(city="Жаңаауыл", oblast=None, region=None)

    body = text_of(client.get(url("vacancies:detail", "kk", vacancy_id=vacancy.pk)))

    assert "<dd>Жаңаауыл\n</dd>" in body


def test_an_imported_vacancy_states_no_number_of_places(client, city_vacancies):
    page = url("vacancies:detail", vacancy_id=city_vacancies[0].pk)

    body = text_of(client.get(page))

    assert "Karaganda" in body
    assert "Number of places" not in body


def test_a_vacancy_shows_the_number_of_places_its_employer_stated(client, db):
    vacancy = open_vacancy(places=3)

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "<dt>Number of places</dt><dd>3</dd>" in body


def test_a_remote_schedule_says_remote_work_once(client, db):
    vacancy = open_vacancy(schedule="remote", is_remote=True)

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "<dt>Schedule</dt><dd>Remote work</dd>" in body
    assert "<dt>Remote work</dt>" not in body


def test_remote_work_beside_another_schedule_is_still_said(client, db):
    vacancy = open_vacancy(schedule="flexible", is_remote=True)

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert "<dt>Schedule</dt><dd>Flexible schedule</dd>" in body
    assert "<dt>Remote work</dt><dd>yes</dd>" in body


@pytest.mark.parametrize(
    ("page", "link"),
    [("2", "?q=%D0%BF%D0%BE%D0%B2%D0%B0%D1%80"),
     ("-1", "?q=%D0%BF%D0%BE%D0%B2%D0%B0%D1%80"),
     ("51", "?q=%D0%BF%D0%BE%D0%B2%D0%B0%D1%80&page=2")],
)
def test_a_page_that_does_not_exist_links_to_one_that_does(client, page, link):
    VacancyFactory.create_batch(21 if page == "51" else 1, title="Повар")

    response = client.get(url("vacancies:search"), {"q": "повар", "page": page})

    body = text_of(response)
    assert response.status_code == 400
    assert "No results" not in body
    assert f'<a href="{link}">Open page' in body


def test_other_refusals_still_ask_to_correct_the_search(client):
    response = client.get(url("vacancies:search"), {"sort": "cheapest", "page": "0"})

    body = text_of(response)
    assert "Correct the search above and try again." in body
    assert "Open page" not in body
