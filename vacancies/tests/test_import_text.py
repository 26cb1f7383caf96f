import pytest

from vacancies.importing.text import (
    clean_html,
    detect_language,
    html_sample,
    plain_text,
)


def test_it_keeps_basic_formatting_and_drops_scripts_links_styles_and_nbsp():
    dirty = (
        '<p style="color:red">Опыт&nbsp;работы <strong>от 3 лет</strong></p>'
        '<ul><li onclick="steal()">Python</li></ul><script>alert(1)</script>'
        '<a href="javascript:alert(2)">ссылка</a><img src="x.png"><h2>Итог</h2>'
    )

    assert clean_html(dirty) == (
        "<p>Опыт работы <strong>от 3 лет</strong></p><ul><li>Python</li></ul>ссылкаИтог"
    )


def test_it_turns_snippets_into_plain_text_without_highlight_tags():
    snippet = "Знание <highlighttext>Python</highlighttext> &amp; SQL&nbsp;обязательно"

    assert plain_text(snippet) == "Знание Python & SQL обязательно"


def test_a_sample_of_sanitised_html_is_its_text():
    assert html_sample("<p>Бухгалтер &quot;ТОО&quot;</p><ul><li>1С</li></ul>") == (
        ' Бухгалтер "ТОО"   1С  '
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Бағдарламашылар қажет. Жұмыс тәжірибесі бір жылдан кем емес.", "kk"),
        ("Fullstack Бағдарламашы (программист оқытушы)", "kk"),
        # Kazakh typed with a Latin "i" in place of "і".
        ("Ағылшын тiлiн бiлу міндетті", "kk"),
        ("Менеджер по продажам в ТОО Қазақстан Темір Жолы", "ru"),
        ("Программист Python, опыт от 3 лет", "ru"),
        ("Senior Python Developer, remote", "en"),
        ("", "ru"),
    ],
)
def test_it_tells_the_language_of_a_vacancy_text(text, language):
    assert detect_language(text) == language
