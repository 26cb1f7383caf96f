"""The administrator's desk, through the real admin pages."""

import datetime as dt

import pytest
from django.db.models.fields.files import FieldFile

from content.models import (
    FaqEntry,
    InfoItem,
    InfoType,
    Instruction,
    NewsItem,
    RevisionAction,
    Status,
)
from content.selectors import revisions_of
from content.services import item_create, item_publish
from content.tests.conftest import MP4_HEAD, make_news, upload
from core.localtime import ALMATY

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/content/"


def _news_form(**fields):
    return {
        "title_kk": "", "summary_kk": "", "body_kk": "", "image_alt_kk": "",
        "title_ru": "", "summary_ru": "", "body_ru": "", "image_alt_ru": "",
        "title_en": "", "summary_en": "", "body_en": "", "image_alt_en": "",
        "transition": "keep", "publish_at_0": "", "publish_at_1": "",
        **fields,
    }


def _errors(response) -> dict:
    return response.context["adminform"].form.errors


def test_the_administrator_writes_and_publishes_news(client, administrator):
    client.force_login(administrator)

    response = client.post(f"{ADMIN}newsitem/add/", _news_form(
        title_en="Resumes in three languages", summary_en="Write once.",
        body_en="<p>Now <b>possible</b><script>x()</script></p>",
        transition="publish",
    ))

    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.status == Status.PUBLISHED
    assert item.author == administrator
    assert item.body_en == "<p>Now <b>possible</b></p>"
    actions = [revision.action for revision in revisions_of(item).order_by("pk")]
    assert actions == [RevisionAction.CREATED, RevisionAction.PUBLISHED]


def test_the_administrator_schedules_news_in_local_time(client, administrator):
    client.force_login(administrator)

    client.post(f"{ADMIN}newsitem/add/", _news_form(
        title_ru="Новое", summary_ru="Кратко", transition="schedule",
        publish_at_0="2030-05-06", publish_at_1="10:00:00",
    ))

    item = NewsItem.objects.get()
    assert item.status == Status.SCHEDULED
    assert item.publish_at == dt.datetime(2030, 5, 6, 10, 0, tzinfo=ALMATY)


def test_a_publication_time_in_the_past_is_refused_beside_its_field(
    client, administrator
):
    client.force_login(administrator)

    response = client.post(f"{ADMIN}newsitem/add/", _news_form(
        title_ru="Новое", summary_ru="Кратко", transition="schedule",
        publish_at_0="2020-01-01", publish_at_1="10:00:00",
    ))

    assert response.status_code == 200
    assert _errors(response)["publish_at"] == [
        "Choose a publication time in the future, or publish now."
    ]
    assert not NewsItem.objects.exists()


def test_publishing_an_incomplete_item_is_refused_beside_the_field(
    client, administrator
):
    client.force_login(administrator)

    response = client.post(f"{ADMIN}newsitem/add/", _news_form(
        title_ru="Новое", transition="publish",
    ))

    assert _errors(response)["summary_ru"] == [
        "Russian: Write the summary or the body."
    ]
    assert not NewsItem.objects.exists()


def test_a_disguised_video_is_refused_beside_its_field(client, administrator):
    client.force_login(administrator)

    response = client.post(f"{ADMIN}instruction/add/", {
        "audience": "employer", "position": "0",
        "title_kk": "", "body_kk": "", "transcript_kk": "",
        "title_ru": "", "body_ru": "", "transcript_ru": "",
        "title_en": "Guide", "body_en": "<p>Text</p>", "transcript_en": "",
        "video": upload("guide.mp4", b"#!/bin/sh\nrm -rf /\n" + b" " * 50),
        "transition": "keep", "publish_at_0": "", "publish_at_1": "",
    })

    assert _errors(response)["video"] == ["The file is not an MP4 or WebM video."]
    assert not Instruction.objects.exists()


def test_the_administrator_previews_a_draft_in_each_language(client, administrator):
    draft = make_news(administrator, languages=("kk", "en"), publish=False)
    client.force_login(administrator)

    kazakh = client.get(f"{ADMIN}newsitem/{draft.pk}/preview/kk/")
    russian = client.get(f"{ADMIN}newsitem/{draft.pk}/preview/ru/")
    change = client.get(f"{ADMIN}newsitem/{draft.pk}/change/")

    assert kazakh.status_code == 200
    assert '<h1 id="item-title">kk title</h1>' in kazakh.content.decode()
    assert 'class="content-preview"' in kazakh.content.decode()
    assert russian.status_code == 404
    assert "У этой страницы пока нет текста на языке" in russian.content.decode()
    assert f"newsitem/{draft.pk}/preview/en/" in change.content.decode()


