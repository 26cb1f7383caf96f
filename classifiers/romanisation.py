"""English names of KATO units that have no curated one, and of places
that the vacancy sources write in Cyrillic.

KATO publishes Kazakh and Russian names only. Where the portal's curated CSV
(classifiers/data/kz_kato_2025_en.csv) gives no English name, the unit's
Kazakh name is romanised with the BGN/PCGN 1979 system for Kazakh (see
docs/decisions.md), and its type mark ("ауданы", "а.о.", "қ." ...) is
translated, not romanised: "Абай ауданы" -> "Abay District".

Pure functions, no database: the loader and a data migration both call them,
so one name always gives the same English name.
"""

import re

# BGN/PCGN 1979 romanisation of Kazakh Cyrillic, lower case; the one
# deviation is that the hard sign (″ in the system) is dropped like the soft
# sign, since neither is pronounced and ″ is no letter to an English reader.
_LETTERS: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d",
    "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "ī", "й": "y", "к": "k",
    "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "ö",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "ū", "ұ": "u", "ү": "ü",
    "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "ė", "ю": "yu",
    "я": "ya",
}

# Letters that stand for Kazakh ones in names typed with old Kazakh fonts
# (KATO has "Форт-Шевченко ќ.", "Нўрғазы а."), folded before romanising.
_FONT_LETTERS = str.maketrans(
    {"ќ": "қ", "Ќ": "Қ", "ў": "ұ", "Ў": "Ұ", "ї": "ү", "Ї": "Ү", "ј": "ө", "Ј": "Ө"}
)

# Type marks at the end of a Kazakh KATO name, spelled out or abbreviated as
# KATO abbreviates them, with the English word that replaces them. The first
# that matches wins, so longer marks come before the marks they end with.
# A mark is a word of its own ("Арқат а.", not the "ат а." in it). Marks not
# listed here ("мекені", "қонысы" ...) are romanised with the name.
_TYPE_MARKS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<=\s)" + pattern + r"$"), english)
    for pattern, english in [
        (r"облысы", "Region"),
        (r"(?:атын(?:дағы)?\.?\s*)?ауданы", "District"),
        (
            r"(?:[қҚ]\.\s*[әӘ]\.?|[гГ]\.\s*[аА]\.|қала(?:лық)? әкімдігі)",
            "city administration",
        ),
        (r"(?:қ\.|қаласы)", "city"),
        (r"(?:(?:атын|ат)\.\s*)?(?:а\.\s*о\s*\.?|ауылдық округі)", "rural district"),
        (r"(?:а\.\s*ә\.?|ауылдық әкімдігі)", "rural administration"),
        (r"(?:к\.\s*ә\.?|кенттік әкімдігі)", "settlement administration"),
        (r"(?:к\.|кенті)", "settlement"),
        (r"(?:(?:атын|ат)\.\s*)?(?:а\.?|ауылы)", "village"),
        (r"(?:ст\.|станциясы)", "station"),
        (r"(?:рзд\.|разъезі)", "siding"),
        (r"(?:шар\.?\s*қож\.?|фермасы)", "farm"),
        (r"қыстауы", "winter camp"),
        (r"ж\.", "pasture"),
        (r"уч\.", "site"),
    ]
]
_SPACES = re.compile(r"\s+")


def romanise_kazakh(text: str) -> str:
    """Romanise Kazakh Cyrillic TEXT by BGN/PCGN 1979; other characters stay.

    An upper-case letter that becomes two is capitalised as a word
    ("Шымкент" -> "Shymkent") but written in capitals inside an abbreviation
    ("ШҚО" -> "SHQO").
    """
    text = text.translate(_FONT_LETTERS)
    return _cased(text, [_LETTERS.get(char.lower()) for char in text])


# BGN/PCGN 1947 romanisation of Russian, lower case, with the same deviation
# for both signs. Only е and ё depend on their place (see romanise_russian).
_RUSSIAN_LETTERS: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# After these (or at the start of a word) е is "ye": Екатеринбург -> Yekaterinburg.
_RUSSIAN_YE_AFTER = frozenset("аеёиоуыэюяйъь")
# Letters of Kazakh that Russian lacks: a name holding one is Kazakh.
_KAZAKH_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def romanise_russian(text: str) -> str:
    """Romanise Russian Cyrillic TEXT by BGN/PCGN 1947; other characters stay.

    Capitals follow the rule of romanise_kazakh ("Ярославль" -> "Yaroslavl").
    """
    letters = []
    for index, char in enumerate(text):
        lower = char.lower()
        latin = _RUSSIAN_LETTERS.get(lower)
        if latin is not None and lower == "е":
            before = text[index - 1].lower() if index else ""
            if not before.isalpha() or before in _RUSSIAN_YE_AFTER:
                latin = "ye"
        letters.append(latin)
    return _cased(text, letters)


def romanise_place_name(text: str) -> str:
    """Romanise a place name as written by a source, Kazakh or Russian.

    A name with a letter only Kazakh has is read as Kazakh (BGN/PCGN 1979),
    any other Cyrillic one as Russian; Latin text is returned as it is.
    """
    if any(char in _KAZAKH_ONLY for char in text):
        return romanise_kazakh(text)
    return romanise_russian(text)


def _cased(text: str, letters: list[str | None]) -> str:
    """Join LETTERS (None: keep the character of TEXT) in TEXT's capitals."""
    out: list[str] = []
    for index, (char, latin) in enumerate(zip(text, letters, strict=True)):
        if latin is None:
            out.append(char)
        elif char == char.lower():
            out.append(latin)
        elif _in_capitals(text, index):
            out.append(latin.upper())
        else:
            out.append(latin[:1].upper() + latin[1:])
    return "".join(out)


def kato_english_name(name_kk: str) -> str:
    """Return the English name made from a KATO unit's Kazakh name.

    "Қараауыл а.о." -> "Qaraaūyl rural district"; a name without a known
    type mark is romanised whole.
    """
    name = _SPACES.sub(" ", name_kk.translate(_FONT_LETTERS)).strip()
    for pattern, english in _TYPE_MARKS:
        match = pattern.search(name)
        if match:
            return f"{romanise_kazakh(name[: match.start()].strip())} {english}"
    return romanise_kazakh(name)


def _in_capitals(text: str, index: int) -> bool:
    # The neighbour letter decides: "ШҚО" is capitals, "Шымкент" is not.
    neighbours = text[index + 1 : index + 2] + text[max(index - 1, 0) : index]
    for char in neighbours:
        if char.isalpha():
            return char.isupper()
    return False
