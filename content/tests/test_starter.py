"""The starting news, instructions and FAQ that a new portal publishes at set-up."""

import json

import pytest
from django.core.management import call_command

from content.models import FaqEntry, FaqTopic, Instruction, NewsItem, StarterRecord
from content.services import item_update
from content.starter import STARTER_FILE, starter_content_load

pytestmark = pytest.mark.django_db

STARTER = json.loads(STARTER_FILE.read_text(encoding="utf-8"))


def _entries() -> int:
    return sum(len(STARTER[section]) for section in
               ("faq_topics", "faq", "instructions", "news"))


def test_set_up_publishes_every_starting_text_once(capsys):
    call_command("load_starter_content")
    call_command("load_starter_content")

    out = capsys.readouterr().out
    assert f"Starting texts published: {_entries()}." in out
    assert "Every starting text was loaded before; none added." in out
    assert FaqTopic.objects.count() == len(STARTER["faq_topics"])
    assert FaqEntry.objects.filter(status="published").count() == len(STARTER["faq"])
    assert Instruction.objects.filter(status="published").count() == len(
        STARTER["instructions"]
    )
    assert NewsItem.objects.filter(status="published").count() == len(STARTER["news"])


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("section", ["news", "instructions", "faq"])
def test_the_starting_texts_are_read_in_each_language(client, language, section):
    starter_content_load()

    page = client.get(f"/{language}/info/{section}/")

    assert page.status_code == 200
    first = STARTER[section][0]
    title = first["question" if section == "faq" else "title"][language]
    assert title in page.content.decode()


def test_an_administrators_edit_survives_the_next_set_up(administrator):
    starter_content_load()
    news = NewsItem.objects.get()
    item_update(item=news, by=administrator, changes={"title_en": "Our own title"})

    assert starter_content_load() == 0

    news.refresh_from_db()
    assert news.title_en == "Our own title"


def test_a_deleted_starting_text_does_not_come_back():
    starter_content_load()
    NewsItem.objects.all().delete()
    FaqEntry.objects.all().delete()  # a topic with questions cannot be deleted
    FaqTopic.objects.all().delete()

    assert starter_content_load() == 0

    assert not NewsItem.objects.exists()
    assert not FaqEntry.objects.exists()
    assert StarterRecord.objects.count() == _entries()
