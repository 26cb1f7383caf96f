"""Headless Chromium for journeys through the real pages.

Debian's chromium package provides the browser; Playwright only drives it and
never downloads a browser of its own. A missing browser fails the test with a
message that says how to install it.
"""

import json
import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page(live_server) -> Iterator:
    """A fresh page in headless Chromium; yields (page, base_url)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run scripts/install-system-packages "
            "(apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own
    # ORM calls are still synchronous, so Django's async guard must step aside.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(
            locale="kk-KZ", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page, live_server.url
        finally:
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def runs_split_across_lines(pattern: str, *, within: str | None = None) -> str:
    """A script listing the runs of text matching PATTERN (a JavaScript regular
    expression's source) that the layout put on more than one line.

    Without WITHIN the script takes the element to search (locator.evaluate);
    with it, it searches every element the CSS selector WITHIN finds on the
    page (page.evaluate).
    """
    search = """(root) => {
  const split = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(new RegExp(%s, "g"))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()]
        .filter(rect => rect.width > 1).map(rect => Math.round(rect.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}""" % json.dumps(pattern)
    if within is None:
        return search
    return "() => [...document.querySelectorAll(%s)].flatMap(%s)" % (
        json.dumps(within), search,
    )
