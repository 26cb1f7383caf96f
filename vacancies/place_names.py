"""How a vacancy's place reads in the reader's language.

The sources name places in Russian ("Тбилиси", "Москва"); the importer keeps
that text in Vacancy.city and the country as an ISO 3166 code
(vacancies.importing.places). A page shows the country by name in its own
language, and an English page shows the city in Latin letters: its usual
English name where that differs from a romanisation, else the romanisation
(classifiers.romanisation). Kazakh and Russian pages keep the source's text.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from classifiers.places import fold_place_name
from classifiers.romanisation import romanise_place_name

# Every country that vacancies.importing.places recognises.
COUNTRY_NAMES = {
    "KZ": _("Kazakhstan"),
    "RU": _("Russia"),
    "BY": _("Belarus"),
    "UZ": _("Uzbekistan"),
    "KG": _("Kyrgyzstan"),
    "GE": _("Georgia"),
    "AM": _("Armenia"),
    "AZ": _("Azerbaijan"),
    "UA": _("Ukraine"),
}
# English names that are not the romanisation of the source's Russian name,
# keyed by fold_place_name of that name.
ENGLISH_CITY_NAMES = {
    "москва": "Moscow",
    "санкт-петербург": "Saint Petersburg",
    "нижний новгород": "Nizhny Novgorod",
    "ростов-на-дону": "Rostov-on-Don",
    "киев": "Kyiv",
    "харьков": "Kharkiv",
    "одесса": "Odesa",
}


def country_name(code: str) -> str:
    """The country of ISO code CODE in the active language; the code if unknown."""
    name = COUNTRY_NAMES.get(code)
    return str(name) if name is not None else code


def city_name(text: str) -> str:
    """A city as the source wrote it, in Latin letters on English pages."""
    if not text or not (get_language() or "").startswith("en"):
        return text
    english = ENGLISH_CITY_NAMES.get(fold_place_name(text))
    return english if english is not None else romanise_place_name(text)
