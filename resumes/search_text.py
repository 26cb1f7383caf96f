"""The words of a resume that employers' searches match against.

Both sides go through core.text.search_tokens, so case, look-alike letters and
word endings do not matter: "ПРОГРАММИСТОВ" finds "программист". Each query
word matches the beginning of a word of the resume, so "бухг" finds
"бухгалтер" too.
"""

from django.db.models import Q

from core.text import search_tokens


def search_document(*texts: str) -> str:
    """Return the stored form: the folded, stemmed words, each after a space."""
    words = search_tokens(" ".join(text for text in texts if text))
    return "".join(f" {word}" for word in words)


def matches_words(text: str) -> Q:
    """Return a filter for resumes holding every word of TEXT."""
    condition = Q()
    for word in dict.fromkeys(search_tokens(text)):
        condition &= Q(search_text__contains=f" {word}")
    return condition
