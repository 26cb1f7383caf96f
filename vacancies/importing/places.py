"""Where an imported vacancy is: a KATO unit in Kazakhstan, or a country abroad.

The sources give a city name ("Алматы", "Нур-Султан", "Алматы, Абая",
"Аксай (Казахстан)", "Дзержинск (Беларусь)") and, for hh.ru records, an area
id and a salary currency. docs/data.md explains the order of the checks.
"""

import re
from dataclasses import dataclass

from classifiers.places import (
    URBAN_SETTLEMENT,
    PlaceIndex,
    PlaceUnit,
    fold_place_name,
)

# Countries named in a parenthesis after a city or as the whole area.
COUNTRY_NAMES: dict[str, str] = {
    "казахстан": "KZ",
    "қазақстан": "KZ",
    "kazakhstan": "KZ",
    "россия": "RU",
    "рф": "RU",
    "russia": "RU",
    "беларусь": "BY",
    "республика беларусь": "BY",
    "belarus": "BY",
    "узбекистан": "UZ",
    "кыргызстан": "KG",
    "киргизия": "KG",
    "грузия": "GE",
    "армения": "AM",
    "азербайджан": "AZ",
    "украина": "UA",
}

# Cities abroad that the sources name, by country. A city listed here wins over
# a Kazakh village of the same name ("Глубокое"), never over a Kazakh city.
# Sevastopol and Mariupol are listed under Ukraine, the country ISO 3166 and
# the United Nations place them in; hh.ru files them under Russia.
ABROAD_CITIES: dict[str, str] = {
    "RU": """
        москва, санкт-петербург, петропавловск-камчатский, екатеринбург, набережные
        челны, казань, ярославль, челябинск, воронеж, нижний новгород, самара,
        барнаул, озерск, новосибирск, краснодар, омск, хабаровск, рязань, кыштым,
        ростов-на-дону, липецк, пермь, саратов, владивосток, чебоксары, ижевск,
        ставрополь, уфа, северск, орел, брянск, тула, владимир, ульяновск,
        димитровград, красноярск, смоленск, елабуга, кызыл, новый уренгой, якутск,
        глазов, кемерово, ноябрьск, троицк, зима, астрахань, иваново, подольск,
        адлер, салават, муравленко, нижнекамск, тамбов, шадринск, камышин,
        зеленоград, нижневартовск, мегион, волгоград, владикавказ, балашиха,
        тольятти, сочи, магнитогорск, данков, тюмень, иркутск, томск, калининград,
        оренбург, курган, сургут
    """,
    "BY": """
        минск, брест, могилев, гомель, гродно, витебск, борисов, молодечно,
        солигорск, бобруйск, барановичи, жодино, пинск, дзержинск, новополоцк,
        мозырь, смолевичи, лида, жлобин, кобрин, слуцк, заславль, свислочь, марьина
        горка, светлогорск, полоцк, осиповичи, горки, рогачев, быхов, несвиж,
        сморгонь, фаниполь, жабинка, новолукомль, столбцы, крупки, ивацевичи, орша,
        береза, новогрудок, слоним, костюковичи, глубокое, сенно, мстиславль,
        чашники, волковыск, славгород, любань, белоозерск, старые дороги, узда,
        мядель, вилейка, столин, каменец, житковичи, калинковичи, дрогичин
    """,
    "UZ": "ташкент, фергана, самарканд, бухара, наманган, андижан",
    "KG": "бишкек, ош",
    "GE": "тбилиси, батуми",
    "UA": "киев, харьков, одесса, мариуполь, севастополь",
}
_ABROAD_BY_NAME = {
    " ".join(name.split()): country
    for country, names in ABROAD_CITIES.items()
    for name in names.split(",")
}

# hh.ru area ids of whole countries, used when the area is a country.
HH_COUNTRY_AREAS = {
    "40": "KZ",
    "113": "RU",
    "16": "BY",
    "97": "UZ",
    "48": "KG",
    "28": "GE",
    "5": "UA",
}
# A salary in these currencies hints at the country when nothing else does.
CURRENCY_COUNTRIES = {"RUB": "RU", "BYN": "BY", "UZS": "UZ", "KGS": "KG"}

_PARENTHESIS = re.compile(r"^(?P<name>[^(]*?)\s*\((?P<hint>[^)]*)\)\s*$")
_MORE_PLACES = re.compile(r"\s+и ещ[её]\s+\d+\s*$")


@dataclass(frozen=True)
class Place:
    city: str
    country_code: str
    region_id: int | None = None
    oblast_id: int | None = None
    region_code: str = ""

    @property
    def is_abroad(self) -> bool:
        return self.country_code != "KZ"


class PlaceResolver:
    """Resolve the place of many vacancies against one in-memory KATO index."""

    def __init__(self, index: PlaceIndex) -> None:
        self.index = index

    def resolve(
        self,
        text: str,
        *,
        area_id: str | None = None,
        currency: str | None = None,
        default_country: str = "KZ",
    ) -> Place:
        """Return the place of a vacancy whose source names TEXT as its city."""
        name, hint = _split(text)
        folded = fold_place_name(name)
        country = COUNTRY_NAMES.get(fold_place_name(hint)) if hint else None
        if folded in COUNTRY_NAMES:
            return Place(city="", country_code=COUNTRY_NAMES[folded])
        city = name if not hint or country else f"{name} ({hint})"
        if country not in (None, "KZ"):
            return Place(city=city, country_code=country)

        oblast = self.index.oblast_code(hint) if hint and not country else None
        found = self.index.find(name, oblast_code=oblast) if name else None
        if found is not None and (found.rank <= URBAN_SETTLEMENT or country or oblast):
            return self._in_kazakhstan(found, city)

        abroad = None
        if country is None:
            abroad = _ABROAD_BY_NAME.get(folded) or HH_COUNTRY_AREAS.get(area_id or "")
        # A village of Kazakhstan with a foreign town's name: a salary in
        # tenge tips the balance.
        if abroad and abroad != "KZ" and not (found and currency == "KZT"):
            return Place(city=city, country_code=abroad)
        if found is not None:
            return self._in_kazakhstan(found, city)
        hinted = CURRENCY_COUNTRIES.get(currency or "") if country is None else None
        return Place(city=city, country_code=hinted or country or default_country)

    def _in_kazakhstan(self, unit: PlaceUnit, city: str) -> Place:
        oblast = self.index.by_code(unit.oblast_code)
        return Place(
            city=unit.name or city,
            country_code="KZ",
            region_id=unit.id,
            oblast_id=oblast.id if oblast else None,
            region_code=unit.code,
        )


def _split(text: str) -> tuple[str, str]:
    """Split "Алматы, Абая и еще 1" or "Аксай (Казахстан)" into name and hint.

    What follows a comma is a metro station or a street (hh.kz writes
    "Алматы, Москва" for the Moskva station), never a larger place, so it goes.
    """
    text = _MORE_PLACES.sub("", " ".join(text.split()))
    text = text.split(",", 1)[0].strip()
    match = _PARENTHESIS.match(text)
    if match:
        return match.group("name").strip(), match.group("hint").strip()
    return text, ""