def test_readers_cannot_open_the_preview(client, job_seeker, administrator):
    draft = make_news(administrator, publish=False)
    client.force_login(job_seeker)

    response = client.get(f"{ADMIN}newsitem/{draft.pk}/preview/kk/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_new_information_type_is_defined_and_published_in_the_admin(
    client, administrator
):
    client.force_login(administrator)
    fields = [
        ("published_on", "date", "Жарияланған күні", "Дата", "Published on", "on"),
        ("act", "file", "Акт", "Акт", "Act", ""),
        ("source", "link", "Дереккөз", "Источник", "Source", ""),
    ]
    data = {
        "slug": "legal-acts", "position": "0",
        "name_kk": "Құқықтық актілер", "name_ru": "Правовые акты",
        "name_en": "Legal acts", "intro_kk": "", "intro_ru": "", "intro_en": "",
        "fields-TOTAL_FORMS": str(len(fields)), "fields-INITIAL_FORMS": "0",
        "fields-MIN_NUM_FORMS": "0", "fields-MAX_NUM_FORMS": "1000",
    }
    for index, (key, kind, kk, ru, en, required) in enumerate(fields):
        data.update({
            f"fields-{index}-position": str(index), f"fields-{index}-key": key,
            f"fields-{index}-kind": kind, f"fields-{index}-label_kk": kk,
            f"fields-{index}-label_ru": ru, f"fields-{index}-label_en": en,
            f"fields-{index}-required": required,
        })
    assert client.post(f"{ADMIN}infotype/add/", data).status_code == 302
    legal_acts = InfoType.objects.get(slug="legal-acts")

    add_form = client.get(f"{ADMIN}infoitem/add/?info_type={legal_acts.pk}")
    assert "value_published_on" in add_form.context["adminform"].form.fields
    response = client.post(f"{ADMIN}infoitem/add/?info_type={legal_acts.pk}", {
        "info_type": str(legal_acts.pk),
        "title_kk": "", "title_ru": "Приказ № 92", "title_en": "",
        "value_published_on": "2019-02-22",
        "value_act": upload("order-92.pdf", b"%PDF-1.4\n%order\n"),
        "value_source": "https://adilet.zan.kz/rus/docs/V1900018343",
        "transition": "publish", "publish_at_0": "", "publish_at_1": "",
    })

    assert response.status_code == 302
    item = InfoItem.objects.get()
    assert item.status == Status.PUBLISHED
    page = client.get("/ru/info/types/legal-acts/").content.decode()
    assert "Приказ № 92" in page
    assert "https://adilet.zan.kz/rus/docs/V1900018343" in page


def test_the_item_form_checks_values_against_the_type(
    client, administrator, job_fairs
):
    client.force_login(administrator)

    response = client.post(f"{ADMIN}infoitem/add/?info_type={job_fairs.pk}", {
        "info_type": str(job_fairs.pk),
        "title_kk": "", "title_ru": "Ярмарка", "title_en": "",
        "value_held_on": "", "value_venue_kk": "", "value_venue_ru": "",
        "value_venue_en": "", "value_region": "", "value_register": "javascript:x",
        "transition": "keep", "publish_at_0": "", "publish_at_1": "",
    })

    assert _errors(response)["value_register"] == [
        "Enter a web address that starts with https:// or http://."
    ]
    assert not InfoItem.objects.exists()


def test_publishing_an_item_without_a_required_value_is_refused(
    client, administrator, job_fairs
):
    client.force_login(administrator)

    response = client.post(f"{ADMIN}infoitem/add/?info_type={job_fairs.pk}", {
        "info_type": str(job_fairs.pk),
        "title_kk": "", "title_ru": "Ярмарка", "title_en": "",
        "value_held_on": "2030-04-15", "value_venue_kk": "", "value_venue_ru": "",
        "value_venue_en": "", "value_region": "", "value_register": "",
        "transition": "publish", "publish_at_0": "", "publish_at_1": "",
    })

    assert _errors(response)["value_venue_kk"] == ["Fill in Venue."]
    assert not InfoItem.objects.exists()


