"""Kazakh and Russian names of the same jobs, offered as the other search.

Most vacancies are written in Russian: a Kazakh speaker who types аспаз (cook)
or жүргізуші (driver) finds none of the vacancies for a повар or водитель, and
a Russian speaker none written in Kazakh. vacancies/data/job_words_kk_ru.csv
pairs one-word names of common jobs (the portal's own list, not an official
dictionary). The search page offers the same search with the job named in the
other language; the results themselves match the words as typed, so that a
search never shows vacancies the user did not ask for without saying so.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.text import query_terms, search_tokens

JOB_WORDS_FILE = Path(__file__).resolve().parent / "data" / "job_words_kk_ru.csv"
# More would crowd the page; the first translations are the usual ones.
MAX_OTHER_SEARCHES = 3


@dataclass(frozen=True)
class OtherLanguageSearch:
    text: str  # the query with the job named in LANGUAGE
    language: str  # "kk" or "ru"


def other_language_searches(text: str) -> list[OtherLanguageSearch]:
    """Return TEXT with each job word it holds named in the other language.

    Words are compared by their stems, so аспаздар and повара are found too;
    the rest of the query stays as typed.
    """
    table = job_word_translations()
    words = text.split()
    searches: dict[str, OtherLanguageSearch] = {}
    for index, word in enumerate(words):
        stems = {stem for term in query_terms(word) for stem in term}
        for stem in sorted(stems & table.keys()):
            for other, language in table[stem]:
                query = " ".join([*words[:index], other, *words[index + 1 :]])
                searches.setdefault(query, OtherLanguageSearch(query, language))
    return list(searches.values())[:MAX_OTHER_SEARCHES]


@lru_cache(maxsize=1)
def job_word_translations() -> dict[str, tuple[tuple[str, str], ...]]:
    """Map the stem of each listed job word to its (word, language) translations."""
    others: dict[str, dict[tuple[str, str], None]] = {}
    with open(JOB_WORDS_FILE, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            kazakh, russian = search_tokens(row["kk"]), search_tokens(row["ru"])
            if len(kazakh) != 1 or len(russian) != 1:
                # The file ships with the code; a test reads every line.
                raise ValueError(f"{JOB_WORDS_FILE.name}:{line}: one word per language")
            others.setdefault(kazakh[0], {})[(row["ru"], "ru")] = None
            others.setdefault(russian[0], {})[(row["kk"], "kk")] = None
    return {own: tuple(words) for own, words in others.items()}
