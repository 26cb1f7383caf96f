"""Every page's title names the page first and the portal last, joined one way."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import VacancyFactory

SEPARATOR = " · "
OTHER_SEPARATORS = re.compile(r"\s[|—–-]\s")
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def _title(response) -> str:
    return html.unescape(TITLE.search(response.content.decode()).group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_kind_of_page_joins_its_title_with_the_one_separator(
    client, administrator, language
):
    vacancy = VacancyFactory(title="Кассир - продавец")
    with translation.override(language):
        portal = translation.gettext("Electronic Labor Exchange")
    pages = [
        "vacancies/", f"vacancies/{vacancy.pk}/", f"employers/{vacancy.employer_id}/",
        "accounts/login/", "accounts/signup/", "employers/signup/", "status/",
        "feedback/", "info/", "info/faq/", "no-such-page/",
    ]

    titles = [_title(client.get(f"/{language}/{page}")) for page in pages]
    client.force_login(administrator)
    titles += [_title(client.get(f"/{language}/admin/accounts/user/"))]

    for title in titles:
        page_name, _sep, rest = title.partition(SEPARATOR)
        assert rest == portal, title
        # A dash inside the page's own name ("Кассир - продавец") is no separator.
        assert not OTHER_SEPARATORS.search(page_name.replace(vacancy.title, "")), title


def test_every_title_block_of_the_portal_ends_with_the_portal_s_name():
    root = Path(settings.BASE_DIR) / "templates"
    blocks = {
        path.relative_to(root).as_posix(): block
        for path in root.rglob("*.html")
        if path.name != "base.html" and path.parent.name != "admin"
        for block in re.findall(
            r"{% block title %}(.*?){% endblock %}", path.read_text(encoding="utf-8")
        )
    }

    assert len(blocks) > 40
    assert {
        name: block for name, block in blocks.items()
        if not block.endswith(SEPARATOR + "{{ block.super }}")
    } == {}
