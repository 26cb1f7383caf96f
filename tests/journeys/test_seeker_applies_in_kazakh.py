"""The portal's main job, end to end in Kazakh, in headless Chromium.

A visitor searches in Kazakh, opens a vacancy, signs up as a job seeker from
the vacancy page, applies, and the employer sees the application in the cabinet.
"""

import pytest

from applications.models import Application
from tests.factories import VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, email, password):
    page.goto(f"{base}/kk/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()


def test_a_visitor_finds_a_vacancy_in_kazakh_signs_up_applies_and_the_employer_sees_it(
    browser_page, employer_user
):
    page, base = browser_page
    employer = employer_user.employers.get()
    VacancyFactory(employer=employer, title="ҚАЗАҚ ТІЛІ МҰҒАЛІМІ", salary_from=250000)
    VacancyFactory(employer=employer, title="Менеджер по продажам")

    page.goto(f"{base}/kk/vacancies/")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.fill("#id_q", "қазақ")
    page.locator("#id_q").press("Enter")
    cards = page.locator(".vacancy-card")
    assert cards.count() == 1
    cards.first.locator("a").first.click()
    assert page.locator("h1").inner_text() == "ҚАЗАҚ ТІЛІ МҰҒАЛІМІ"

    page.click("a.signup-to-apply")
    page.fill("#id_email", "aigerim@example.kz")
    page.fill("#id_full_name", "Айгерім Сәрсенова")
    page.fill("#id_password", "Қазақстан-2026-жұмыс")
    page.fill("#id_password_confirm", "Қазақстан-2026-жұмыс")
    page.locator("main form button[type=submit]").click()
    assert page.locator("h1").inner_text() == "ҚАЗАҚ ТІЛІ МҰҒАЛІМІ"

    page.fill("#apply-letter", "Сәлеметсіз бе! Тәжірибем бес жыл.")
    page.click("section.apply button[type=submit]")
    application = Application.objects.get()
    assert application.applicant.email == "aigerim@example.kz"
    assert application.cover_letter == "Сәлеметсіз бе! Тәжірибем бес жыл."

    page.context.clear_cookies()
    _sign_in(page, base, "daniyar@example.kz", "correct-horse-42")
    page.goto(f"{base}/kk/applications/received/")
    row = page.locator("tbody tr")
    assert row.count() == 1
    assert "Айгерім Сәрсенова" in row.inner_text()
    assert "ҚАЗАҚ ТІЛІ МҰҒАЛІМІ" in row.inner_text()
