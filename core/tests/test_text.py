import pytest

from core.text import (
    MAX_TOKEN_LENGTH,
    fold,
    kazakh_stem,
    query_terms,
    search_tokens,
    strip_html,
)


def stems(text: str) -> list[str]:
    return search_tokens(text)


def test_it_folds_cyrillic_and_kazakh_capitals_to_lower_case():
    assert fold("ҚАЗАҚ ТІЛІ МҰҒАЛІМІ ӘҒҚҢӨҰҮҺІ") == "қазақ тілі мұғалімі әғқңөұүһі"


def test_it_reads_yo_as_ye():
    assert fold("Пётр ЁЛКА") == "петр елка"


def test_it_reads_a_latin_i_inside_a_cyrillic_word_as_kazakh_i():
    assert fold("тiлiн бIлу") == "тілін білу"


def test_it_reads_a_kazakh_i_inside_a_latin_word_as_latin_i():
    assert fold("Lіnux") == "linux"


def test_it_reads_other_look_alikes_by_the_script_of_the_word():
    # "Pyth" Latin with a Cyrillic о; "HАЛОГ" all caps with a Latin H.
    assert fold("Pythоn HАЛОГ") == "python налог"


def test_it_leaves_a_word_with_letters_of_both_scripts_alone():
    assert fold("erpжүйе") == "erpжүйе"


def test_it_replaces_legacy_kazakh_letters():
    assert fold("Əкімшілік ɵнер ӊ") == "әкімшілік өнер ң"


def test_it_removes_soft_hyphens_and_stress_marks_inside_words():
    assert fold("програм\u00adмист про\u0301дажи") == "программист продажи"


def test_it_strips_tags_scripts_and_entities_from_html():
    html = "<p>Опыт&nbsp;работы</p><script>alert('x')</script><b>1С</b>"
    assert strip_html(html).split() == ["Опыт", "работы", "1С"]


def test_it_keeps_the_words_around_a_lone_angle_bracket_of_plain_text():
    assert stems("Зарплата <300 000 и C++ <-> Java<!-- скрыто -->") == [
        "зарплат", "300", "000", "и", "cplusplus", "java",
    ]


def test_it_does_not_glue_words_of_adjacent_html_blocks():
    assert stems("<li>Python</li><li>Django</li>") == ["python", "django"]


@pytest.mark.parametrize(
    "forms",
    [
        ["программист", "программисты", "программистов", "ПРОГРАММИСТАМИ"],
        ["менеджер", "менеджеры", "менеджеров", "Менеджеру"],
        ["опыт", "опыта", "опытом", "опыте"],
        ["система", "системы", "систем", "системами"],
        ["бухгалтер", "бухгалтера", "бухгалтеров"],
    ],
)
def test_it_gives_russian_word_forms_one_stem(forms):
    assert len({stem for form in forms for stem in stems(form)}) == 1


@pytest.mark.parametrize(
    "forms",
    [
        ["бағдарламашы", "бағдарламашылар", "бағдарламашысы", "бағдарламашылары"],
        ["тіл", "тілі", "тіліне", "тілінде", "тілінен", "тілінің"],
        ["мұғалім", "мұғалімі", "мұғалімдер", "мұғалімге", "мұғалімнің"],
        ["жұмыс", "жұмысқа", "жұмыстар", "жұмыстың", "жұмыста"],
        ["жалақы", "жалақысы", "жалақыға", "жалақылары"],
        ["қызметкер", "қызметкерлер", "қызметкерлерге", "ҚЫЗМЕТКЕРДІҢ"],
        ["тәжірибе", "тәжірибесі", "тәжірибеңіз", "тәжірибеден"],
        ["кісі", "кісісі", "кісілері"],
        ["үй", "үйге", "үйлер", "үйде"],
    ],
)
def test_it_gives_kazakh_word_forms_one_stem(forms):
    assert len({stem for form in forms for stem in stems(form)}) == 1


def test_it_keeps_the_agent_suffix_of_kazakh_job_titles():
    assert stems("Бағдарламашылар жұмысшы жүргізушілер") == [
        "бағдарламашы", "жұмысшы", "жүргізуші",
    ]


def test_it_keeps_kazakh_stems_that_end_like_an_accusative():
    # -ын/-ін closes countless stems, so the bare accusative -н stays.
    assert stems("ағылшын кейін бүгін тілін") == ["ағылшын", "кейін", "бүгін", "тілін"]


def test_it_strips_a_kazakh_ending_only_where_its_variant_fits():
    # -қа follows a voiceless consonant only: жаққа is жақ + қа, бақа a word.
    assert kazakh_stem("жаққа") == "жақ"
    assert kazakh_stem("бақа") == "бақа"


def test_it_respects_vowel_harmony():
    # A back-vowel ending after a front-vowel stem is not an ending.
    assert kazakh_stem("кездар") == "кездар"
    assert kazakh_stem("кездер") == "кез"


def test_it_never_strips_a_kazakh_word_below_two_letters():
    assert kazakh_stem("аға") == "аға"
    assert kazakh_stem("іс") == "іс"


