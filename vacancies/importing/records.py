"""The three source formats, read into one shape: RawVacancy.

Reading checks what one row alone can tell (a title, an employer, a salary
that makes sense, a date); where the vacancy is and which occupation it names
is decided later, against the classifiers. A bad row raises RowRejected with
the reason, and the import goes on with the next one.
"""

import csv
import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from core.localtime import ALMATY
from employers.importing import employer_name_key
from vacancies.importing.salary import (
    SalaryError,
    SalaryOffer,
    parse_salary_text,
    salary_offer,
)
from vacancies.importing.text import clean_html, plain_text
from vacancies.models import EmploymentType, Experience, Schedule

SOURCE_HH = "hh"
SOURCE_HHKZ_2020 = "hhkz2020"
SOURCE_HHKZ_IT_2024 = "hhkz_it2024"
HHKZ_2020_HEADER = ["Title", "Salary", "Company", "Location", "Date"]
HHKZ_IT_2024_HEADER = ["Job Title", "Company", "Experience", "Salary", "Link"]
# The 2020 cards give a day and a month only; they were collected in 2020.
HHKZ_2020_YEAR = 2020
# The 2024 IT cards carry no date; they were collected from an Almaty search
# in November 2024, so they count as published on its first day.
HHKZ_IT_2024_PUBLISHED = dt.datetime(2024, 11, 1, tzinfo=ALMATY)
HHKZ_IT_2024_CITY = "Алматы"
TITLE_MAX_LENGTH = 300
URL_MAX_LENGTH = 500
EXTERNAL_ID_MAX_LENGTH = 64

SCHEDULES = {
    "fullDay": Schedule.FULL_DAY,
    "shift": Schedule.SHIFT,
    "flexible": Schedule.FLEXIBLE,
    "remote": Schedule.REMOTE,
    "flyInFlyOut": Schedule.FLY_IN_FLY_OUT,
}
EXPERIENCES = {
    "noExperience": Experience.NONE,
    "between1And3": Experience.FROM_1_TO_3,
    "between3And6": Experience.FROM_3_TO_6,
    "moreThan6": Experience.OVER_6,
    # Records rebuilt from CSV exports carry the Russian names without ids.
    "Нет опыта": Experience.NONE,
    "От 1 года до 3 лет": Experience.FROM_1_TO_3,
    "От 3 до 6 лет": Experience.FROM_3_TO_6,
    "Более 6 лет": Experience.OVER_6,
    # hh.kz cards.
    "Без опыта": Experience.NONE,
    "Опыт 1-3 года": Experience.FROM_1_TO_3,
    "Опыт 3-6 лет": Experience.FROM_3_TO_6,
    "Опыт более 6 лет": Experience.OVER_6,
}
EMPLOYMENTS = {
    "full": EmploymentType.FULL,
    "part": EmploymentType.PART,
    "project": EmploymentType.PROJECT,
    "volunteer": EmploymentType.VOLUNTEER,
    "probation": EmploymentType.INTERNSHIP,
    "Полная занятость": EmploymentType.FULL,
    "Частичная занятость": EmploymentType.PART,
    "Проектная работа": EmploymentType.PROJECT,
    "Волонтерство": EmploymentType.VOLUNTEER,
    "Стажировка": EmploymentType.INTERNSHIP,
}
RUSSIAN_MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_HH_LINK_ID = re.compile(r"/vacancy/(\d+)")


class RowRejected(ValueError):
    """A row that cannot become a vacancy; the message says why."""


@dataclass
class RawVacancy:
    line: int
    external_id: str
    title: str
    employer_external_id: str
    employer_name: str
    place_text: str
    published_at: dt.datetime
    description: str = ""  # sanitised HTML
    duties: str = ""
    requirements: str = ""
    skills: str = ""
    area_id: str | None = None
    salary: SalaryOffer | None = None
    # False when the amount is per shift or rotation, not per month.
    salary_monthly: bool = True
    # "" where the source does not say: the portal invents no facts.
    schedule: str = ""
    employment_type: str = ""
    experience: str = ""
    is_remote: bool = False
    source_url: str = ""
    # The source took the vacancy down: it is imported closed.
    archived: bool = False


RecordResult = RawVacancy | RowRejected
# The text of one JSON line, or the cells of one CSV row.
RecordUnit = str | list[str]


