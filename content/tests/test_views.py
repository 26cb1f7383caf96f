import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from content.models import FaqEntry, InfoItem, Instruction, NewsItem
from content.services import item_create, item_publish
from content.tests.conftest import MP4_HEAD, VTT_KK, VTT_RU, make_news, upload

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _text(response) -> str:
    return response.content.decode()


# --- Navigation -------------------------------------------------------------------


def test_every_section_is_reachable_from_the_main_menu(client, job_fairs):
    page = _text(client.get("/en/info/"))

    for href in ("/en/info/news/", "/en/info/instructions/", "/en/info/faq/",
                 "/en/info/"):
        assert f'<li><a href="{href}">' in page
    assert '<a href="/en/info/types/job-fairs/">Job fairs</a>' in page


# --- What's new and languages -----------------------------------------------------


def test_the_news_list_shows_items_of_the_asked_language_and_names_the_others(
    client, administrator
):
    make_news(administrator, languages=("kk", "en"))
    russian_only = make_news(administrator, languages=("ru",))

    page = _text(client.get("/en/info/news/"))

    assert "en title" in page
    assert "kk title" not in page
    assert (
        f'<a href="/ru/info/news/{russian_only.pk}/" lang="ru" hreflang="ru">'
        "ru title</a>"
    ) in page
    assert '<span class="badge">Русский</span>' in page


def test_an_item_without_text_in_the_asked_language_says_so_and_links_the_others(
    client, administrator
):
    item = make_news(administrator, languages=("kk", "ru"))

    response = client.get(f"/en/info/news/{item.pk}/")

    assert response.status_code == 404
    page = _text(response)
    assert "This page has no text in English yet." in page
    assert "kk title" not in page and "ru title" not in page
    assert (
        f'<a href="/kk/info/news/{item.pk}/" lang="kk" hreflang="kk">Қазақ</a>'
    ) in page
    assert (
        f'<a href="/ru/info/news/{item.pk}/" lang="ru" hreflang="ru">Русский</a>'
    ) in page


def test_an_item_is_shown_in_the_asked_language_only(client, administrator):
    item = make_news(administrator, body_ru="<p>Тело новости</p>")

    page = _text(client.get(f"/ru/info/news/{item.pk}/"))

    assert '<h1 id="item-title">ru title</h1>' in page
    assert "<p>Тело новости</p>" in page
    assert "kk summary" not in page and "en summary" not in page


def test_a_draft_is_not_shown(client, administrator):
    draft = make_news(administrator, publish=False)

    assert client.get(f"/en/info/news/{draft.pk}/").status_code == 404
    assert "en title" not in _text(client.get("/en/info/news/"))


def test_a_script_in_a_stored_body_never_reaches_the_page(client, administrator):
    item = make_news(administrator)
    # Written past the services, as a restored backup or fixture would be.
    NewsItem.objects.filter(pk=item.pk).update(
        body_en='<p>Safe</p><script>alert("x")</script>'
        '<img src="a.png" onerror="alert(1)" alt="">',
    )

    page = _text(client.get(f"/en/info/news/{item.pk}/"))

    assert "<p>Safe</p>" in page
    assert 'alert("x")' not in page
    assert "onerror" not in page


# --- The notice -------------------------------------------------------------------


