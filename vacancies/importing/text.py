"""Cleaning of imported texts and the language they are written in."""

import html
import re

import nh3

# Employers' HTML keeps its paragraphs, lists and emphasis; links, images,
# styles and scripts go.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i"}
# Share of Cyrillic words with a Kazakh-only letter from which a text counts
# as Kazakh: about half the words of Kazakh prose have one, while a Russian
# text that names a Kazakh company or place has a few such words at most.
KAZAKH_SHARE = 0.4

_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# A word with at least one Cyrillic letter; a Latin "i" inside it stands for
# Kazakh "і", as in "Ағылшын тiлiн" typed on a Russian keyboard.
_CYRILLIC_WORD = re.compile(r"[iI]*[\u0400-\u052f][\u0400-\u052fiI]*")
# Letters of Kazakh that Russian lacks, and the Latin "i" standing for "і".
_KAZAKH_MARK = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІiI]")
_LATIN = re.compile(r"[A-Za-z]")
# Built once: nh3.clean builds its sanitiser anew on every call, which costs
# more than cleaning a short snippet.
_DESCRIPTION_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes={}, link_rel=None)
_TAG_REMOVER = nh3.Cleaner(tags=set())


def clean_html(text: str) -> str:
    """Sanitise an employer's HTML description for storage and display."""
    if not text:
        return ""
    cleaned = _DESCRIPTION_CLEANER.clean(text)
    return cleaned.replace("&nbsp;", " ").strip()


def plain_text(text: str) -> str:
    """Return the words of an HTML or text fragment, tags and entities undone."""
    if not text:
        return ""
    stripped = html.unescape(_TAG_REMOVER.clean(text))
    lines = (_SPACES.sub(" ", line).strip() for line in stripped.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_sample(text: str, limit: int = 2000) -> str:
    """Return the first LIMIT characters of the words of sanitised HTML.

    Only for HTML that clean_html produced: its tags are simple enough for a
    regular expression.
    """
    return html.unescape(_TAG.sub(" ", text[:limit]))


def detect_language(text: str, *, sample: int = 500) -> str:
    """Return "kk", "ru" or "en" for the language TEXT is most likely in.

    The first SAMPLE characters decide; a vacancy keeps to one language.
    """
    head = text[:sample]
    words = _CYRILLIC_WORD.findall(head)
    if not words:
        return "en" if _LATIN.search(head) else "ru"
    kazakh = sum(1 for word in words if _KAZAKH_MARK.search(word))
    return "kk" if kazakh / len(words) >= KAZAKH_SHARE else "ru"
