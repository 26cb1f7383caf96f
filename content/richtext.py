"""The HTML that the administrator may write in bodies and answers.

Texts are cleaned when they are stored and again when they are shown, so a
row written past the services (a fixture, a restored backup) cannot carry a
script onto a page either.
"""

import nh3

TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i",
        "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th",
        "td", "caption", "img", "figure", "figcaption", "hr", "abbr",
    }
)
ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "*": {"lang"},
}
# No javascript:, data: or vbscript: addresses; relative links stay.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def clean_html(text: str) -> str:
    """Return TEXT with only the allowed tags, attributes and link schemes."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    ).strip()
