"""Employers that arrive with imported vacancies, without a BIN.

An imported employer is known by (source, external_id): the other system's
employer id when it has one, otherwise a key made from the folded name, so
that the same company named in two files becomes one employer.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from employers.models import Employer

NAME_MAX_LENGTH = 300
_LOOKUP_BATCH = 500
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ImportedEmployer:
    external_id: str
    name: str


def employer_name_key(name: str) -> str:
    """Return the external id of an employer known only by NAME.

    Case, ё and runs of spaces do not make a different employer.
    """
    folded = _SPACES.sub(" ", name.casefold().replace("ё", "е")).strip()
    return "name:" + hashlib.sha256(folded.encode()).hexdigest()[:40]


def employer_upsert_imported(
    *, source: str, employers: Iterable[ImportedEmployer], rename: bool = True
) -> dict[str, int]:
    """Create or rename the employers of one source; return external_id -> id.

    With RENAME false, an employer that exists keeps its name (an import
    renames once per file, at its end: see employer_names_imported). Safe to
    run twice at the same time: an insert that loses the race is ignored and
    the winner's row is read back.
    """
    wanted = {employer.external_id: employer for employer in employers}
    ids: dict[str, int] = {}
    renamed: list[Employer] = []
    keys = list(wanted)

    with transaction.atomic():
        for start in range(0, len(keys), _LOOKUP_BATCH):
            batch = keys[start : start + _LOOKUP_BATCH]
            # Plain values: building a model instance for every employer of
            # every chunk cost more than the query itself.
            rows = Employer.objects.filter(source=source, external_id__in=batch)
            for external_id, pk, stored_name in rows.values_list(
                "external_id", "id", "name"
            ):
                ids[external_id] = pk
                name = wanted[external_id].name[:NAME_MAX_LENGTH]
                if rename and stored_name != name:
                    renamed.append(Employer(id=pk, name=name))
        missing = [
            Employer(
                source=source, external_id=key, name=wanted[key].name[:NAME_MAX_LENGTH]
            )
            for key in keys
            if key not in ids
        ]
        Employer.objects.bulk_create(
            missing, batch_size=_LOOKUP_BATCH, ignore_conflicts=True
        )
        Employer.objects.bulk_update(renamed, ["name"], batch_size=_LOOKUP_BATCH)
        created = [employer.external_id for employer in missing]
        for start in range(0, len(created), _LOOKUP_BATCH):
            batch = created[start : start + _LOOKUP_BATCH]
            rows = Employer.objects.filter(source=source, external_id__in=batch)
            ids.update(rows.values_list("external_id", "id"))
    return ids


def employer_names_imported(
    *, source: str, external_ids: Iterable[str]
) -> dict[str, str]:
    """Return external_id -> stored name of the imported employers of SOURCE."""
    keys = list(external_ids)
    names: dict[str, str] = {}
    for start in range(0, len(keys), _LOOKUP_BATCH):
        rows = Employer.objects.filter(
            source=source, external_id__in=keys[start : start + _LOOKUP_BATCH]
        )
        names.update(rows.values_list("external_id", "name"))
    return names


def employer_rename_imported(*, source: str, names: dict[str, str]) -> list[int]:
    """Give the imported employers of SOURCE the NAMES (external_id -> name);
    return the ids of those whose name changed."""
    renamed: list[Employer] = []
    keys = list(names)
    for start in range(0, len(keys), _LOOKUP_BATCH):
        rows = Employer.objects.filter(
            source=source, external_id__in=keys[start : start + _LOOKUP_BATCH]
        ).values_list("id", "external_id", "name")
        for pk, external_id, stored_name in rows:
            name = names[external_id][:NAME_MAX_LENGTH]
            if stored_name != name:
                renamed.append(Employer(id=pk, name=name))
    Employer.objects.bulk_update(renamed, ["name"], batch_size=_LOOKUP_BATCH)
    return [employer.pk for employer in renamed]
