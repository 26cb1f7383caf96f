"""The public pages a fresh visitor meets first, on a phone and on a desktop.

Headless Chromium lays the Kazakh pages out: no page scrolls sideways, the
home page's search box keeps room to type in, the search shows its first
result before a screen of filters, and the status page's chart fits.
"""

import pytest
from django.core.cache import cache

from tests.browser import PAGE_WIDTH, runs_split_across_lines
from tests.factories import VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 375, 1280
# The amounts ("200 000") in an element whose digits the layout put on more
# than one line.
BROKEN_AMOUNTS = runs_split_across_lines(r"\d[\d\s\u202f]*\d")


@pytest.fixture(autouse=True)
def fresh_listing_cache():
    """The listing's counts and facets are cached a minute, across tests."""
    cache.clear()


@pytest.fixture
def well_paid(db):
    return VacancyFactory(
        title="Back-end разработчик", salary_from=200_000, salary_to=750_000,
        salary_gross=False,
    )


def _pages(vacancy):
    return [
        "/kk/",
        "/kk/vacancies/",
        "/kk/vacancies/?q=бухгалтер",
        "/kk/vacancies/?q=жоқсөзжоқ",
        f"/kk/vacancies/{vacancy.pk}/",
        "/kk/status/",
        "/kk/feedback/",
    ]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_public_page_scrolls_sideways_in_kazakh(browser_page, well_paid, width):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})

    for path in _pages(well_paid):
        page.goto(base + path)
        assert page.evaluate(PAGE_WIDTH) <= width, path


def test_a_salary_wraps_between_amount_and_tax_note_not_inside_an_amount(
    browser_page, well_paid
):
    page, base = browser_page
    page.set_viewport_size({"width": 320, "height": 900})

    page.goto(f"{base}/kk/vacancies/{well_paid.pk}/")

    salary = page.locator("main .salary")
    assert page.evaluate(PAGE_WIDTH) <= 320
    assert salary.bounding_box()["height"] > 30  # it took two lines
    assert salary.evaluate(BROKEN_AMOUNTS) == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_home_search_box_keeps_room_to_type_on_a_phone(browser_page, language):
    page, base = browser_page
    page.set_viewport_size({"width": PHONE, "height": 900})

    page.goto(f"{base}/{language}/")

    box = page.locator("main .search-box input[type=search], main .search-box input")
    assert box.first.bounding_box()["width"] >= 200
    assert page.evaluate(PAGE_WIDTH) <= PHONE


def test_a_phone_shows_the_first_result_before_the_filters(browser_page, well_paid):
    page, base = browser_page
    page.set_viewport_size({"width": PHONE, "height": 900})

    page.goto(f"{base}/kk/vacancies/")

    first_result = page.locator("main .results .card").first.bounding_box()
    assert first_result["y"] < 900
    assert not page.locator("#id_region").is_visible()
    page.locator(".filters-panel > summary").click()
    assert page.locator("#id_region").is_visible()


def test_a_desktop_shows_the_filters_beside_the_results(browser_page, well_paid):
    page, base = browser_page
    page.set_viewport_size({"width": DESKTOP, "height": 900})

    page.goto(f"{base}/kk/vacancies/")

    assert page.locator("#id_region").is_visible()
    region = page.locator("#id_region").bounding_box()
    first_result = page.locator("main .results .card").first.bounding_box()
    assert region["x"] + region["width"] <= first_result["x"]


def test_a_search_without_results_shows_no_empty_facets_heading(
    browser_page, well_paid
):
    page, base = browser_page

    page.goto(f"{base}/kk/vacancies/?q=жоқсөзжоқ")

    assert page.locator("#facets-heading").count() == 0
    page.goto(f"{base}/kk/vacancies/")
    assert page.locator("#facets-heading").count() == 1


def test_the_status_chart_fits_a_phone(browser_page):
    page, base = browser_page
    page.set_viewport_size({"width": PHONE, "height": 900})

    page.goto(f"{base}/kk/status/")

    charts = page.locator("main .uptime-chart")
    assert charts.count() >= 1
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    scrollers = page.locator("main .table-scroll").evaluate_all(
        "boxes => boxes.map(box => box.scrollWidth - box.clientWidth)"
    )
    assert all(extra <= 0 for extra in scrollers)