def test_a_signed_in_user_sees_the_notice_until_dismissing_it(
    client, administrator, job_seeker
):
    notice = make_news(administrator, is_notice=True)
    client.force_login(job_seeker)

    page = _text(client.get("/en/info/faq/"))
    assert 'id="content-notice-title"' in page
    assert f'action="/en/info/news/{notice.pk}/dismiss/"' in page

    response = client.post(
        f"/en/info/news/{notice.pk}/dismiss/", {"next": "/en/info/faq/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/info/faq/"
    assert 'id="content-notice-title"' not in _text(client.get("/en/info/faq/"))


def test_the_dismiss_form_refuses_to_send_the_reader_elsewhere(
    client, administrator, job_seeker
):
    notice = make_news(administrator, is_notice=True)
    client.force_login(job_seeker)

    response = client.post(
        f"/en/info/news/{notice.pk}/dismiss/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == f"/en/info/news/{notice.pk}/"


def test_a_guest_sees_no_notice_and_cannot_dismiss_one(client, administrator):
    notice = make_news(administrator, is_notice=True)

    assert 'id="content-notice-title"' not in _text(client.get("/en/info/"))
    # As when the session ended in another tab: nothing done, and the way
    # to sign in leads back to the page of the button, not to its target.
    response = client.post(f"/en/info/news/{notice.pk}/dismiss/",
                           headers={"referer": "http://testserver/en/info/"})
    assert response.status_code == 403
    assert 'href="/en/accounts/login/?next=%2Fen%2Finfo%2F"' in _text(response)


def test_dismissing_needs_a_post(client, administrator, job_seeker):
    notice = make_news(administrator, is_notice=True)
    client.force_login(job_seeker)

    assert client.get(f"/en/info/news/{notice.pk}/dismiss/").status_code == 405


# --- Feeds ------------------------------------------------------------------------


def test_the_rss_feed_of_each_language_lists_that_language_only(client, administrator):
    make_news(administrator, languages=("kk", "ru"))
    english = make_news(administrator, languages=("en",))

    kazakh = ET.fromstring(client.get("/kk/info/news/feed/").content)
    channel = kazakh.find("channel")
    assert channel.findtext("language") == "kk"
    assert [item.findtext("title") for item in channel.iter("item")] == ["kk title"]

    english_feed = ET.fromstring(client.get("/en/info/news/feed/").content)
    items = list(english_feed.find("channel").iter("item"))
    assert [item.findtext("title") for item in items] == ["en title"]
    assert items[0].findtext("link").endswith(f"/en/info/news/{english.pk}/")
    assert items[0].findtext("description") == "en summary"


def test_the_atom_feed_names_its_language(client, administrator):
    make_news(administrator, languages=("ru",))

    feed = ET.fromstring(client.get("/ru/info/news/atom/").content)

    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")] == [
        "ru title"
    ]


# --- Instructions and their video -------------------------------------------------


@pytest.fixture
def video_guide(administrator):
    instruction = item_create(model=Instruction, by=administrator, changes={
        "audience": "job_seeker", "title_kk": "Түйіндеме жасау",
        "title_ru": "Как создать резюме", "body_kk": "<p>Мәтін</p>",
        "video": upload("guide.mp4", MP4_HEAD),
        "captions_kk": upload("kk.vtt", VTT_KK),
        "captions_ru": upload("ru.vtt", VTT_RU),
        "transcript_kk": "Сәлем, бұл нұсқаулық.",
        "transcript_ru": "Здравствуйте, это инструкция.",
    })
    return item_publish(item=instruction, by=administrator)


def test_the_instruction_page_plays_the_video_with_captions(client, video_guide):
    page = _text(client.get(f"/kk/info/instructions/job_seeker/{video_guide.pk}/"))

    base = f"/kk/info/media/instruction/{video_guide.pk}"
    assert f'<source src="{base}/video/" type="video/mp4">' in page
    assert (
        f'<track kind="captions" srclang="kk" label="Қазақ" '
        f'src="{base}/captions_kk/" default>'
    ) in page
    assert f'srclang="ru" label="Русский" src="{base}/captions_ru/">' in page
    assert "Сәлем, бұл нұсқаулық." in page


def test_the_instructions_are_grouped_by_audience(client, video_guide, administrator):
    employer_guide = item_create(model=Instruction, by=administrator, changes={
        "audience": "employer", "title_kk": "Вакансия орналастыру",
        "body_kk": "<p>Мәтін</p>",
    })
    item_publish(item=employer_guide, by=administrator)

    everyone = _text(client.get("/kk/info/instructions/"))
    employers = _text(client.get("/kk/info/instructions/employer/"))

    assert "Түйіндеме жасау" in everyone and "Вакансия орналастыру" in everyone
    assert "Вакансия орналастыру" in employers
    assert "Түйіндеме жасау" not in employers
    assert client.get("/kk/info/instructions/pirates/").status_code == 404


def test_the_video_is_served_in_ranges(client, video_guide):
    url = f"/kk/info/media/instruction/{video_guide.pk}/video/"

    whole = client.get(url)
    part = client.get(url, HTTP_RANGE="bytes=4-11")
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(MP4_HEAD)}-")

    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4"
    assert b"".join(whole.streaming_content) == MP4_HEAD
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 4-11/{len(MP4_HEAD)}"
    assert b"".join(part.streaming_content) == b"ftypisom"
    assert beyond.status_code == 416


def test_captions_are_served_as_webvtt(client, video_guide):
    response = client.get(f"/kk/info/media/instruction/{video_guide.pk}/captions_kk/")

    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(response.streaming_content) == VTT_KK


def test_files_of_unpublished_items_reach_staff_only(client, administrator):
    draft = item_create(model=Instruction, by=administrator, changes={
        "audience": "operator", "title_en": "Draft", "video": upload("d.mp4", MP4_HEAD),
    })
    url = f"/en/info/media/instruction/{draft.pk}/video/"

    assert client.get(url).status_code == 404
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_only_known_files_are_served(client, video_guide):
    assert client.get(
        f"/kk/info/media/instruction/{video_guide.pk}/transcript_kk/"
    ).status_code == 404
    assert client.get(f"/kk/info/media/user/{video_guide.pk}/video/").status_code == 404


# --- FAQ --------------------------------------------------------------------------


@pytest.fixture
def password_entry(administrator, topic):
    entry = item_create(model=FaqEntry, by=administrator, changes={
        "topic": topic, "question_ru": "Как сменить пароль?",
        "answer_ru": "<p>Откройте кабинет.</p>",
        "question_kk": "Құпиясөзді қалай өзгертемін?",
        "answer_kk": "<p>Кабинетті ашыңыз.</p>",
    })
    return item_publish(item=entry, by=administrator)


def test_the_faq_page_finds_answers_by_folded_words(client, password_entry, topic):
    page = _text(client.get("/ru/info/faq/", {"q": "ПАРОЛЯ"}))

    assert "Найден 1 ответ." in page
    assert f'id="faq-{password_entry.pk}"' in page
    assert "<h2 id=\"topic-%s\">Регистрация</h2>" % topic.pk in page
    assert "Откройте кабинет." in page


def test_the_faq_page_says_when_nothing_matches(client, password_entry):
    page = _text(client.get("/ru/info/faq/", {"q": "вертолёт"}))

    assert f'id="faq-{password_entry.pk}"' not in page
    assert "По запросу ответов не найдено. Попробуйте другие слова." in page


def test_an_overlong_faq_query_is_refused_with_a_message(client, password_entry):
    response = client.get("/ru/info/faq/", {"q": "пароль " * 100})

    assert response.status_code == 400
    assert 'role="alert"' in _text(response)


def test_a_reader_answers_whether_an_answer_helped(client, password_entry):
    response = client.post(
        f"/ru/info/faq/{password_entry.pk}/vote/", {"helpful": "no", "q": "пароль"}
    )
    again = client.post(f"/ru/info/faq/{password_entry.pk}/vote/", {"helpful": "no"})

    assert response.status_code == 302
    assert response["Location"] == (
        f"/ru/info/faq/?q=%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C#faq-{password_entry.pk}"
    )
    assert again.status_code == 302
    stored = FaqEntry.objects.get(pk=password_entry.pk)
    assert (stored.helpful_yes, stored.helpful_no) == (0, 1)


def test_a_vote_without_a_choice_counts_nothing(client, password_entry):
    client.post(f"/ru/info/faq/{password_entry.pk}/vote/", {"helpful": "maybe"})

    stored = FaqEntry.objects.get(pk=password_entry.pk)
    assert (stored.helpful_yes, stored.helpful_no) == (0, 0)


# --- Additional information types -------------------------------------------------


@pytest.fixture
def fair(administrator, job_fairs):
    item = item_create(
        model=InfoItem, by=administrator,
        changes={"info_type": job_fairs, "title_ru": "Ярмарка вакансий в Астане"},
        values={
            "held_on": dt.date(2030, 4, 15), "venue": {"ru": "ЭКСПО"},
            "programme": upload("programme.pdf", b"%PDF-1.7\n%test\n"),
        },
    )
    return item_publish(item=item, by=administrator)


def test_a_page_lists_the_items_of_a_new_type(client, fair):
    page = _text(client.get("/ru/info/types/job-fairs/"))

    assert "<h1>Ярмарки вакансий</h1>" in page
    assert f'href="/ru/info/types/job-fairs/{fair.pk}/"' in page
    assert "<dt>Место проведения</dt>" in page
    assert '<time datetime="2030-04-15">' in page


def test_an_item_of_a_new_type_has_its_own_page_and_file(client, fair):
    page = _text(client.get(f"/ru/info/types/job-fairs/{fair.pk}/"))
    value = fair.values.get(field__key="programme")
    download = client.get(f"/ru/info/media/value/{value.pk}/file/")

    assert '<h1 id="item-title">Ярмарка вакансий в Астане</h1>' in page
    assert f'href="/ru/info/media/value/{value.pk}/file/" download' in page
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == b"%PDF-1.7\n%test\n"


def test_an_unknown_type_is_not_found(client):
    assert client.get("/ru/info/types/nothing/").status_code == 404
