"""The words of a vacancy that full-text search matches against."""

from core.text import search_tokens


def search_fields(
    *, title: str, description: str = "", duties: str = "", requirements: str = ""
) -> tuple[str, str]:
    """Return (search_title, search_document) for the given texts."""
    title_words = " ".join(search_tokens(title))
    body = " ".join(search_tokens(" ".join([description, duties, requirements])))
    return title_words, f"{title_words} {body}".strip()
