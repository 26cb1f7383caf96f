"""Reading one record of each source: only the facts the source states."""

import json

from vacancies.importing.records import (
    SOURCE_HH,
    SOURCE_HHKZ_2020,
    SOURCE_HHKZ_IT_2024,
    RawVacancy,
    parse_unit,
)

HH_RECORD = {
    "id": "9100001",
    "name": "Бухгалтер",
    "employer": {"id": "7100001", "name": "ТОО Тест"},
    "area": {"id": "160", "name": "Алматы"},
    "published_at": "2023-05-10T10:18:52+0300",
}
CARD_2020 = ["Бухгалтер", "от 200 000 KZT", "ТОО Тест", "Алматы, Абая", "2 ноября"]
CARD_2024 = [
    "Аналитик данных", "ТОО Тест", "Опыт 1-3 года", "Not specified",
    "https://almaty.hh.kz/vacancy/108000002?hhtmFrom=vacancy_search_list",
]


def hh_record(**fields: object) -> RawVacancy:
    record = parse_unit(SOURCE_HH, 1, json.dumps({**HH_RECORD, **fields}))
    assert isinstance(record, RawVacancy), record
    return record


def facts(record: RawVacancy) -> tuple[str, str, str, bool]:
    return (
        record.employment_type, record.schedule, record.experience, record.is_remote
    )


def test_an_hh_record_without_employment_or_schedule_states_neither():
    assert facts(hh_record()) == ("", "", "", False)


def test_an_hh_record_with_empty_employment_and_schedule_states_neither():
    record = hh_record(employment=None, schedule={}, experience={"id": None})

    assert facts(record) == ("", "", "", False)


def test_an_hh_record_with_values_the_portal_does_not_know_states_nothing():
    record = hh_record(
        employment={"id": "seasonal", "name": "Сезонная"},
        schedule={"id": "weekends", "name": "Выходные"},
    )

    assert facts(record) == ("", "", "", False)


def test_an_hh_record_keeps_the_employment_and_schedule_it_names():
    record = hh_record(
        employment={"id": "part", "name": "Частичная занятость"},
        schedule={"id": "remote", "name": "Удаленная работа"},
        experience={"id": "noExperience"},
    )

    assert facts(record) == ("part", "remote", "none", True)


def test_an_hh_record_rebuilt_from_csv_is_read_by_its_russian_names():
    record = hh_record(employment={"name": "Полная занятость"})

    assert facts(record) == ("full", "", "", False)


def test_a_2020_card_states_no_employment_schedule_or_experience():
    record = parse_unit(SOURCE_HHKZ_2020, 2, CARD_2020)

    assert isinstance(record, RawVacancy), record
    assert facts(record) == ("", "", "", False)


def test_a_2024_it_card_states_its_experience_only():
    record = parse_unit(SOURCE_HHKZ_IT_2024, 2, CARD_2024)

    assert isinstance(record, RawVacancy), record
    assert facts(record) == ("", "", "1_3", False)
