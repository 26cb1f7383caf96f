import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings

from content.models import (
    ContentRevision,
    FaqEntry,
    InfoItem,
    Instruction,
    NewsItem,
    RevisionAction,
    Status,
)
from content.selectors import (
    faq_search,
    info_item_values,
    info_items,
    news_in_language,
    notice_for,
    revisions_of,
)
from content.services import (
    FAQ_VOTES_SESSION_KEY,
    faq_entry_vote,
    item_archive,
    item_create,
    item_publish,
    item_return_to_draft,
    item_schedule,
    item_update,
    items_publish_due,
    notice_dismiss,
)
from config.tasks import publish_scheduled_content
from content.tests.conftest import MP4_HEAD, VTT_KK, make_news, upload
from core.errors import Conflict, ValidationFailed
from core.localtime import ALMATY
from tests.factories import KatoUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

CASES = Path(settings.BASE_DIR).parent / "shared" / "cases" / "search.json"


def _almaty(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ALMATY)


# --- Scheduling -------------------------------------------------------------------


def test_an_item_scheduled_for_ten_oclock_appears_at_ten_and_not_before(
    administrator, clock
):
    clock.set(_almaty(2030, 5, 6, 9, 0))
    item = make_news(administrator, publish=False)
    item_schedule(item=item, by=administrator, at=_almaty(2030, 5, 6, 10, 0))

    clock.set(_almaty(2030, 5, 6, 9, 59, 59))
    assert list(news_in_language(language="kk")) == []
    assert items_publish_due() == 0
    assert NewsItem.objects.get(pk=item.pk).status == Status.SCHEDULED

    clock.set(_almaty(2030, 5, 6, 10, 0))
    assert list(news_in_language(language="kk")) == [item]
    assert items_publish_due() == 1
    stored = NewsItem.objects.get(pk=item.pk)
    assert stored.status == Status.PUBLISHED
    assert stored.published_at == _almaty(2030, 5, 6, 10, 0)


def test_a_late_worker_keeps_the_announced_publication_time(administrator, clock):
    clock.set(_almaty(2030, 5, 6, 9, 0))
    item = make_news(administrator, publish=False)
    item_schedule(item=item, by=administrator, at=_almaty(2030, 5, 6, 10, 0))

    clock.set(_almaty(2030, 5, 6, 10, 3, 30))
    publish_scheduled_content.call_local()

    stored = NewsItem.objects.get(pk=item.pk)
    assert stored.status == Status.PUBLISHED
    assert stored.published_at == _almaty(2030, 5, 6, 10, 0)
    revision = revisions_of(stored).first()
    assert (revision.action, revision.by) == (RevisionAction.PUBLISHED, None)


def test_it_refuses_to_schedule_a_time_that_has_passed(administrator, clock):
    clock.set(_almaty(2030, 5, 6, 10, 0))
    item = make_news(administrator, publish=False)

    with pytest.raises(ValidationFailed) as refused:
        item_schedule(item=item, by=administrator, at=_almaty(2030, 5, 6, 10, 0))

    assert refused.value.field == "publish_at"
    assert str(refused.value.message) == (
        "Choose a publication time in the future, or publish now."
    )
    assert NewsItem.objects.get(pk=item.pk).status == Status.DRAFT


def test_the_scheduler_publishes_every_kind_of_item(administrator, clock, topic):
    clock.set(_almaty(2030, 1, 1, 8, 0))
    entry = item_create(model=FaqEntry, by=administrator, changes={
        "topic": topic, "question_ru": "Как?", "answer_ru": "<p>Так.</p>",
    })
    instruction = item_create(model=Instruction, by=administrator, changes={
        "audience": "employer", "title_en": "Post a vacancy", "body_en": "<p>Go</p>",
    })
    for item in (entry, instruction):
        item_schedule(item=item, by=administrator, at=_almaty(2030, 1, 1, 9, 0))

    clock.set(_almaty(2030, 1, 1, 9, 0, 30))

    assert items_publish_due() == 2
    assert FaqEntry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    assert Instruction.objects.get(pk=instruction.pk).status == Status.PUBLISHED


# --- Life of an item and its history ----------------------------------------------


def test_each_change_of_an_item_leaves_a_revision(administrator):
    item = make_news(administrator, publish=False)
    item_update(item=item, by=administrator, changes={"title_en": "Better title"})
    item_publish(item=item, by=administrator)
    item_archive(item=item, by=administrator)
    item_return_to_draft(item=item, by=administrator)

    actions = [revision.action for revision in revisions_of(item).order_by("pk")]
    assert actions == ["created", "changed", "published", "archived", "drafted"]
    changed = revisions_of(item).get(action="changed")
    assert changed.snapshot["title_en"] == "Better title"
    assert changed.by == administrator
    assert NewsItem.objects.get(pk=item.pk).author == administrator


