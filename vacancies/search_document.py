"""The words of a vacancy that full-text search matches against."""

import re

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


def search_fields(
    *,
    title: str,
    description: str = "",
    duties: str = "",
    requirements: str = "",
    employer: str = "",
) -> tuple[str, str]:
    """Return (search_title, search_document) for the given texts.

    The texts may be HTML; EMPLOYER is the employer's name. Each result is
    the folded, stemmed words joined by single spaces; both databases index
    these words exactly as they are, so every write of a vacancy's texts must
    refresh both columns through here, and a change of its employer's name
    too (vacancies.services.vacancy_search_words_catch_up). The name's words
    are searched but are not title words: a company's name does not rank a
    vacancy as a title match.
    """
    title_words = " ".join(search_tokens(title))
    body_text = " ".join([description, duties, requirements])
    body = " ".join(search_tokens(body_text))
    name = " ".join(search_tokens(without_legal_forms(employer)))
    return title_words, " ".join(part for part in (title_words, body, name) if part)
