"""The status page and the dashboard under the real Content-Security-Policy.

The policy allows no inline style or script (docs/security.md): a colour
set by a style attribute would simply not show, and Chromium would report a
violation. The swatches and bars must take their colours from the stylesheet.
"""

import datetime as dt

import pytest
from django.db import connections
from django.utils import timezone

from operations.models import ProbeFunction, ProbeResult

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/wire-{name}.png"
# Collected before any script of the page runs; the page itself has none.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
BACKGROUND = "node => getComputedStyle(node).backgroundColor"
SWATCH_COLOURS = {
    "good": "rgb(46, 125, 50)", "fair": "rgb(249, 168, 37)",
    "poor": "rgb(198, 40, 40)", "none": "rgb(158, 158, 158)",
}


@pytest.fixture
def probed(db):
    """Two hours of probes today: the home page fails for twenty minutes."""
    start = timezone.now() - dt.timedelta(hours=2)
    results = []
    for minute in range(120):
        at = start + dt.timedelta(minutes=minute)
        for function in ProbeFunction.values:
            down = function == ProbeFunction.HOME and 30 <= minute < 50
            results.append(ProbeResult(function=function, checked_at=at, ok=not down,
                                       status_code=503 if down else 200,
                                       latency_ms=120))
    ProbeResult.objects.bulk_create(results)


@pytest.fixture
def page_and_problems(browser_page):
    page, base = browser_page
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)
    page.add_init_script(LISTEN)
    yield page, base, problems
    connections.close_all()


def visit(page, url: str, name: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "style-src 'self'" in policy and "script-src 'self'" in policy
    page.screenshot(path=SCREENSHOTS.format(name=name), full_page=True)
    return page.evaluate("window.__violations")


def swatch_colours(page) -> dict[str, str]:
    return {
        colour: page.eval_on_selector(f".legend .swatch.{colour}", BACKGROUND)
        for colour in SWATCH_COLOURS
    }


def test_the_status_page_draws_its_colours_without_breaking_the_policy(
    page_and_problems, probed
):
    page, base, problems = page_and_problems

    violations = visit(page, f"{base}/en/status/", "status")

    assert violations == []
    assert [text for text in problems if "Content Security Policy" in text] == []
    assert swatch_colours(page) == SWATCH_COLOURS
    assert page.locator("svg.uptime-chart rect").count() > 0


def test_the_dashboard_draws_its_colours_without_breaking_the_policy(
    page_and_problems, probed, administrator
):
    page, base, problems = page_and_problems
    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=username]", administrator.email)
    page.fill("input[name=password]", "correct-horse-42")
    page.locator("main form button[type=submit]").click()

    violations = visit(page, f"{base}/en/operations/", "dashboard")

    assert violations == []
    assert [text for text in problems if "Content Security Policy" in text] == []
    assert swatch_colours(page) == SWATCH_COLOURS
    assert page.locator("svg.uptime-chart rect").count() > 0
