"""A job seeker's way from the search to the cabinet, in a browser without script."""

import pytest

from applications.models import Application
from applications.tests.factories import VacancyOnPortalFactory
from tests.factories import KatoUnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_job_seeker_filters_applies_and_sees_the_application(browser_page):
    page, base = browser_page
    no_script = page.context.browser.new_context(java_script_enabled=False)
    page = no_script.new_page()
    almaty = KatoUnitFactory(code="750000000", name_kk="Алматы қ.", name_ru="г.Алматы")
    VacancyOnPortalFactory(
        title="Кассир в Алматы", oblast=almaty, region_code="750000000"
    )
    VacancyOnPortalFactory(title="Кассир в Астане")
    UserFactory(email="aigerim@example.kz", full_name="Айгерім Сәрсенова")

    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=username]", "aigerim@example.kz")
    page.fill("input[name=password]", "correct-horse-42")
    page.locator("main form button[type=submit]").click()

    page.goto(f"{base}/en/vacancies/")
    page.fill("#id_q", "кассир")
    page.select_option("#id_region", "750000000")
    page.click("text=Apply filters")
    assert "region=750000000" in page.url
    assert page.locator(".vacancy-card").count() == 1

    page.click("text=Кассир в Алматы")
    page.fill("#apply-letter", "Здравствуйте!")
    page.click("section.apply button[type=submit]")
    sent = page.locator("text=Your application has been sent to the employer.")
    assert sent.count() == 1

    page.goto(f"{base}/en/applications/my/")
    assert page.locator("td >> text=Кассир в Алматы").count() == 1
    assert Application.objects.get().cover_letter == "Здравствуйте!"
    no_script.close()