def test_it_refuses_to_publish_twice(administrator):
    item = make_news(administrator)

    with pytest.raises(Conflict):
        item_publish(item=item, by=administrator)


def test_it_refuses_to_publish_an_item_without_text_in_any_language(administrator):
    item = item_create(model=NewsItem, by=administrator, changes={"is_notice": True})

    with pytest.raises(ValidationFailed) as refused:
        item_publish(item=item, by=administrator)

    assert refused.value.field == "title_kk"
    assert NewsItem.objects.get(pk=item.pk).status == Status.DRAFT


def test_it_refuses_a_change_that_leaves_a_published_item_incomplete(administrator):
    item = make_news(administrator, languages=("ru",))

    with pytest.raises(ValidationFailed) as refused:
        item_update(item=item, by=administrator, changes={"summary_ru": ""})

    assert refused.value.field == "summary_ru"
    assert NewsItem.objects.get(pk=item.pk).summary_ru == "ru summary"


def test_an_instruction_with_a_video_needs_captions_and_a_transcript(administrator):
    instruction = item_create(model=Instruction, by=administrator, changes={
        "audience": "job_seeker", "title_kk": "Түйіндеме жасау",
        "video": upload("guide.mp4", MP4_HEAD),
    })

    with pytest.raises(ValidationFailed) as refused:
        item_publish(item=instruction, by=administrator)
    assert refused.value.field == "captions_kk"

    item_update(item=instruction, by=administrator, changes={
        "captions_kk": upload("kk.vtt", VTT_KK),
    })
    with pytest.raises(ValidationFailed) as refused:
        item_publish(item=instruction, by=administrator)
    assert refused.value.field == "transcript_kk"

    item_update(item=instruction, by=administrator, changes={
        "transcript_kk": "Сәлем, бұл нұсқаулық.",
    })
    assert item_publish(item=instruction, by=administrator).status == Status.PUBLISHED


# --- Sanitising -------------------------------------------------------------------


def test_it_stores_bodies_without_scripts_or_event_handlers(administrator):
    item = make_news(
        administrator,
        body_en=(
            '<p onclick="steal()">Hello<script>alert(1)</script></p>'
            '<img src="x.png" onerror="alert(2)" alt="chart">'
            '<a href="javascript:alert(3)">link</a>'
        ),
    )

    assert item.body_en == (
        '<p>Hello</p><img src="x.png" alt="chart"><a rel="noopener noreferrer">link</a>'
    )


# --- The one-time notice ----------------------------------------------------------


def test_a_notice_is_offered_until_the_user_dismisses_it(administrator, job_seeker):
    notice = make_news(administrator, is_notice=True)
    other_reader = UserFactory()

    assert notice_for(user=job_seeker, language="kk").item == notice

    notice_dismiss(user=job_seeker, news=notice)
    notice_dismiss(user=job_seeker, news=notice)

    assert notice_for(user=job_seeker, language="kk") is None
    assert notice_for(user=other_reader, language="kk").item == notice


def test_a_notice_without_text_in_the_asked_language_says_its_own(
    administrator, job_seeker
):
    make_news(administrator, languages=("ru",), is_notice=True)

    shown = notice_for(user=job_seeker, language="en")

    assert (shown.language, shown.title) == ("ru", "ru title")


def test_plain_news_is_no_notice(administrator, job_seeker):
    make_news(administrator)

    assert notice_for(user=job_seeker, language="kk") is None


# --- FAQ search and votes ---------------------------------------------------------


def _faq(by, topic, question, answer="<p>Ответ.</p>", language="ru"):
    entry = item_create(model=FaqEntry, by=by, changes={
        "topic": topic, f"question_{language}": question, f"answer_{language}": answer,
    })
    return item_publish(item=entry, by=by)


def test_the_faq_search_folds_case_letters_and_endings_as_vacancy_search(
    administrator, topic
):
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    entries = {
        name: _faq(administrator, topic, text, language="kk")
        for name, text in cases["documents"].items()
    }
    names = {entry.pk: name for name, entry in entries.items()}

    for case in cases["queries"]:
        result = faq_search(language="kk", query=case["q"])
        found = sorted(
            names[entry.item.pk] for section in result.sections
            for entry in section.entries
        )
        assert found == sorted(case["finds"]), case["q"]


def test_the_faq_search_needs_every_word_and_reads_answers(administrator, topic):
    password = _faq(administrator, topic, "Как сменить пароль?", "<p>В кабинете.</p>")
    _faq(administrator, topic, "Как удалить резюме?", "<p>В кабинете.</p>")

    result = faq_search(language="ru", query="ПАРОЛЯ кабинете")

    assert [entry.item for entry in result.sections[0].entries] == [password]
    assert result.found == 1


