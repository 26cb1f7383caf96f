"""How a vacancy's place reads in the reader's language.

The sources name places in Russian ("Тбилиси", "Москва"); the importer keeps
that text in Vacancy.city and the country as an ISO 3166 code
(vacancies.importing.places). A page shows the country by name in its own
language, and an English page shows the city in Latin letters: its usual
English name where that differs from a romanisation, else the romanisation
(classifiers.romanisation). Kazakh and Russian pages keep the source's text.
The same names, in all three languages, are among the vacancy's search words
(searched_place_names).
"""

from collections.abc import Iterable

from django.utils import translation
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


# The languages a place is searched in: those of the portal's pages.
SEARCHED_LANGUAGES = ("kk", "ru", "en")


def searched_place_names(
    *,
    city: str,
    units: Iterable[tuple[str, str, str]],
    country_code: str,
    is_abroad: bool,
) -> list[str]:
    """The names a search finds a vacancy's place by, in the three languages.

    CITY is the source's text; UNITS, the (name_kk, name_ru, name_en) of its
    KATO region and oblast. Abroad, the country is named and the city is
    also named in English (Moscow, Tbilisi). The words are
    made from these by vacancies.search_document.place_words.
    """
    names = [city] if city else []
    if city and is_abroad:
        names.append(_english_city_name(city))
    for unit in units:
        names.extend(name for name in unit if name)
    # Kazakhstan is not named: it would be three more words in most rows
    # and would tell nothing the KATO names do not.
    if is_abroad and country_code in COUNTRY_NAMES:
        for language in SEARCHED_LANGUAGES:
            with translation.override(language):
                names.append(str(COUNTRY_NAMES[country_code]))
    return names


def country_name(code: str) -> str:
    """The country of ISO code CODE in the active language; the code if unknown."""
    name = COUNTRY_NAMES.get(code)
    return str(name) if name is not None else code


def city_name(text: str) -> str:
    """A city as the source wrote it, in Latin letters on English pages."""
    if not text or not (get_language() or "").startswith("en"):
        return text
    return _english_city_name(text)


def _english_city_name(text: str) -> str:
    english = ENGLISH_CITY_NAMES.get(fold_place_name(text))
    return english if english is not None else romanise_place_name(text)
