"""Readers of the classifier files: rows checked and typed, no database.

Each reader returns the good rows and the problems of the bad ones (line and
reason), so that one bad line never stops a load. A file without the columns
a reader needs is refused as a whole.
"""

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from core.errors import ValidationFailed

DATA_DIR = Path(__file__).resolve().parent / "data"
KATO_FILE = DATA_DIR / "kz_kato_2025.csv"
KATO_ENGLISH_FILE = DATA_DIR / "kz_kato_2025_en.csv"
ISCO_FILE = DATA_DIR / "isco08_groups_en.csv"
ISCO_TITLES_FILE = DATA_DIR / "isco08_titles_kk_ru.csv"
KATO_VERSION = "NK RK 11-2025"
ISCO_VERSION = "ISCO-08"

_KATO_LEVELS = {"oblast": 1, "district": 2, "sub_district": 3, "settlement": 4}
_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no", ""}


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class KatoRow:
    line: int
    code: str
    level: int
    type_code: str
    name_ru: str
    name_kk: str
    version: str | None  # from a kato_version column, when the file has one


@dataclass(frozen=True)
class IscoRow:
    line: int
    code: str
    title_en: str


@dataclass(frozen=True)
class TitleRow:
    line: int
    code: str
    title_kk: str
    title_ru: str
    official: bool


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def csv_header(path: Path, *, delimiter: str = ",") -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle, delimiter=delimiter), [])


def csv_rows(
    path: Path, *, required: set[str], delimiter: str = ","
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line where the row starts, row) of a UTF-8 CSV file with a header.

    Raises ValidationFailed when a required column is missing.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise ValidationFailed(
                _("%(path)s lacks the columns: %(columns)s")
                % {"path": path.name, "columns": ", ".join(sorted(missing))},
                code="missing_columns",
            )
        line = reader.line_num + 1
        for row in reader:
            yield (
                line,
                {key: (value or "").strip() for key, value in row.items() if key},
            )
            line = reader.line_num + 1


def read_kato(path: Path) -> tuple[list[KatoRow], list[RowProblem]]:
    """Read KATO rows from the shipped file or the statistics bureau's export."""
    rows: list[KatoRow] = []
    problems: list[RowProblem] = []
    code_column = "kato" if "kato" in csv_header(path) else "code"
    required = {code_column, "level", "type_code", "name_ru", "name_kk"}
    for line, raw in csv_rows(path, required=required):
        try:
            rows.append(_kato_row(line, raw, code_column))
        except ValueError as error:
            problems.append(RowProblem(line, str(error)))
    return rows, problems


def _kato_row(line: int, raw: dict[str, str], code_column: str) -> KatoRow:
    code = raw[code_column]
    if len(code) != 9 or not code.isascii() or not code.isdigit():
        raise ValueError(_("KATO code must be 9 digits: %(code)s") % {"code": code})
    level_text = raw["level"]
    level = _KATO_LEVELS.get(level_text) or (
        int(level_text) if level_text in {"1", "2", "3", "4"} else None
    )
    if level is None:
        raise ValueError(_("Unknown KATO level: %(level)s") % {"level": level_text})
    if not raw["name_ru"] or not raw["name_kk"]:
        raise ValueError(_("KATO unit %(code)s has no name") % {"code": code})
    return KatoRow(
        line=line,
        code=code,
        level=level,
        type_code=raw["type_code"][:4],
        name_ru=raw["name_ru"][:255],
        name_kk=raw["name_kk"][:255],
        version=raw.get("kato_version") or None,
    )


def read_kato_english(
    path: Path,
) -> tuple[dict[str, tuple[int, str]], list[RowProblem]]:
    """Read the portal's English names of KATO units: code to (line, name)."""
    names: dict[str, tuple[int, str]] = {}
    problems: list[RowProblem] = []
    for line, raw in csv_rows(path, required={"code", "name_en"}):
        code, name = raw["code"], raw["name_en"]
        if len(code) != 9 or not code.isascii() or not code.isdigit():
            reason = _("KATO code must be 9 digits: %(code)s") % {"code": code}
        elif not name:
            reason = _("KATO unit %(code)s has no name") % {"code": code}
        elif code in names:
            reason = _("Code %(code)s repeats line %(line)s") % {
                "code": code, "line": names[code][0],
            }
        else:
            names[code] = (line, name[:255])
            continue
        problems.append(RowProblem(line, reason))
    return names, problems


def read_isco(path: Path) -> tuple[list[IscoRow], list[RowProblem]]:
    """Read ISCO-08 group codes and English titles (ESCO export or shipped file)."""
    rows: list[IscoRow] = []
    problems: list[RowProblem] = []
    for line, raw in csv_rows(path, required={"code", "preferredLabel"}):
        code, title = raw["code"], raw["preferredLabel"]
        if not _is_isco_code(code):
            problems.append(
                RowProblem(
                    line,
                    _("ISCO code must be 1 to 4 digits: %(code)s") % {"code": code},
                )
            )
        elif not title:
            problems.append(
                RowProblem(line, _("ISCO group %(code)s has no title") % {"code": code})
            )
        else:
            rows.append(IscoRow(line=line, code=code, title_en=title[:255]))
    return rows, problems


def read_titles(path: Path) -> tuple[list[TitleRow], list[RowProblem]]:
    """Read Kazakh and Russian ISCO titles with their official flag."""
    rows: list[TitleRow] = []
    problems: list[RowProblem] = []
    required = {"code", "title_kk", "title_ru", "official"}
    for line, raw in csv_rows(path, required=required):
        code, official = raw["code"], raw["official"].lower()
        if not _is_isco_code(code):
            reason = _("ISCO code must be 1 to 4 digits: %(code)s") % {"code": code}
        elif official not in _TRUE | _FALSE:
            reason = _("official must be 0 or 1, not %(value)s") % {"value": official}
        elif not raw["title_kk"] and not raw["title_ru"]:
            reason = _("ISCO group %(code)s has no title") % {"code": code}
        else:
            rows.append(
                TitleRow(
                    line=line,
                    code=code,
                    title_kk=raw["title_kk"][:255],
                    title_ru=raw["title_ru"][:255],
                    official=official in _TRUE,
                )
            )
            continue
        problems.append(RowProblem(line, reason))
    return rows, problems


def _is_isco_code(code: str) -> bool:
    return 1 <= len(code) <= 4 and code.isascii() and code.isdigit()
