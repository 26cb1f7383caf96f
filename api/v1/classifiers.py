"""Reference data: KATO regions and ISCO-08 occupations, walked as trees.

Each item carries the stable internal id, the official code and the edition
of the classifier. Without ?version= the portal's current edition answers,
the one classifiers.sources names and the loaders load.
"""

from django.db.models import Exists, F, Model, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from api.errors import ErrorOut
from api.v1.schemas import Occupation, OccupationList, Region, RegionList
from classifiers import models as classifiers
from classifiers.sources import ISCO_VERSION, KATO_VERSION
from core.errors import NotFound, ValidationFailed

router = Router()

_PARENT = "Code of the unit whose children to list; omit for the top level."
_VERSION = "Edition of the classifier; omit for the current one."
_UNKNOWN_VERSION = _("The edition %(version)s of this classifier is not loaded.")
_UNKNOWN_CODE = _("There is no entry with the code %(code)s in this classifier.")


@router.get(
    "/regions",
    response={200: RegionList, 400: ErrorOut},
    summary="List KATO units under a parent",
)
def region_list(
    request: HttpRequest,
    parent: str | None = Query(None, max_length=9, description=_PARENT),
    version: str | None = Query(None, max_length=32, description=_VERSION),
) -> dict:
    edition = _edition(classifiers.KatoUnit, version)
    rows = _children(classifiers.KatoUnit, edition=edition, parent=parent)
    return {"items": list(rows)}


@router.get(
    "/regions/{code}",
    response={200: Region, 400: ErrorOut, 404: ErrorOut},
    summary="One KATO unit by code",
)
def region_detail(
    request: HttpRequest,
    code: str,
    version: str | None = Query(None, max_length=32, description=_VERSION),
) -> Model:
    edition = _edition(classifiers.KatoUnit, version)
    return _entry(classifiers.KatoUnit, edition=edition, code=code)


@router.get(
    "/occupations",
    response={200: OccupationList, 400: ErrorOut},
    summary="List ISCO-08 groups under a parent",
)
def occupation_list(
    request: HttpRequest,
    parent: str | None = Query(None, max_length=4, description=_PARENT),
    version: str | None = Query(None, max_length=32, description=_VERSION),
) -> dict:
    edition = _edition(classifiers.Occupation, version)
    rows = _children(classifiers.Occupation, edition=edition, parent=parent)
    return {"items": list(rows)}


@router.get(
    "/occupations/{code}",
    response={200: Occupation, 400: ErrorOut, 404: ErrorOut},
    summary="One ISCO-08 group by code",
)
def occupation_detail(
    request: HttpRequest,
    code: str,
    version: str | None = Query(None, max_length=32, description=_VERSION),
) -> Model:
    edition = _edition(classifiers.Occupation, version)
    return _entry(classifiers.Occupation, edition=edition, code=code)


Classifier = type[classifiers.KatoUnit] | type[classifiers.Occupation]
_CURRENT_EDITION: dict[Classifier, str] = {
    classifiers.KatoUnit: KATO_VERSION,
    classifiers.Occupation: ISCO_VERSION,
}

# TODO: move these tree reads (children, parent code, has children) into
# classifiers.selectors, which looks units up by code but walks no tree yet;
# until its owner adds such reads, they query the two models here.


def _edition(model: Classifier, version: str | None) -> str:
    """Return the edition to read: the one asked for, else the current one."""
    if not version:
        return _CURRENT_EDITION[model]
    if not model.objects.filter(version=version).exists():
        message = _UNKNOWN_VERSION % {"version": version}
        raise ValidationFailed(message, field="version")
    return version


def _tree_rows(model: Classifier, edition: str) -> QuerySet:
    children = model.objects.filter(parent=OuterRef("pk"))
    return model.objects.filter(version=edition).annotate(
        parent_code=F("parent__code"), has_children=Exists(children)
    )


def _children(
    model: Classifier, *, edition: str, parent: str | None
) -> QuerySet:
    rows = _tree_rows(model, edition)
    if not parent:
        return rows.filter(parent__isnull=True)
    if not rows.filter(code=parent).exists():
        message = _UNKNOWN_CODE % {"code": parent}
        raise ValidationFailed(message, field="parent")
    return rows.filter(parent__code=parent, parent__version=edition)


def _entry(model: Classifier, *, edition: str, code: str) -> Model:
    entry = _tree_rows(model, edition).filter(code=code).first()
    if entry is None:
        raise NotFound(_UNKNOWN_CODE % {"code": code})
    return entry
