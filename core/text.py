"""Text folding and stemming shared by every search of the portal.

Placeholder contract (the search work replaces the bodies, not the names):
- fold(text) -> str: case- and letter-folded text;
- search_tokens(text) -> list[str]: folded, stemmed words, in order.
"""

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def search_tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))
