"""Text folding and stemming shared by every search of the portal.

- fold(text): case- and letter-folded text, the same for any way of typing a
  word (upper or lower case, ё or е, Latin look-alikes inside Cyrillic words);
- search_tokens(text): folded, stemmed words in order, HTML tags removed;
- query_terms(text): the same words of a search query, each with the other
  stem it may stand for (a Kazakh ending on a word without Kazakh letters).

Both databases index the words that search_tokens returns and are asked for
those of query_terms, so the rules here decide what matches; docs/search.md
explains them and their limits.
"""

import html
import re
import sys
import unicodedata
from functools import lru_cache
from itertools import chain

import snowballstemmer

# Words longer than this are noise (hashes, base64, run-together text); the
# PostgreSQL index also refuses very long lexemes, so both databases drop them.
MAX_TOKEN_LENGTH = 60

_SCRIPT_OR_STYLE = re.compile(
    r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
# A tag starts with a letter, "/" or "!"; a lone "<" of plain text stays text.
_TAG = re.compile(r"<!--.*?-->|<[/!]?[a-zA-Z][^<>]*>", re.DOTALL)
_WORD = re.compile(r"[^\W_]+")
# Format characters (soft hyphen, zero-width joiners) split a word invisibly.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me"})

# Letters that legacy Kazakh fonts and keyboards put in place of the real ones.
_KAZAKH_VARIANTS = str.maketrans(
    {
        "\u0259": "ә",  # Latin small schwa
        "\u018f": "Ә",  # Latin capital schwa
        "\u0275": "ө",  # Latin barred o
        "\u019f": "Ө",
        "\u04ca": "ң",  # en with tail
        "\u04c9": "Ң",
        "\u04a5": "ң",  # en-ghe ligature
        "\u04a4": "Ң",
    }
)

# Latin and Cyrillic letters that look alike; a word typed with both scripts
# is rewritten in the script of its other letters. Case matters: a Latin "H"
# stands for Cyrillic "Н", a lower-case "h" for Kazakh "һ".
_LATIN_TO_CYRILLIC = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К",
    "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У",
    "a": "а", "c": "с", "e": "е", "h": "һ", "i": "і", "k": "к", "o": "о",
    "p": "р", "x": "х", "y": "у",
}
_CYRILLIC_TO_LATIN = {cyr: lat for lat, cyr in _LATIN_TO_CYRILLIC.items()}
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")

# Bare nouns whose last letters look like a verb or participle ending to the
# Snowball algorithm, so that "опыт" became "оп" while "опыта" became "опыт".
# Found by stemming the bare and inflected forms of the words of the real
# vacancy corpus; each keeps itself as its stem, as its inflected forms do.
_RUSSIAN_KEEP = frozenset(
    {
        "опыт", "систем", "подсистем", "проблем", "основ", "коллектив", "режим",
        "прием", "аудит", "кредит", "функционал", "персонал", "портал", "филиал",
        "материал", "канал", "терминал", "журнал", "потенциал", "профессионал",
        "спортзал", "ресторан", "архив", "диплом", "обмен", "объем", "отдых", "состав",
        "инициатив", "перспектив", "перерыв", "массив", "дистрибутив", "орган", "домен",
        "лимит", "утилит", "монолит", "общепит", "защит", "креатив", "телеком",
        "казахстан", "правил",
    }
)


