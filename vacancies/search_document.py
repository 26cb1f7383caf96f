"""The words of a vacancy that full-text search matches against."""

from core.text import search_tokens


def search_fields(
    *, title: str, description: str = "", duties: str = "", requirements: str = ""
) -> tuple[str, str]:
    """Return (search_title, search_document) for the given texts.

    The texts may be HTML. Each result is the folded, stemmed words joined by
    single spaces; both databases index these words exactly as they are, so
    every write of a vacancy's texts must refresh both columns through here.
    """
    title_words = " ".join(search_tokens(title))
    body_text = " ".join([description, duties, requirements])
    body = " ".join(search_tokens(body_text))
    return title_words, " ".join(part for part in (title_words, body) if part)
