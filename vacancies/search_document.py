"""The words of a vacancy that full-text search matches against."""

import re
from collections.abc import Iterable
from functools import lru_cache

from core.text import fold, search_tokens

# Abbreviations of legal forms (docs/search.md, "The employer's name"). A
# thousand of the corpus's 5,900 employer names carry one (ТОО alone 1,074):
# indexed, "ТОО" would match most vacancies, and stemmed they fall on common
# words (ТОО gives "то", АО "а", НАО "на"). They are compared as folded whole
# words, before stemming. ЖК is left out: it is also a housing estate.
LEGAL_FORMS = frozenset({
    "тоо", "too", "жшс", "ао", "ақ", "ип", "ооо", "оао", "зао", "пао", "нао",
    "llp", "llc", "jsc", "ltd", "inc",
})
_LEGAL_FORM = re.compile(r"(?<!\w)(?:" + "|".join(sorted(LEGAL_FORMS)) + r")(?!\w)")


def without_legal_forms(text: str) -> str:
    """Return TEXT folded, without the words that are only a legal form."""
    return _LEGAL_FORM.sub(" ", fold(text))


def is_only_legal_forms(text: str) -> bool:
    """True when TEXT holds a legal form and no other searchable word."""
    folded = fold(text)
    return bool(_LEGAL_FORM.search(folded)) and not search_tokens(
        _LEGAL_FORM.sub(" ", folded)
    )


def query_without_legal_forms(text: str) -> str:
    """Return a search query's TEXT without its legal forms, if other words remain.

    Names are indexed without them, so `ТОО «Caspi»`, copied from a company's
    page, asks for `caspi` alone. The search refuses a query of nothing but
    legal forms (vacancies.selectors); one that reaches this function anyway
    is left as typed. A query without one is returned unchanged.
    """
    folded = fold(text)
    if not _LEGAL_FORM.search(folded):
        return text
    rest = _LEGAL_FORM.sub(" ", folded)
    return rest if search_tokens(rest) else text


# Words that name a kind of place, not a place: "г.", "облысы", "District".
# Left out of a vacancy's place words, where "область" would match every
# vacancy of every oblast.
PLACE_TYPE_WORDS = (
    "г город қ қала қаласы облысы облыс область обл ауданы аудан район р-н "
    "ауылы ауыл село с п пгт поселок посёлок кенті кент а о ә округі округ "
    "ауылдық әкімдігі district region city rural village settlement "
    "administration oblast"
)


def place_words(names: Iterable[str]) -> str:
    """Return the searched words of a vacancy's place NAMES, each once.

    NAMES are the source's city and the names of its KATO units and country
    in the three languages (vacancies.place_names.searched_place_names).
    """
    words = [
        token
        for name in names
        for token in search_tokens(name)
        if token not in _place_type_stems()
    ]
    return " ".join(dict.fromkeys(words))


def without_place_types(terms: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Drop the query terms that only name a kind of place, if others remain.

    Place words are indexed without them, so "бухгалтер г. Алматы" asks for
    бухгалтер and Алматы. TERMS come from core.text.query_terms.
    """
    kept = [term for term in terms if not set(term) <= _place_type_stems()]
    return kept if kept else terms


@lru_cache(maxsize=1)
def _place_type_stems() -> frozenset[str]:
    return frozenset(search_tokens(PLACE_TYPE_WORDS))


def employer_words(name: str) -> str:
    """The searched words of an employer's NAME, its legal forms left out."""
    return " ".join(search_tokens(without_legal_forms(name)))


def search_fields(
    *,
    title: str,
    description: str = "",
    duties: str = "",
    requirements: str = "",
    employer: str = "",
    places: Iterable[str] = (),
) -> tuple[str, str]:
    """Return (search_title, search_document) for the given texts.

    The texts may be HTML; EMPLOYER is the employer's name; PLACES, the names
    of where the vacancy is (see place_words). Each result is
    the folded, stemmed words joined by single spaces; both databases index
    these words exactly as they are, so every write of a vacancy's texts must
    refresh both columns through here, and a change of its employer's name
    too (vacancies.services.vacancy_search_words_catch_up). The name's and
    the place's words are searched but are not title words: a company or a
    city does not rank a vacancy as a title match.
    """
    title_words = " ".join(search_tokens(title))
    body_text = " ".join([description, duties, requirements])
    body = " ".join(search_tokens(body_text))
    name = employer_words(employer)
    where = place_words(places)
    parts = (title_words, body, name, where)
    return title_words, " ".join(part for part in parts if part)