# The same tests as _is_cyrillic and _is_latin, for a whole word at once.
_CYRILLIC_LETTER = re.compile("[\u0400-\u052f]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def _is_latin(char: str) -> bool:
    return (char.isascii() and char.isalpha()) or "\u00c0" <= char <= "\u024f"


def _unify_script(word: str) -> str:
    """Rewrite look-alike letters of a two-script word into its main script."""
    if _CYRILLIC_LETTER.search(word) is None or _LATIN_LETTER.search(word) is None:
        return word
    cyrillic = [c for c in word if _is_cyrillic(c)]
    latin = [c for c in word if _is_latin(c)]
    if not cyrillic or not latin:
        return word
    own_cyrillic = any(c not in _CYRILLIC_TO_LATIN for c in cyrillic)
    own_latin = any(c not in _LATIN_TO_CYRILLIC for c in latin)
    if own_cyrillic and own_latin:
        return word
    if own_latin or (not own_cyrillic and len(latin) > len(cyrillic)):
        return word.translate(_TO_LATIN)
    return word.translate(_TO_CYRILLIC)


@lru_cache(maxsize=1)
def _clean_table() -> dict[int, str | None]:
    """Return one translate table: invisible characters out, legacy letters fixed.

    Built on first use (a tenth of a second) rather than at import time.
    """
    table: dict[int, str | None] = {
        code: None
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in _INVISIBLE_CATEGORIES
    }
    table.update(_KAZAKH_VARIANTS)
    return table


@lru_cache(maxsize=1)
def _to_clean() -> re.Pattern[str]:
    """Return a pattern finding any character that _clean_table may change.

    Only the table's characters of the Basic Multilingual Plane are listed,
    which the regular expression engine tests in one step; any character
    beyond it (an emoji, say) sends the text through the table.
    """
    codes = sorted(code for code in _clean_table() if code <= 0xFFFF)
    ranges = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            ranges.append(re.escape(chr(start)) + "-" + re.escape(chr(previous)))
            start = code
        previous = code
    return re.compile("[" + "".join(ranges) + "]|[\U00010000-\U0010FFFF]")


# Programming languages named by a letter and signs, which the word pattern
# would cut down to the letter: "C#" and "C++" became "c", like a driving
# licence "категории C". They become one word each (csharp, cplusplus,
# fsharp), a Cyrillic С typed for the Latin one included. A version written
# right after the signs ("C++17", "C#10", "C++0x") becomes a word of its own,
# as if typed "C++ 17": the name then finds its versioned mentions too.
_SIGNED_NAME = re.compile(
    r"(?<![^\W_])([CcFfСс])(\+\+|#)(\d[^\W_]*)?(?![^\W_+#])"
)
_SIGN_WORDS = {"++": "plusplus", "#": "sharp"}
_SIGN_LETTERS = {"С": "c", "с": "c"}
# Words typed in either script for one thing: 1С, the accounting software
# (1,329 times with a Cyrillic С in the vacancy corpus, 116 with a Latin C).
_SAME_WORDS = {"1c": "1с"}


def _signed_name(match: re.Match[str]) -> str:
    letter = _SIGN_LETTERS.get(match.group(1), match.group(1)).lower()
    version = match.group(3)
    name = f"{letter}{_SIGN_WORDS[match.group(2)]}"
    return name if version is None else f"{name} {version}"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if "#" in text or "++" in text:
        text = _SIGNED_NAME.sub(_signed_name, text)
    # Searching first is much faster than translating text with nothing to change.
    if _to_clean().search(text) is None:
        return text
    return text.translate(_clean_table())


# Texts repeat their words: folding and stemming each distinct word once
# makes the import of a large file several times faster.
@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    folded = _unify_script(word).casefold().replace("ё", "е")
    return _SAME_WORDS.get(folded, folded)


def fold(text: str) -> str:
    """Return TEXT in one canonical spelling: lower case, ё as е, one script a word."""
    # Outside words, no character that NFKC leaves changes under casefold.
    return _WORD.sub(lambda match: _fold_word(match.group()), _clean(text))


def strip_html(text: str) -> str:
    """Return the visible text of an HTML fragment, tags replaced by spaces."""
    if "<" in text:
        text = _TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text))
    return html.unescape(text)


# --- Kazakh -----------------------------------------------------------------
# No Snowball stemmer exists for Kazakh. A Kazakh noun is a stem followed by
# at most one plural, one possessive and one case ending, in that order, and
# each ending has variants chosen by the last sound of what precedes it
# (vowel, sonorant, voiced or voiceless consonant) and by vowel harmony (back
# а о ұ ы, front ә е ө ү і). The stripper removes the case ending, then the
# possessive, then the plural, each only where its variant fits the letter
# before it and the stem's harmony, and never leaves fewer than
# KAZAKH_MIN_STEM letters.