def detect_source(path: Path) -> str | None:
    """Tell the format of PATH from its first line; None when unknown."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline().strip()
    if first.startswith("{"):
        return SOURCE_HH
    header = next(csv.reader([first], delimiter=";"), [])
    if header == HHKZ_2020_HEADER:
        return SOURCE_HHKZ_2020
    if header == HHKZ_IT_2024_HEADER:
        return SOURCE_HHKZ_IT_2024
    return None


def count_records(path: Path, source: str) -> int:
    """Count the records of PATH cheaply, for a progress bar."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        if source == SOURCE_HH:
            return sum(1 for line in handle if line.strip())
        return max(sum(1 for _row in csv.reader(handle, delimiter=";")) - 1, 0)


def read_records(path: Path, source: str) -> Iterator[tuple[int, RecordResult]]:
    """Yield (line, RawVacancy or RowRejected) for every record of PATH."""
    for line, unit in read_units(path, source):
        yield line, parse_unit(source, line, unit)


def read_units(path: Path, source: str) -> Iterator[tuple[int, RecordUnit]]:
    """Yield (line, unit) for every record of PATH, not yet parsed.

    A unit is the text of a JSON line or the cells of a CSV row: cheap to
    read, and parse_unit turns it into a record anywhere, also in another
    process.
    """
    if source == SOURCE_HH:
        yield from _jsonl_units(path)
    else:
        yield from _csv_units(path)


def parse_unit(source: str, line: int, unit: RecordUnit) -> RecordResult:
    """Return the record of one unit of read_units, or why it is rejected."""
    if source == SOURCE_HH:
        try:
            data = json.loads(unit)  # type: ignore[arg-type]
        except ValueError as error:
            return RowRejected(_("Not valid JSON: %(error)s") % {"error": error})
        return _guarded(parse_hh_record, line, data)
    parse = _parse_hhkz_2020 if source == SOURCE_HHKZ_2020 else _parse_hhkz_it_2024
    return _guarded(parse, line, unit)


def _jsonl_units(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for line_number, line in enumerate(handle, start=1):
            text = line.strip()
            if text:
                yield line_number, text


def _csv_units(path: Path) -> Iterator[tuple[int, list[str]]]:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)
        line_number = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                yield line_number, row
            line_number = reader.line_num + 1


def _guarded(
    parse: Callable[[int, Any], RawVacancy], line: int, data: Any
) -> RecordResult:
    try:
        return parse(line, data)
    except RowRejected as error:
        return error
    except SalaryError as error:
        return RowRejected(str(error))
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        # Shapes no check above foresaw still cost one row, not the import.
        return RowRejected(_("Unexpected data: %(error)s") % {"error": error})


def parse_hh_record(line: int, data: Any) -> RawVacancy:
    """Read one HeadHunter API record (vacancies_hh.jsonl)."""
    if not isinstance(data, dict):
        raise RowRejected(_("The record is not a JSON object"))
    external_id = _external_id(data.get("id"))
    title = _title(data.get("name"))
    employer = _object(data, "employer")
    employer_name = _required_name(employer.get("name"))
    employer_id = str(employer.get("id") or "")[:EXTERNAL_ID_MAX_LENGTH]
    area = _object(data, "area")
    snippet = _object(data, "snippet")
    salary, monthly = _hh_salary(data)
    schedule = _choice(data, "schedule", SCHEDULES)
    formats = {
        item.get("id")
        for item in data.get("work_format") or []
        if isinstance(item, dict)
    }

    return RawVacancy(
        line=line,
        external_id=external_id,
        title=title,
        employer_external_id=employer_id or employer_name_key(employer_name),
        employer_name=employer_name,
        place_text=str(area.get("name") or ""),
        area_id=str(area["id"]) if area.get("id") is not None else None,
        published_at=_hh_datetime(data.get("published_at")),
        description=clean_html(str(data.get("description") or "")),
        duties=plain_text(str(snippet.get("responsibility") or "")),
        requirements=plain_text(str(snippet.get("requirement") or "")),
        skills=_skills(data.get("key_skills")),
        salary=salary,
        salary_monthly=monthly,
        schedule=schedule,
        employment_type=_choice(data, "employment", EMPLOYMENTS),
        experience=_choice(data, "experience", EXPERIENCES),
        is_remote=schedule == Schedule.REMOTE or "REMOTE" in formats,
        source_url=str(data.get("alternate_url") or "")[:URL_MAX_LENGTH],
        archived=data.get("archived") is True,
    )


