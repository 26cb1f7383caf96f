"""Cabinet tables and the search filters on a phone and on a desktop screen.

Headless Chromium measures the laid-out pages: a table cell may wrap a line
only at a space or a hyphen, a phone never scrolls the whole page sideways,
and a select shows the whole of the choice it holds.
"""

import pytest

from tests.browser import PAGE_WIDTH, runs_split_across_lines
from tests.factories import (
    ApplicationFactory,
    ResumeFactory,
    UserFactory,
    VacancyFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 375, 1280
LONG_TITLES = [
    "Главный специалист по информационной безопасности и защите данных",
    "Инженер-программист высококвалифицированный",
    "Электрогазосварщик",
]

# Words (split at spaces and hyphens) of the cells whose letters the layout
# put on more than one line.
BROKEN_WORDS = runs_split_across_lines(r"[^\s\-]+", within="main td, main th")

# Width the select needs to show its chosen text whole: a copy of it holding
# that one option, sized by its content.
SELECT_FITS = """(select) => {
  const copy = select.cloneNode(false);
  copy.removeAttribute("id");
  copy.style.width = "auto";
  copy.append(new Option(select.options[select.selectedIndex].text));
  select.after(copy);
  const needed = copy.getBoundingClientRect().width;
  copy.remove();
  return needed <= select.getBoundingClientRect().width + 0.5;
}"""


def _sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/ru/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "correct-horse-42")
    page.locator("main form button[type=submit]").click()


@pytest.fixture
def cabinets(employer_user, job_seeker):
    employer = employer_user.employers.get()
    for title in LONG_TITLES:
        vacancy = VacancyFactory(employer=employer, title=title)
        seeker = UserFactory(full_name="Константинопольская-Переверзева Александра")
        ApplicationFactory(
            vacancy=vacancy, applicant=seeker,
            resume=ResumeFactory(owner=seeker, title="Электрогазосварщик-монтажник"),
            cover_letter="Здравствуйте! Имею соответствующий опыт и образование.",
        )
        ApplicationFactory(vacancy=vacancy, applicant=job_seeker)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_cabinet_tables_wrap_only_between_words(browser_page, cabinets, width):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    pages = {
        "daniyar@example.kz": ["/ru/applications/received/", "/ru/cabinet/vacancies/"],
        "aigerim@example.kz": ["/ru/applications/my/"],
    }

    for email, paths in pages.items():
        _sign_in(page, base, email)
        for path in paths:
            page.goto(base + path)
            assert page.locator("main tbody tr").count() >= 3, path
            assert page.evaluate(BROKEN_WORDS) == [], path
            assert page.evaluate(PAGE_WIDTH) <= width, path


def test_a_phone_shows_the_company_s_vacancies_with_their_actions_in_view(
    browser_page, cabinets
):
    page, base = browser_page
    page.set_viewport_size({"width": PHONE, "height": 900})
    _sign_in(page, base, "daniyar@example.kz")

    page.goto(f"{base}/ru/cabinet/vacancies/")

    row = page.locator("main tbody tr").first
    assert row.bounding_box()["width"] <= PHONE
    edit = row.locator("td.actions a").first
    box = edit.bounding_box()
    assert box["x"] + box["width"] <= PHONE


def test_a_phone_shows_each_received_application_as_labelled_lines(
    browser_page, cabinets
):
    page, base = browser_page
    page.set_viewport_size({"width": PHONE, "height": 900})
    _sign_in(page, base, "daniyar@example.kz")

    page.goto(f"{base}/ru/applications/received/")

    row = page.locator("main tbody tr").first
    assert row.bounding_box()["width"] <= PHONE
    labels = row.locator("td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
    )
    assert labels[:2] == ['"Соискатель" / ""', '"Вакансия" / ""']
    assert page.locator("main thead").bounding_box()["height"] <= 1


@pytest.mark.parametrize("width", [320, PHONE, 800, 1024, DESKTOP])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_country_filter_shows_each_of_its_choices_whole(
    browser_page, language, width
):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/{language}/vacancies/")
    # A narrow screen shows the filters closed under their summary.
    if not page.locator("#id_abroad").is_visible():
        page.locator(".filters-panel > summary").click()
    country = page.locator("#id_abroad")

    for value in ["", "0", "1"]:
        country.select_option(value)
        assert country.evaluate(SELECT_FITS), (language, width, value)