def test_the_faq_search_stays_in_the_asked_language(administrator, topic):
    _faq(administrator, topic, "Как сменить пароль?")

    result = faq_search(language="en", query="")

    assert (result.found, result.elsewhere) == (0, 1)


def test_a_reader_answers_was_it_helpful_once_per_session(administrator, topic):
    entry = _faq(administrator, topic, "Как сменить пароль?")
    session: dict = {}

    assert faq_entry_vote(entry=entry, helpful=False, session=session) is True
    assert faq_entry_vote(entry=entry, helpful=True, session=session) is False
    assert faq_entry_vote(entry=entry, helpful=True, session={}) is True

    stored = FaqEntry.objects.get(pk=entry.pk)
    assert (stored.helpful_yes, stored.helpful_no) == (1, 1)
    assert session[FAQ_VOTES_SESSION_KEY] == [entry.pk]


# --- Additional information types -------------------------------------------------


def test_a_new_information_type_is_published_without_code(administrator, job_fairs):
    almaty = KatoUnitFactory(code="750000000", name_ru="Алматы", name_kk="Алматы")
    item = item_create(
        model=InfoItem, by=administrator,
        changes={"info_type": job_fairs, "title_ru": "Ярмарка вакансий в Алматы"},
        values={
            "held_on": dt.date(2030, 4, 15),
            "venue": {"ru": "Дворец Республики"},
            "region": "750000000",
            "register": "https://enbek.example.kz/fair",
        },
    )

    published = item_publish(item=item, by=administrator)

    assert list(info_items(info_type=job_fairs)) == [published]
    shown = {
        value.label: value for value in info_item_values(published, language="ru")
    }
    assert shown["Дата проведения"].date == dt.date(2030, 4, 15)
    assert shown["Место проведения"].text == "Дворец Республики"
    assert shown["Регион"].region == almaty
    assert shown["Регистрация"].link == "https://enbek.example.kz/fair"
    assert revisions_of(published).first().snapshot["values"]["region"]["region"] == (
        "750000000"
    )


def test_it_refuses_to_publish_an_item_without_its_required_fields(
    administrator, job_fairs
):
    item = item_create(
        model=InfoItem, by=administrator,
        changes={"info_type": job_fairs, "title_ru": "Ярмарка"},
        values={"held_on": dt.date(2030, 4, 15), "venue": {"kk": "Сарай"}},
    )

    with pytest.raises(ValidationFailed) as refused:
        item_publish(item=item, by=administrator)

    assert refused.value.field == "value_venue"
    assert str(refused.value.message) == "Fill in Venue."


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"register": "javascript:alert(1)"}, "value_register",
         "Enter a web address that starts with https:// or http://."),
        ({"region": "999999999"}, "value_region",
         "No region of the KATO classifier has the code 999999999."),
        ({"held_on": "tomorrow"}, "value_held_on", "Enter a date."),
        ({"colour": "red"}, "colour", "The type has no field colour."),
        ({"programme": upload("programme.html", b"<script>")}, "value_programme",
         "Attach a document: csv, doc, docx, jpeg, jpg, ods, odt, pdf, png, txt, "
         "xls, xlsx, zip."),
    ],
)
def test_it_checks_values_against_the_fields_of_the_type(
    administrator, job_fairs, values, field, message
):
    with pytest.raises(ValidationFailed) as refused:
        item_create(
            model=InfoItem, by=administrator,
            changes={"info_type": job_fairs, "title_ru": "Ярмарка"}, values=values,
        )

    assert (refused.value.field, str(refused.value.message)) == (field, message)
    assert not InfoItem.objects.exists()


def test_the_type_of_an_item_cannot_change(administrator, job_fairs):
    from content.models import InfoType

    other = InfoType.objects.create(
        slug="legal-acts", name_kk="Құқықтық актілер", name_ru="Правовые акты",
        name_en="Legal acts",
    )
    item = item_create(
        model=InfoItem, by=administrator,
        changes={"info_type": job_fairs, "title_ru": "Ярмарка"},
    )

    with pytest.raises(Conflict):
        item_update(item=item, by=administrator, changes={"info_type": other})


def test_a_revision_names_the_item_it_belongs_to(administrator):
    item = make_news(administrator, publish=False)

    revision = ContentRevision.objects.get()

    assert revision.item == item


def test_the_scheduler_looks_for_due_items_every_minute():
    task = publish_scheduled_content.task_class()

    assert all(
        task.validate_datetime(dt.datetime(2030, 1, 1, hour, minute))
        for hour in (0, 10, 23) for minute in range(60)
    )