KAZAKH_LETTERS = frozenset("әғқңөұүһі")
KAZAKH_MIN_STEM = 2

_VOWELS = "аәеоөұүыіэяюё"
_BACK = frozenset("аоұыя")
_FRONT = frozenset("әеөүіэ")
_SONORANT = "лрйуи"  # у and и close a syllable like a consonant does
_VOICED = "зж"
_NASAL = "мнң"
_VOICELESS = "кқпстфхцчшщбвгд"  # final б в г д of loanwords sound voiceless
_POSSESSIVE = "ыі"  # the 3rd-person possessive before н-initial endings
_CONSONANT = _SONORANT + _VOICED + _NASAL + _VOICELESS


def _endings(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return (ending, letters it may follow), longest ending first."""
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_CASE_ENDINGS = _endings(
    [
        # genitive
        ("ның", _VOWELS + _NASAL), ("нің", _VOWELS + _NASAL),
        ("дың", _SONORANT + _VOICED), ("дің", _SONORANT + _VOICED),
        ("тың", _VOICELESS), ("тің", _VOICELESS),
        # accusative; the bare -н after a possessive is left alone because
        # countless stems end in -ын/-ін (ағылшын, кейін, бүгін, орын)
        ("ны", _VOWELS), ("ні", _VOWELS),
        ("ды", _SONORANT + _VOICED + _NASAL), ("ді", _SONORANT + _VOICED + _NASAL),
        ("ты", _VOICELESS), ("ті", _VOICELESS),
        # dative; the bare -а/-е after a possessive is left alone likewise
        ("ға", _VOWELS + _SONORANT + _VOICED + _NASAL),
        ("ге", _VOWELS + _SONORANT + _VOICED + _NASAL),
        ("қа", _VOICELESS), ("ке", _VOICELESS),
        ("на", _POSSESSIVE), ("не", _POSSESSIVE),
        # locative, and the attributive locative (Алматыдағы)
        ("да", _VOWELS + _SONORANT + _VOICED + _NASAL),
        ("де", _VOWELS + _SONORANT + _VOICED + _NASAL),
        ("та", _VOICELESS), ("те", _VOICELESS),
        ("нда", _POSSESSIVE), ("нде", _POSSESSIVE),
        ("дағы", _VOWELS + _SONORANT + _VOICED + _NASAL),
        ("дегі", _VOWELS + _SONORANT + _VOICED + _NASAL),
        ("тағы", _VOICELESS), ("тегі", _VOICELESS),
        ("ндағы", _POSSESSIVE), ("ндегі", _POSSESSIVE),
        # ablative
        ("дан", _VOWELS + _SONORANT + _VOICED), ("ден", _VOWELS + _SONORANT + _VOICED),
        ("нан", _NASAL + _POSSESSIVE), ("нен", _NASAL + _POSSESSIVE),
        ("тан", _VOICELESS), ("тен", _VOICELESS),
        # instrumental
        ("мен", _VOWELS + _SONORANT + _NASAL), ("менен", _VOWELS + _SONORANT + _NASAL),
        ("бен", _VOICED), ("бенен", _VOICED),
        ("пен", _VOICELESS), ("пенен", _VOICELESS),
    ]
)

# The 1st and 2nd person singular (-ым, -ың) are not stripped: job texts
# rarely use them, and stems ending in -ым/-ім/-ың (мұғалім, білім) abound.
_POSSESSIVE_ENDINGS = _endings(
    [
        ("сы", _VOWELS), ("сі", _VOWELS),
        ("ыңыз", _CONSONANT), ("іңіз", _CONSONANT),
        ("ңыз", _VOWELS), ("ңіз", _VOWELS),
        ("ымыз", _CONSONANT), ("іміз", _CONSONANT),
        ("мыз", _VOWELS), ("міз", _VOWELS),
    ]
)

_PLURAL_ENDINGS = _endings(
    [
        ("лар", _VOWELS + "рйуи"), ("лер", _VOWELS + "рйуи"),
        ("дар", "л" + _NASAL + _VOICED), ("дер", "л" + _NASAL + _VOICED),
        ("тар", _VOICELESS), ("тер", _VOICELESS),
    ]
)


def _harmony_allows(stem: str, ending: str) -> bool:
    """Tell whether ENDING's vowels agree with the last vowel of STEM."""
    last = next((c for c in reversed(stem) if c in _BACK or c in _FRONT), None)
    if last is None:
        return True
    if any(c in _BACK for c in ending):
        return last in _BACK
    if any(c in _FRONT for c in ending):
        return last in _FRONT
    return True


def _strip_one(
    word: str, endings: list[tuple[str, str]], min_stem: int = KAZAKH_MIN_STEM
) -> str:
    for ending, may_follow in endings:
        stem = word[: -len(ending)]
        if (
            word.endswith(ending)
            and len(stem) >= min_stem
            and stem[-1] in may_follow
            and any(c in _VOWELS + "иу" for c in stem)
            and _harmony_allows(stem, ending)
        ):
            return stem
    return word


def _drop_final_vowel(word: str) -> str:
    """Drop a closing ы/і after a consonant: the possessive, or a stem vowel.

    Treating both alike gives жалақы, жалақысы and жалақыға the one stem
    жалақ. The agent suffix -шы/-ші (бағдарламашы, сатушы) keeps its vowel.
    """
    if (
        len(word) > KAZAKH_MIN_STEM
        and word[-1] in "ыі"
        and word[-2] in _CONSONANT
        and word[-2] != "ш"
    ):
        return word[:-1]
    return word


def kazakh_stem(word: str) -> str:
    """Strip the case, possessive and plural endings of one folded Kazakh word."""
    stem = _strip_one(word, _CASE_ENDINGS)
    # A two-letter stem before -сы/-сі is more often a word of its own (кісі).
    possessed = _strip_one(stem, _POSSESSIVE_ENDINGS, KAZAKH_MIN_STEM + 1)
    stem = possessed if possessed != stem else _drop_final_vowel(stem)
    stem = _strip_one(stem, _PLURAL_ENDINGS)
    return _drop_final_vowel(stem)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the stem of one folded word, by the rules of its language.

    A word with a letter of the Kazakh alphabet that Russian lacks goes to the
    Kazakh suffix stripper; another Cyrillic word to the Russian Snowball
    stemmer; a Latin word to the English one; numbers stay as they are.
    """
    if any(c in KAZAKH_LETTERS for c in word):
        return kazakh_stem(word)
    if any(_is_cyrillic(c) for c in word):
        if word in _RUSSIAN_KEEP:
            return word
        return _RUSSIAN.stemWord(word)
    if any(c.isalpha() for c in word):
        return _ENGLISH.stemWord(word)
    return word


def search_tokens(text: str) -> list[str]:
    """Return the folded, stemmed words of TEXT (plain text or HTML), in order."""
    words = _WORD.findall(_clean(strip_html(text)))
    return list(chain.from_iterable(map(_word_stems, words)))


# A word without a Kazakh-only letter goes to the Russian stemmer, so a
# loanword with a Kazakh ending (менеджерлер) kept the ending and matched no
# text. A query word also asks for the stem of what is left without it, when
# the ending has at least this many letters, or is one of the two-letter
# endings below in a place where Russian words rarely end so. The short
# endings (-да, -те, -ны, -ды, a final -ы) end countless Russian words (года,
# проекте, команды): allowing all of them, 489 words of the vacancy corpus,
# 1.2 % of its word occurrences, would gain an alternative, nearly all wrong.
KAZAKH_ALTERNATIVE_MIN_ENDING = 3
# Shorter alternatives are mostly Russian words cut wrongly (перемен: пер).
# It is also the shortest bare word a two-letter ending leaves (года: го).
KAZAKH_ALTERNATIVE_MIN_STEM = 4
# Locative and dative (-ға and -қа hold a Kazakh letter: kazakh_stem strips
# them from the word itself). The same letters read as Russian are a stem
# ending in д, т, г or к plus -а or -е, and in the corpus that д, т, г or к
# follows a consonant (команд-а, продукт-а, специалист-а, проект-е, Минск-е,
# выезд-е) or an о (расход-а, подход-а). So these endings count only after a
# vowel other than о, after л, р, й, м, or after their own т or к doubled,
# which no Russian stem ends in: компанияда, Астанада, менеджерде,
# бухгалтерге, Шымкентте, but not офисте or ауданда. 26 words of the corpus,
# 298 of its 1.3 million word occurrences, gain an alternative so.
_SHORT_KAZAKH_ENDINGS = frozenset({"да", "де", "та", "те", "ге", "ке"})
_BEFORE_SHORT_KAZAKH_ENDING = frozenset("аеиуыэюялрйм")


def query_terms(text: str) -> list[tuple[str, ...]]:
    """Return the terms of a search query: per word, the stems that match it.

    The first stem of each term is the word's own (as search_tokens gives
    it); a second one, where there is one, is kazakh_alternative's. The
    documents are indexed by search_tokens alone, so the alternative stands
    for the form without the ending as a document holds it.
    """
    words = _WORD.findall(_clean(strip_html(text)))
    return list(chain.from_iterable(map(_word_terms, words)))


@lru_cache(maxsize=20_000)
def _word_terms(word: str) -> tuple[tuple[str, ...], ...]:
    """Return the terms of one word of cleaned text, as _word_stems splits it."""
    folded = _WORD.findall(_fold_word(word))
    terms = []
    for part in folded:
        if len(part) > MAX_TOKEN_LENGTH:
            continue
        alternative = kazakh_alternative(part)
        own = stem(part)
        terms.append((own,) if alternative is None else (own, alternative))
    return tuple(terms)


def kazakh_alternative(word: str) -> str | None:
    """Return the stem of a folded WORD without its Kazakh ending, or None.

    Only for a Cyrillic word without a Kazakh-only letter (which stem()
    reads as Russian) that ends in a Kazakh plural or case ending of
    KAZAKH_ALTERNATIVE_MIN_ENDING letters or more, or in a two-letter
    locative or dative ending where _is_clear_short_ending allows it:
    менеджерлер gives менеджер, компанияларда and компанияда give компан
    (the Russian stem of компания, as the documents hold it). None when that
    stem is what stem() gives anyway.
    """
    if (
        word in _RUSSIAN_KEEP
        or any(c in KAZAKH_LETTERS for c in word)
        or not any(_is_cyrillic(c) for c in word)
    ):
        return None
    bare = kazakh_stem(word)
    ending = word[len(bare):]
    if len(ending) < KAZAKH_ALTERNATIVE_MIN_ENDING and not _is_clear_short_ending(
        bare, ending
    ):
        return None
    alternative = stem(bare)
    if len(alternative) < KAZAKH_ALTERNATIVE_MIN_STEM or alternative == stem(word):
        return None
    return alternative


def _is_clear_short_ending(bare: str, ending: str) -> bool:
    """Tell whether a two-letter ENDING after BARE is Kazakh rather than Russian."""
    return (
        ending in _SHORT_KAZAKH_ENDINGS
        and len(bare) >= KAZAKH_ALTERNATIVE_MIN_STEM
        and (bare[-1] in _BEFORE_SHORT_KAZAKH_ENDING or bare[-1] == ending[0])
    )


@lru_cache(maxsize=200_000)
def _word_stems(word: str) -> tuple[str, ...]:
    """Return the stems of one word of cleaned text, folded as fold() does it.

    Folding can split a word ("İ" folds to "i" and a combining dot), never
    join two, so folding word by word gives the words of the folded text.
    """
    folded = _WORD.findall(_fold_word(word))
    return tuple(stem(part) for part in folded if len(part) <= MAX_TOKEN_LENGTH)
