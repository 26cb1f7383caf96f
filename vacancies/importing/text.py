"""Cleaning of imported texts and the language they are written in."""

import html
import re

import nh3

# Employers' HTML keeps its paragraphs, lists and emphasis; links, images,
# styles and scripts go.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i"}
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Share of Cyrillic words with a Kazakh-only letter from which a text counts
# as Kazakh: about half the words of Kazakh prose have one, while a Russian
# text that names a Kazakh company or place has a few such words at most.
KAZAKH_SHARE = 0.4

_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_WORDISH = re.compile(r"[\u0400-\u052fiI]+")
_LATIN = re.compile(r"[A-Za-z]")


def clean_html(text: str) -> str:
    """Sanitise an employer's HTML description for storage and display."""
    if not text:
        return ""
    cleaned = nh3.clean(text, tags=ALLOWED_TAGS, attributes={}, link_rel=None)
    return cleaned.replace("&nbsp;", " ").strip()


def plain_text(text: str) -> str:
    """Return the words of an HTML or text fragment, tags and entities undone."""
    if not text:
        return ""
    stripped = html.unescape(nh3.clean(text, tags=set()))
    lines = (_SPACES.sub(" ", line).strip() for line in stripped.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_sample(text: str, limit: int = 2000) -> str:
    """Return the first LIMIT characters of the words of sanitised HTML.

    Only for HTML that clean_html produced: its tags are simple enough for a
    regular expression.
    """
    return html.unescape(_TAG.sub(" ", text[:limit]))


def detect_language(text: str, *, sample: int = 1000) -> str:
    """Return "kk", "ru" or "en" for the language TEXT is most likely in.

    The first SAMPLE characters decide; a vacancy keeps to one language.
    """
    words = [word for word in _WORDISH.findall(text[:sample]) if _CYRILLIC.search(word)]
    if not words:
        return "en" if _LATIN.search(text[:sample]) else "ru"
    # A Latin "i" inside a Cyrillic word stands for Kazakh "і" (Ағылшын тiлiн).
    kazakh = sum(
        1 for word in words if not KAZAKH_LETTERS.isdisjoint(word) or "i" in word.lower()
    )
    return "kk" if kazakh / len(words) >= KAZAKH_SHARE else "ru"
