import pytest
from django.core.management import call_command

from helpdesk.models import Topic
from helpdesk.topics import STARTING_TOPICS, topics_offer_starting_set

pytestmark = pytest.mark.django_db


def test_a_new_portal_offers_the_starting_topics_in_three_languages():
    created = topics_offer_starting_set()

    names = list(Topic.objects.values_list("name_kk", "name_ru", "name_en"))
    assert created == len(STARTING_TOPICS)
    assert names == STARTING_TOPICS
    assert all(kk and ru and en for kk, ru, en in names)


def test_topics_the_administrator_keeps_are_left_alone():
    Topic.objects.create(name_kk="Басқа тақырып", name_ru="Другая", name_en="Own")

    call_command("load_feedback_topics")
    call_command("load_feedback_topics")

    assert list(Topic.objects.values_list("name_en", flat=True)) == ["Own"]
