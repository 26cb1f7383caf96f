"""Which languages an item has, and its texts in one of them.

An item has a language when the text that names it (a title or a question)
is filled in there. Pages show an item only in a language it has; they
never fill a gap with another language's text.
"""

from typing import Any

from django.db import models
from django.utils.translation import get_language_info

from content.models import LANGUAGES, FaqEntry

# The column whose text decides whether an item has a language.
_NAMING_FIELD = {FaqEntry: "question"}


def naming_field(model: type[models.Model]) -> str:
    return _NAMING_FIELD.get(model, "title")


def item_languages(item: models.Model) -> list[str]:
    """Return the portal languages in which ITEM has its title, in portal order."""
    name = naming_field(type(item))
    return [code for code in LANGUAGES if getattr(item, f"{name}_{code}", "").strip()]


def language_name(code: str) -> str:
    """Return the name of language CODE in that language (Қазақ, Русский)."""
    return get_language_info(code)["name_local"]


class Localized:
    """ITEM read in LANGUAGE: `.title` is `title_<language>`, and so on.

    Attributes without a per-language column come from the item itself.
    """

    def __init__(self, item: Any, language: str) -> None:
        self.item = item
        self.language = language

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        localized = f"{name}_{self.language}"
        if hasattr(type(self.item), localized) or localized in vars(self.item):
            return getattr(self.item, localized)
        return getattr(self.item, name)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def languages(self) -> list[str]:
        return item_languages(self.item)