def test_the_faq_list_shows_which_answers_need_work(client, administrator, topic):
    def entry(question, yes, no):
        created = item_create(model=FaqEntry, by=administrator, changes={
            "topic": topic, "question_en": question, "answer_en": "<p>A</p>",
        })
        FaqEntry.objects.filter(pk=created.pk).update(helpful_yes=yes, helpful_no=no)
        return created

    entry("Clear", 9, 1)
    entry("Confusing", 1, 3)
    entry("Unrated", 0, 0)
    client.force_login(administrator)

    response = client.get(f"{ADMIN}faqentry/", {"o": "-6"})

    rows = [str(row) for row in response.context["cl"].result_list]
    assert rows[:2] == ["Confusing", "Clear"]
    page = response.content.decode()
    assert "75 %" in page and "10 %" in page


def test_the_list_action_publishes_through_the_service(client, administrator):
    draft = make_news(administrator, publish=False)
    empty = item_create(model=NewsItem, by=administrator, changes={})
    client.force_login(administrator)

    client.post(f"{ADMIN}newsitem/", {
        "action": "publish_now", "_selected_action": [draft.pk, empty.pk],
    })

    assert NewsItem.objects.get(pk=draft.pk).status == Status.PUBLISHED
    assert NewsItem.objects.get(pk=empty.pk).status == Status.DRAFT


def test_an_instruction_with_video_is_changed_without_losing_it(
    client, administrator
):
    from content.tests.conftest import VTT_KK

    instruction = item_publish(
        item=item_create(model=Instruction, by=administrator, changes={
            "audience": "employer", "title_kk": "Нұсқаулық",
            "video": upload("guide.mp4", MP4_HEAD),
            "captions_kk": upload("kk.vtt", VTT_KK), "transcript_kk": "Мәтін",
        }),
        by=administrator,
    )
    client.force_login(administrator)
    form = client.get(f"{ADMIN}instruction/{instruction.pk}/change/").context[
        "adminform"
    ].form
    data = {
        name: value for name, value in form.initial.items()
        if name in form.fields and value is not None
        and not isinstance(value, FieldFile)
    }
    data.update({
        "title_kk": "Жаңа атау", "transition": "keep",
        "publish_at_0": "", "publish_at_1": "",
    })

    response = client.post(f"{ADMIN}instruction/{instruction.pk}/change/", data)

    assert response.status_code == 302
    stored = Instruction.objects.get(pk=instruction.pk)
    assert stored.title_kk == "Жаңа атау"
    assert stored.video.name == instruction.video.name
    assert stored.status == Status.PUBLISHED


@pytest.mark.parametrize(
    "model",
    ["newsitem", "instruction", "faqtopic", "faqentry", "infotype", "infoitem"],
)
def test_an_administrator_by_role_opens_every_content_page_of_the_admin(
    client, model, topic, job_fairs
):
    from accounts.models import Role
    from accounts.services import user_set_role
    from tests.factories import UserFactory

    administrator = UserFactory(email="desk@example.kz")
    user_set_role(user=administrator, role=Role.ADMINISTRATOR)
    client.force_login(administrator)

    assert client.get(f"{ADMIN}{model}/").status_code == 200
    assert client.get(f"{ADMIN}{model}/add/").status_code == 200
    assert client.get(f"{ADMIN}contentrevision/").status_code == 200


def test_operators_do_not_edit_the_portal_information(client):
    from accounts.models import Role
    from accounts.services import user_set_role
    from tests.factories import UserFactory

    operator = UserFactory(email="desk-operator@example.kz")
    user_set_role(user=operator, role=Role.OPERATOR)
    client.force_login(operator)

    assert client.get(f"{ADMIN}newsitem/").status_code == 403


def test_an_item_added_without_its_type_opens_again_for_the_fields(
    client, administrator, job_fairs
):
    client.force_login(administrator)

    response = client.post(f"{ADMIN}infoitem/add/", {
        "info_type": str(job_fairs.pk),
        "title_kk": "", "title_ru": "Ярмарка", "title_en": "",
        "transition": "keep", "publish_at_0": "", "publish_at_1": "",
    })

    item = InfoItem.objects.get()
    assert response["Location"] == f"{ADMIN}infoitem/{item.pk}/change/"
    change = client.get(response["Location"])
    assert "value_venue_ru" in change.context["adminform"].form.fields
