"""Finding KATO settlements by the names people write.

Vacancy sources name a place as "Алматы", "г. Караганда", "Өскемен" or by an
old name ("Нур-Султан"). KATO names carry a type mark instead: "г.Караганда"
and "Қарағанды қ." for a city, "п.Аксу" for an urban settlement, "с.Шелек"
for a village. The index below strips those marks, folds the names and keeps
the kind of place as a rank, so that a city wins over a village of the same
name and a name shared by several villages matches none of them.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.codes import kato_oblast_code, kato_tree_prefix

CITY, URBAN_SETTLEMENT, VILLAGE = 0, 1, 2

# Prefix of a Russian KATO name and suffix of a Kazakh one -> kind of place.
# "г.а." (city administration) and "с.о." (rural district) are not places.
_RU_MARK = re.compile(r"^(г|п|с)\.\s*(?![а-яё]{1,2}\.)(\S.*)$")
_KK_MARK = re.compile(r"^(\S.*?)\s+(қ|к|а)\.$")
_RANK_OF_MARK = {
    "г": CITY,
    "п": URBAN_SETTLEMENT,
    "с": VILLAGE,
    "қ": CITY,
    "к": URBAN_SETTLEMENT,
    "а": VILLAGE,
}

# What people put around a place name in free text.
_TYPED_PREFIX = re.compile(
    r"^(?:г\.|г\s|город\s|пгт\.?\s?|пос\.|п\.|с\.|село\s)\s*", re.IGNORECASE
)
_TYPED_SUFFIX = re.compile(r"\s+(?:қ\.|қаласы|кенті|ауылы|а\.)$")
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans({"ё": "е", "ќ": "қ", "\u00a0": " ", "\u202f": " "})

# Names in use that KATO 2025 no longer carries, and spellings of oblasts, each
# with the KATO code (edition НК РК 11-2025) it stands for.
ALIASES: dict[str, str] = {
    "нур-султан": "710000000",
    "нұр-сұлтан": "710000000",
    "акмола": "710000000",
    "целиноград": "710000000",
    "алма-ата": "750000000",
    "чимкент": "790000000",
    "капчагай": "191010000",
    "капшагай": "191010000",
    "қапшағай": "191010000",
    "конаев": "191010000",
    "зыряновск": "634820100",
    "семипалатинск": "101010000",
    "джезказган": "621010000",
    "кустанай": "391010000",
    "актюбинск": "151010000",
    "талды-курган": "331010000",
    "кзыл-орда": "431010000",
    "гурьев": "231010000",
    "шевченко": "471010000",
    "оскемен": "631010000",
    "отеген-батыр": "196830100",
    "сарканд": "334820100",
}
OBLAST_ALIASES: dict[str, str] = {
    "вко": "630000000",
    "ско": "590000000",
    "зко": "270000000",
    "юко": "610000000",
    "южно-казахстанская область": "610000000",
}


def fold_place_name(name: str) -> str:
    """Fold NAME for comparison: case, ё, dashes, spaces and type marks."""
    folded = name.casefold().translate(_FOLD)
    folded = _SPACES.sub(" ", _DASHES.sub("-", folded)).strip(" ,")
    folded = _TYPED_SUFFIX.sub("", _TYPED_PREFIX.sub("", folded))
    return folded.strip(" .,")


def _folded_oblast_name(name: str) -> str:
    folded = name.casefold().translate(_FOLD).replace("обл.", "область")
    return _SPACES.sub(" ", _DASHES.sub("-", folded)).strip(" .,")


@dataclass(frozen=True)
class PlaceUnit:
    """A KATO unit as the index sees it."""

    id: int
    code: str
    level: int
    rank: int  # CITY, URBAN_SETTLEMENT or VILLAGE
    name: str = ""  # the Russian name without its type mark; "" if not a place

    @property
    def oblast_code(self) -> str:
        return kato_oblast_code(self.code)

    @property
    def tree_prefix(self) -> str:
        return kato_tree_prefix(self.code, self.level)


def place_kind(name_ru: str, name_kk: str) -> tuple[int, list[str]] | None:
    """Return (rank, bare names) when the KATO names mark a place, else None.

    The Russian bare name comes first when there is one.
    """
    ranks: list[int] = []
    names: list[str] = []
    # Folding maps one character to one, so positions hold in the original.
    ru = _RU_MARK.match(name_ru.translate(_FOLD).strip())
    if ru:
        ranks.append(_RANK_OF_MARK[ru.group(1).lower()])
        names.append(name_ru.strip()[ru.start(2) :])
    kk = _KK_MARK.match(_SPACES.sub(" ", name_kk.translate(_FOLD)).strip())
    if kk:
        ranks.append(_RANK_OF_MARK[kk.group(2)])
        names.append(kk.group(1))
    if not ranks:
        return None
    return min(ranks), names


class PlaceIndex:
    """An in-memory index of KATO places by folded name, for bulk look-ups.

    Build it once per import from kato_place_index(); look-ups need no queries.
    """

    def __init__(self, rows: Iterable[tuple[int, str, int, str, str]]) -> None:
        """ROWS: (id, code, level, name_ru, name_kk) of the units of one edition."""
        self._by_name: dict[str, list[PlaceUnit]] = defaultdict(list)
        self._by_code: dict[str, PlaceUnit] = {}
        self._oblasts: dict[str, str] = {}
        for unit_id, code, level, name_ru, name_kk in rows:
            self._add(unit_id, code, level, name_ru, name_kk)

    def _add(self, unit_id: int, code: str, level: int, ru: str, kk: str) -> None:
        if level == 1:
            for name in (ru, kk):
                self._oblasts[_folded_oblast_name(name)] = code
        kind = place_kind(ru, kk)
        if kind is None:
            self._by_code[code] = PlaceUnit(unit_id, code, level, VILLAGE)
            return
        rank, names = kind
        unit = PlaceUnit(unit_id, code, level, rank, name=names[0])
        self._by_code[code] = unit
        for name in set(fold_place_name(bare) for bare in names):
            self._by_name[name].append(unit)

    def __len__(self) -> int:
        return len(self._by_code)

    def by_code(self, code: str) -> PlaceUnit | None:
        return self._by_code.get(code)

    def oblast_code(self, name: str) -> str | None:
        """Return the level-1 code for an oblast name ("Северо-Казахстанская
        область", "ВКО"), or None."""
        folded = _folded_oblast_name(name)
        return OBLAST_ALIASES.get(folded) or self._oblasts.get(folded)

    def candidates(
        self, name: str, *, oblast_code: str | None = None
    ) -> list[PlaceUnit]:
        """Return the places of the best kind named NAME, cities first."""
        folded = fold_place_name(name)
        alias = self._by_code.get(ALIASES.get(folded, ""))
        if alias is not None:
            return [alias]
        units = self._by_name.get(folded, [])
        if oblast_code:
            units = [unit for unit in units if unit.oblast_code == oblast_code]
        if not units:
            return []
        best = min(unit.rank for unit in units)
        found = [unit for unit in units if unit.rank == best]
        return _without_ancestors(found)

    def find(self, name: str, *, oblast_code: str | None = None) -> PlaceUnit | None:
        """Return the unit NAME stands for, or None.

        When several places share the name, return the smallest unit that
        holds them all (two villages "Атасу" of one district give the
        district), or None when they lie in different oblasts.
        """
        found = self.candidates(name, oblast_code=oblast_code)
        if len(found) <= 1:
            return found[0] if found else None
        return self._common_ancestor(found)

    def _common_ancestor(self, units: list[PlaceUnit]) -> PlaceUnit | None:
        for length in (6, 4, 2):
            prefixes = {unit.code[:length] for unit in units}
            if len(prefixes) == 1:
                ancestor = self._by_code.get(prefixes.pop().ljust(9, "0"))
                if ancestor is not None:
                    return ancestor
        return None


def _without_ancestors(units: list[PlaceUnit]) -> list[PlaceUnit]:
    # A rural district is often named after its village ("с.Шелек" above
    # "с.Шелек"); the settlement itself is the place meant.
    return [
        unit
        for unit in units
        if not any(
            other.code != unit.code and other.code.startswith(unit.tree_prefix)
            for other in units
        )
    ]
