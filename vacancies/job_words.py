"""Names of the same jobs in Kazakh, Russian and English, offered as other searches.

Most vacancies are written in Russian: a Kazakh speaker who types аспаз (cook)
or жүргізуші (driver) finds none of the vacancies for a повар or водитель, and
a Russian speaker none written in Kazakh. vacancies/data/job_words.csv lists
one-word names of common jobs in the three languages (the portal's own list,
not an official dictionary; English only where one word is the usual name).
The search page offers the same search with the jobs named in another
language; the results themselves match the words as typed, so that a search
never shows vacancies the user did not ask for without saying so.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.text import query_terms, search_tokens

JOB_WORDS_FILE = Path(__file__).resolve().parent / "data" / "job_words.csv"
LANGUAGES = ("kk", "ru", "en")
# The languages offered: the portal's vacancies are written in Kazakh and
# Russian. An English word is read, never offered: "driver" found IT
# vacancies about a "Driver App" rather than drivers.
OFFERED_LANGUAGES = ("kk", "ru")

# stem of a listed word -> language -> that job's words in it, in file order
Translations = dict[str, dict[str, tuple[str, ...]]]


@dataclass(frozen=True)
class OtherLanguageSearch:
    text: str  # the query with its job words named in LANGUAGE
    language: str  # "kk", "ru" or "en"


def other_language_searches(text: str) -> list[OtherLanguageSearch]:
    """Return TEXT once per other offered language, its job words named in it.

    Each word of TEXT that names a listed job, in any form the stemmers
    reduce to it (аспаздар, повара), is replaced by the first name of that
    job in the language; the other words stay as typed. A language into
    which no word translates, or in which the words already are, gives none.
    """
    table, own_languages = _job_words()
    words = text.split()
    listed = [_stems(word) & table.keys() for word in words]
    searches = []
    for language in OFFERED_LANGUAGES:
        replaced = list(words)
        for index, stems in enumerate(listed):
            if any(language in own_languages[stem] for stem in stems):
                continue  # already named in LANGUAGE
            names = [table[stem][language] for stem in sorted(stems)
                     if language in table[stem]]
            if names:
                replaced[index] = names[0][0]
        if replaced != words:
            searches.append(OtherLanguageSearch(" ".join(replaced), language))
    return searches


def job_word_translations() -> Translations:
    """Map the stem of each listed job word to its names in the other languages."""
    return _job_words()[0]


def _stems(word: str) -> set[str]:
    return {stem for term in query_terms(word) for stem in term}


@lru_cache(maxsize=1)
def _job_words() -> tuple[Translations, dict[str, set[str]]]:
    """Read the file: the translations, and the languages each stem is from."""
    names: dict[str, dict[str, dict[str, None]]] = {}
    own: dict[str, set[str]] = {}
    with open(JOB_WORDS_FILE, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            cells = {language: row[language].strip() for language in LANGUAGES}
            present = {language: word for language, word in cells.items() if word}
            stems = {}
            for language, word in present.items():
                tokens = search_tokens(word)
                if len(tokens) != 1:
                    # The file ships with the code; a test reads every line.
                    raise ValueError(f"{JOB_WORDS_FILE.name}:{line}: one word per cell")
                stems[language] = tokens[0]
                own.setdefault(tokens[0], set()).add(language)
            for language, stem in stems.items():
                for other, word in present.items():
                    if other != language:
                        names.setdefault(stem, {}).setdefault(other, {})[word] = None
    table = {
        stem: {language: tuple(words) for language, words in by_language.items()}
        for stem, by_language in names.items()
    }
    return table, own

