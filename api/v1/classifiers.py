"""Reference data: KATO regions and ISCO-08 occupations, walked as trees.

Each item carries the stable internal id, the official code and the edition
of the classifier. Without ?version= the portal's current edition answers,
the one classifiers.sources names and the loaders load.
"""

from django.db.models import Model
from django.http import HttpRequest
from ninja import Query, Router

from api.errors import ErrorOut
from api.v1.schemas import Occupation, OccupationList, Region, RegionList
from classifiers import models as classifiers
from classifiers.selectors import (
    classifier_children,
    classifier_edition,
    classifier_entry,
)

router = Router()

_PARENT = "Code of the unit whose children to list; omit for the top level."
_VERSION = "Edition of the classifier; omit for the current one."


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
    edition = classifier_edition(classifiers.KatoUnit, version)
    rows = classifier_children(classifiers.KatoUnit, edition=edition, parent=parent)
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
    edition = classifier_edition(classifiers.KatoUnit, version)
    return classifier_entry(classifiers.KatoUnit, edition=edition, code=code)


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
    edition = classifier_edition(classifiers.Occupation, version)
    rows = classifier_children(classifiers.Occupation, edition=edition, parent=parent)
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
    edition = classifier_edition(classifiers.Occupation, version)
    return classifier_entry(classifiers.Occupation, edition=edition, code=code)