def _parse_hhkz_2020(line: int, row: list[str]) -> RawVacancy:
    """Read one card of hhkz_vacancies_2020.csv: Title;Salary;Company;Location;Date."""
    title_text, salary_text, company, location, date_text = _cells(row, 5)
    employer_name = _required_name(company)
    # The cards have no id: the row itself is the key, so an unchanged row
    # is found again on the next import.
    digest = hashlib.sha256("\x1f".join(_cells(row, 5)).encode()).hexdigest()
    return RawVacancy(
        line=line,
        external_id="row:" + digest[:40],
        title=_title(title_text),
        employer_external_id=employer_name_key(employer_name),
        employer_name=employer_name,
        place_text=location,
        published_at=_day_and_month(date_text, HHKZ_2020_YEAR),
        salary=parse_salary_text(salary_text),
    )


def _parse_hhkz_it_2024(line: int, row: list[str]) -> RawVacancy:
    """Read one card of hhkz_it_vacancies_2024.csv: Job Title;Company;Experience;
    Salary;Link."""
    title_text, company, experience_text, salary_text, link = _cells(row, 5)
    match = _HH_LINK_ID.search(link)
    if match is None:
        raise RowRejected(_("The link names no hh vacancy: %(link)s") % {"link": link})
    employer_name = _required_name(company)
    experience = " ".join(html.unescape(experience_text).split())
    return RawVacancy(
        line=line,
        external_id=match.group(1),
        title=_title(title_text),
        employer_external_id=employer_name_key(employer_name),
        employer_name=employer_name,
        place_text=HHKZ_IT_2024_CITY,
        published_at=HHKZ_IT_2024_PUBLISHED,
        salary=parse_salary_text(salary_text),
        experience=EXPERIENCES.get(experience, ""),
        source_url=link.split("?", 1)[0][:URL_MAX_LENGTH],
    )


def _cells(row: list[str], count: int) -> list[str]:
    if len(row) != count:
        raise RowRejected(
            _("Expected %(expected)s columns, found %(found)s")
            % {"expected": count, "found": len(row)}
        )
    return [cell.strip() for cell in row]


def _external_id(value: Any) -> str:
    external_id = str(value).strip() if value is not None else ""
    if not external_id:
        raise RowRejected(_("The record has no id"))
    if len(external_id) > EXTERNAL_ID_MAX_LENGTH:
        raise RowRejected(_("The record id is too long: %(id)s") % {"id": external_id})
    return external_id


def _title(value: Any) -> str:
    title = " ".join(str(value or "").split())
    if not title:
        raise RowRejected(_("The vacancy has no title"))
    if len(title) > TITLE_MAX_LENGTH:
        raise RowRejected(
            _("The title is longer than %(limit)s characters")
            % {"limit": TITLE_MAX_LENGTH}
        )
    return title


def _required_name(value: Any) -> str:
    name = " ".join(html.unescape(str(value or "")).split())
    if not name:
        raise RowRejected(_("The employer is not named"))
    return name


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _choice(data: dict[str, Any], key: str, choices: dict[str, str]) -> str:
    """Return the choice that DATA[KEY] names by id or name; "" when none."""
    value = _object(data, key)
    return choices.get(str(value.get("id")), choices.get(str(value.get("name")), ""))


def _skills(value: Any) -> str:
    if not isinstance(value, list):
        return ""
    names = (
        str(item.get("name") or "").strip() for item in value if isinstance(item, dict)
    )
    return ", ".join(name for name in names if name)


def _hh_salary(data: dict[str, Any]) -> tuple[SalaryOffer | None, bool]:
    salary = data.get("salary")
    if not isinstance(salary, dict):
        return None, True
    offer = salary_offer(
        amount_from=salary.get("from"),
        amount_to=salary.get("to"),
        currency=str(salary.get("currency") or ""),
        gross=salary["gross"] if isinstance(salary.get("gross"), bool) else None,
    )
    mode = _object(_object(data, "salary_range"), "mode").get("id")
    return offer, mode in (None, "MONTH")


def _hh_datetime(value: Any) -> dt.datetime:
    """Read "2022-03-21T10:18:52+0300", or a bare date as midnight in Almaty."""
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise RowRejected(
            _("The publication date is not understood: %(value)s") % {"value": value}
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ALMATY)


def _day_and_month(text: str, year: int) -> dt.datetime:
    """Read "26 ноября" as midnight of that day in Almaty."""
    parts = text.split()
    month = RUSSIAN_MONTHS.get(parts[1].casefold()) if len(parts) == 2 else None
    try:
        return dt.datetime(year, month or 0, int(parts[0]), tzinfo=ALMATY)
    except (ValueError, IndexError):
        raise RowRejected(
            _("The publication date is not understood: %(value)s") % {"value": text}
        ) from None