def test_it_stems_latin_words_with_the_english_rules():
    assert stems("Developers developing PYTHON") == ["develop", "develop", "python"]


def test_it_keeps_numbers_and_drops_run_together_garbage():
    garbage = "x" * (MAX_TOKEN_LENGTH + 1)
    assert stems(f"1С 2024 {garbage} Excel") == ["1с", "2024", "excel"]


def test_it_splits_words_at_punctuation_and_underscores():
    assert stems("Пётр-ERP, C++/snake_case") == [
        "петр", "erp", "cplusplus", "snake", "case",
    ]


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("менеджерлер", [("менеджерлер", "менеджер")]),
        ("Менеджерлерге", [("менеджерлерг", "менеджер")]),
        ("бухгалтерден", [("бухгалтерд", "бухгалтер")]),
        ("компанияларда", [("компаниялард", "компан")]),
        ("операторлар керек", [("операторлар", "оператор"), ("керек",)]),
    ],
)
def test_a_query_word_with_a_kazakh_ending_also_asks_for_the_bare_word(query, terms):
    # No Kazakh-only letter: the word's own stem is the Russian one, which
    # keeps the ending; the other is that of the bare word as documents hold it.
    assert query_terms(query) == terms
    assert [term[0] for term in terms] == search_tokens(query)


def test_common_russian_query_words_ask_for_their_own_stem_alone():
    # Two-letter Kazakh endings and a final ы end Russian words too.
    words = ("года команды продукта проекте города вопросы готовы связаны "
             "менеджеры бухгалтеров Казахстан дилер тестер опыт работы "
             "команда специалиста вместе расхода подхода тексте Минске "
             "маркетинге выезде одежде завода бренде работе")

    assert query_terms(words) == [(stem,) for stem in search_tokens(words)]


@pytest.mark.parametrize(
    ("query", "bare"),
    [
        ("Алматыда", "Алматы"),
        ("компанияда", "компания"),
        ("Астанада", "Астана"),
        ("фирмада", "фирма"),
        ("мекемеде", "мекеме"),
        ("менеджерде", "менеджер"),
        ("директорда", "директор"),
        ("бухгалтерге", "бухгалтер"),
        ("мекемеге", "мекеме"),
        ("Шымкентте", "Шымкент"),
        ("проектте", "проект"),
    ],
)
def test_a_two_letter_kazakh_ending_on_a_loanword_also_asks_for_the_bare_word(
    query, bare
):
    [(own, alternative)] = query_terms(query)

    assert own == search_tokens(query)[0]
    assert alternative == search_tokens(bare)[0]


@pytest.mark.parametrize(
    "query",
    # ата, жеке: too short once the ending is off; офисте, ауданда: the
    # letters before the ending are those of Russian forms (вместе, команда).
    ["ата", "атада", "жеке", "әке", "әкеге", "офисте", "ауданда"],
)
def test_short_words_and_unclear_endings_ask_for_their_own_stem_alone(query):
    assert query_terms(query) == [(stem,) for stem in search_tokens(query)]


def test_kazakh_words_and_latin_words_ask_for_their_own_stem_alone():
    words = "мұғалімдер жүргізушілерге бағдарламашылар developers тілін"

    assert query_terms(words) == [(stem,) for stem in search_tokens(words)]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("C#", ["csharp"]),
        ("c# и С#", ["csharp", "и", "csharp"]),
        ("C++ разработчик", ["cplusplus", "разработчик"]),
        (".NET/C#, F#", ["net", "csharp", "fsharp"]),
        ("&lt;C++&gt;", ["cplusplus"]),
        ("C++17", ["cplusplus", "17"]),
        ("c++11/14/17", ["cplusplus", "11", "14", "17"]),
        ("С++20 и C#10", ["cplusplus", "20", "и", "csharp", "10"]),
        ("F#6, C++0x", ["fsharp", "6", "cplusplus", "0x"]),
        ("<li>C#7.3</li>", ["csharp", "7", "3"]),
        ("Водитель категории C", ["водител", "категор", "c"]),
        ("категории C1", ["категор", "c1"]),
        ("Objective-C", ["object", "c"]),
    ],
)
def test_a_language_named_by_a_letter_and_signs_is_one_word(text, tokens):
    assert search_tokens(text) == tokens


def test_1c_is_the_same_word_in_either_script():
    assert search_tokens("1C") == search_tokens("1С") == ["1с"]
    assert search_tokens("знание 1c:Бухгалтерия")[1] == "1с"


def test_a_version_after_the_signs_is_the_same_as_one_typed_apart():
    assert search_tokens("C++17") == search_tokens("C++ 17")
    assert query_terms("C#10") == [("csharp",), ("10",)]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        (".NET", ["net"]),
        ("ASP.NET Core", ["asp", "net", "core"]),
        ("C#/.NET", ["csharp", "net"]),
        ("Node.js", ["node", "js"]),
    ],
)
def test_dotted_technology_names_keep_their_words(text, tokens):
    assert search_tokens(text) == tokens
