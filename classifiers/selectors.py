"""Reads of the classifiers: look-ups by code, choices for forms, place names,
and their trees walked one level at a time."""

import re

from django.db.models import Case, Exists, F, OuterRef, QuerySet, Value, When
from django.utils.translation import gettext_lazy

from core.errors import NotFound, ValidationFailed

from classifiers.models import DataLoad, KatoLevel, KatoUnit, Occupation
from classifiers.places import PlaceIndex, fold_place_name
from classifiers.sources import ISCO_VERSION, KATO_VERSION

Classifier = type[KatoUnit] | type[Occupation]
UNKNOWN_EDITION = gettext_lazy(
    "The edition %(version)s of this classifier is not loaded."
)
UNKNOWN_CODE = gettext_lazy(
    "There is no entry with the code %(code)s in this classifier."
)
_CURRENT_EDITION: dict[Classifier, str] = {
    KatoUnit: KATO_VERSION,
    Occupation: ISCO_VERSION,
}

# The Kazakh Cyrillic alphabet; Russian letters keep their order inside it, so
# one key sorts both languages as their readers expect (Ақмола after Алматы).
_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_POSITION = {letter: index for index, letter in enumerate(_ALPHABET)}


def kato_by_code(code: str, *, version: str = KATO_VERSION) -> KatoUnit | None:
    return KatoUnit.objects.filter(version=version, code=code).first()


def occupation_by_code(code: str, *, version: str = ISCO_VERSION) -> Occupation | None:
    return Occupation.objects.filter(version=version, code=code).first()


def kato_oblasts(*, version: str = KATO_VERSION) -> QuerySet[KatoUnit]:
    """Return the oblasts and the cities of republican significance."""
    return KatoUnit.objects.filter(version=version, level=KatoLevel.OBLAST)


def kato_oblasts_by_name(*, version: str = KATO_VERSION) -> QuerySet[KatoUnit]:
    """The oblasts and cities of republican significance by name in the active
    language, in its alphabet (place_name_key), for a form's choices."""
    current = kato_oblasts(version=version)
    # Neither database collates Kazakh letters (Ә, Қ, Ө...) in their place,
    # so the order is found here and handed to the query as positions.
    by_name = sorted(current, key=lambda unit: place_name_key(unit.name))
    if not by_name:
        # A bare CASE of a constant would read as "ORDER BY 0", a column number.
        return current
    position = Case(
        *[When(pk=unit.pk, then=Value(index)) for index, unit in enumerate(by_name)],
        default=Value(len(by_name)),
    )
    return current.order_by(position, "code")


def region_choices(*, version: str = KATO_VERSION) -> list[tuple[str, str]]:
    """Return (code, name) of the level-1 units in the active language, by name."""
    choices = [(unit.code, unit.name) for unit in kato_oblasts(version=version)]
    return sorted(choices, key=lambda choice: place_name_key(choice[1]))


# "г.Алматы" sorts under А: the type mark is not part of the name; nor is the
# word KATO puts first in some Russian names ("область Абай", the regions
# formed in 2022; "район Алтай").
_LEADING_TYPE = re.compile(r"^(?:область|район)\s+")


def place_name_key(name: str) -> list[tuple[int, str]]:
    """Sort key that puts place names in the order their readers expect."""
    return _alphabetical(_LEADING_TYPE.sub("", fold_place_name(name)))


def _alphabetical(text: str) -> list[tuple[int, str]]:
    # Letters outside the alphabet (Latin, digits) sort after it, by code point.
    return [(_POSITION.get(char, len(_ALPHABET)), char) for char in text.casefold()]


def occupation_major_groups(*, version: str = ISCO_VERSION) -> QuerySet[Occupation]:
    return Occupation.objects.filter(version=version, level=1)


def occupation_major_choices(*, version: str = ISCO_VERSION) -> list[tuple[str, str]]:
    """Return (code, title) of the ten major groups in the active language."""
    return [
        (group.code, group.title) for group in occupation_major_groups(version=version)
    ]


def kato_place_index(*, version: str = KATO_VERSION) -> PlaceIndex:
    """Return an in-memory index of the places of one KATO edition.

    One query; use it for many look-ups (an import), not per request.
    """
    rows = KatoUnit.objects.filter(version=version).values_list(
        "id", "code", "level", "name_ru", "name_kk"
    )
    return PlaceIndex(rows.iterator(chunk_size=5000))


def kato_find_places(name: str, *, version: str = KATO_VERSION) -> list[KatoUnit]:
    """Return the KATO places a city name stands for, cities before villages.

    "Караганда", "Қарағанды", "г. Караганда" and the old names of renamed
    cities ("Нур-Султан") all find the same unit. Builds the index each time:
    for a single look-up only.
    """
    found = kato_place_index(version=version).candidates(name)
    units = KatoUnit.objects.in_bulk([unit.id for unit in found])
    return [units[unit.id] for unit in found if unit.id in units]


def data_load_is_current(*, source: str, path: str, sha256: str, context: str) -> bool:
    """Tell whether the last finished load of SOURCE from PATH had this content."""
    latest = (
        DataLoad.objects.filter(source=source, path=path, finished_at__isnull=False)
        .order_by("-finished_at", "-id")
        .first()
    )
    return latest is not None and (latest.sha256, latest.context) == (sha256, context)


# --- trees -------------------------------------------------------------------


def classifier_edition(model: Classifier, version: str | None) -> str:
    """Return the edition to read: VERSION if loaded, the current one if none."""
    if not version:
        return _CURRENT_EDITION[model]
    if not model.objects.filter(version=version).exists():
        message = UNKNOWN_EDITION % {"version": version}
        raise ValidationFailed(message, field="version")
    return version


def classifier_children(
    model: Classifier, *, edition: str, parent: str | None
) -> QuerySet:
    """The entries directly under the code PARENT, or the top level if none.

    Each carries parent_code and has_children, so a client can walk the tree
    one level at a time.
    """
    rows = _tree_rows(model, edition)
    if not parent:
        return rows.filter(parent__isnull=True)
    if not rows.filter(code=parent).exists():
        raise ValidationFailed(UNKNOWN_CODE % {"code": parent}, field="parent")
    return rows.filter(parent__code=parent, parent__version=edition)


def classifier_entry(
    model: Classifier, *, edition: str, code: str
) -> KatoUnit | Occupation:
    """One entry by code, with parent_code and has_children."""
    entry = _tree_rows(model, edition).filter(code=code).first()
    if entry is None:
        raise NotFound(UNKNOWN_CODE % {"code": code})
    return entry


def _tree_rows(model: Classifier, edition: str) -> QuerySet:
    children = model.objects.filter(parent=OuterRef("pk"))
    return model.objects.filter(version=edition).annotate(
        parent_code=F("parent__code"), has_children=Exists(children)
    )
