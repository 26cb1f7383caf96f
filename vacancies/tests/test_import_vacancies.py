import datetime as dt
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from classifiers.services import kato_units_load, occupations_load
from core.localtime import ALMATY
from employers.importing import employer_name_key
from employers.models import Employer
from tests.factories import VacancyFactory
from vacancies.currency import to_kzt
from vacancies.importing import service
from vacancies.importing.reporting import report_lines
from vacancies.importing.service import (
    ImportReport,
    RowNote,
    import_context_build,
    vacancy_import_file,
)
from vacancies.models import Status, Vacancy
from vacancies.place_names import searched_place_names
from vacancies.search_document import search_fields
from vacancies.selectors import SearchQuery, vacancy_search
from vacancies.services import vacancy_search_words_catch_up

DATA = Path(__file__).parent / "data"
HH = DATA / "vacancies_hh.jsonl"
HHKZ_2020 = DATA / "hhkz_vacancies_2020.csv"
HHKZ_IT_2024 = DATA / "hhkz_it_vacancies_2024.csv"
UTC = dt.UTC


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def classifiers(db):
    kato_units_load(path=DATA / "kato_sample.csv")
    occupations_load()


@pytest.fixture
def context(classifiers, tmp_path):
    # An empty data folder: no ESCO labels, so results do not depend on it.
    return import_context_build(data_dir=tmp_path)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the fixture files, for tests that change them."""
    folder = tmp_path / "data"
    folder.mkdir()
    for path in (HH, HHKZ_2020, HHKZ_IT_2024):
        shutil.copy(path, folder / path.name)
    return folder


def imported(source: str, external_id: str) -> Vacancy:
    return Vacancy.objects.select_related(
        "employer", "region", "oblast", "occupation", "occupation_major"
    ).get(source=source, external_id=external_id)


def test_it_imports_hh_records_and_rejects_bad_lines_with_the_reason(context):
    report = vacancy_import_file(path=HH, context=context)

    assert (report.source, report.file_skipped) == ("hh", False)
    assert report.counts() == {
        "imported": 7,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "rejected": 4,
    }
    assert report.rejected == [
        RowNote(4, "Not valid JSON: Expecting value: line 1 column 55 (char 54)"),
        RowNote(5, "The vacancy has no title"),
        RowNote(6, "Salary from 500000 is above salary to 300000"),
        RowNote(11, "The employer is not named"),
    ]
    assert Vacancy.objects.filter(source="hh").count() == 7


def test_it_fills_every_field_of_an_hh_record(context):
    vacancy_import_file(path=HH, context=context)

    vacancy = imported("hh", "9000001")
    assert vacancy.title == "Python-разработчик"
    assert vacancy.description == (
        "<p><strong>Обязанности:</strong></p><ul><li>писать код</li></ul>"
        "<p>сайт компании</p>"
    )
    assert vacancy.duties == "Разработка сервисов на Django."
    assert vacancy.requirements == "Опыт работы с Python от 2 лет."
    assert vacancy.skills == "Python, Django"
    assert (vacancy.city, vacancy.country_code, vacancy.is_abroad) == (
        "Алматы",
        "KZ",
        False,
    )
    assert (vacancy.region.code, vacancy.oblast.code, vacancy.region_code) == (
        "750000000",
        "750000000",
        "750000000",
    )
    assert (vacancy.salary_from, vacancy.salary_to, vacancy.currency) == (
        600000,
        900000,
        "KZT",
    )
    assert (vacancy.salary_gross, vacancy.salary_kzt) == (True, 900000)
    assert (vacancy.schedule, vacancy.is_remote) == ("remote", True)
    assert (vacancy.experience, vacancy.employment_type) == ("1_3", "full")
    assert (vacancy.occupation.code, vacancy.occupation_major.code) == ("2512", "2")
    assert vacancy.language == "ru"
    assert vacancy.status == Status.PUBLISHED
    assert vacancy.published_at == dt.datetime(2023, 5, 10, 7, 18, 52, tzinfo=UTC)
    assert vacancy.source_url == "https://hh.ru/vacancy/9000001"
    assert (vacancy.search_title, vacancy.search_document) == search_fields(
        title=vacancy.title,
        description=vacancy.description,
        duties=vacancy.duties,
        requirements=vacancy.requirements,
        employer=vacancy.employer.name,
        places=searched_place_names(
            city=vacancy.city, country_code=vacancy.country_code,
            is_abroad=vacancy.is_abroad,
            units=[(unit.name_kk, unit.name_ru, unit.name_en)
                   for unit in dict.fromkeys(filter(None, [vacancy.region,
                                                           vacancy.oblast]))],
        ),
    )
    assert vacancy.oblast is not None  # so that the place's words were checked
    assert vacancy.search_employer_name == vacancy.employer.name
    employer = vacancy.employer
    assert (employer.name, employer.source, employer.external_id, employer.bin) == (
        "ТОО Алатау Софт",
        "hh",
        "7000001",
        None,
    )


def test_it_marks_vacancies_abroad_with_country_and_no_region(context):
    vacancy_import_file(path=HH, context=context)

    moscow = imported("hh", "9000002")
    assert (moscow.city, moscow.country_code, moscow.is_abroad) == (
        "Москва",
        "RU",
        True,
    )
    assert (moscow.region, moscow.oblast, moscow.region_code) == (None, None, "")
    assert (moscow.currency, moscow.salary_gross) == ("RUB", False)
    assert moscow.salary_kzt == to_kzt(150000, "RUB")
    minsk = imported("hh", "9000003")
    assert (minsk.city, minsk.country_code, minsk.currency) == ("Минск", "BY", "BYN")
    assert (minsk.schedule, minsk.experience, minsk.employment_type) == (
        "shift",
        "none",
        "part",
    )
    dzerzhinsk = imported("hh", "9000009")
    assert (dzerzhinsk.city, dzerzhinsk.country_code, dzerzhinsk.is_abroad) == (
        "Дзержинск",
        "BY",
        True,
    )


def test_it_reads_records_rebuilt_from_csv_with_names_instead_of_ids(context):
    vacancy_import_file(path=HH, context=context)

    vacancy = imported("hh", "9000007")
    assert (vacancy.city, vacancy.region.code, vacancy.oblast.code) == (
        "Караганда",
        "351010000",
        "350000000",
    )
    assert vacancy.published_at == dt.datetime(2023, 7, 19, tzinfo=ALMATY)
    assert (vacancy.experience, vacancy.employment_type) == ("3_6", "part")
    assert (vacancy.language, vacancy.occupation.code) == ("kk", "2411")
    assert vacancy.employer.external_id == employer_name_key("ТОО Тест Көмір")


def test_a_salary_per_rotation_gets_no_monthly_figure_in_tenge(context):
    vacancy_import_file(path=HH, context=context)

    vacancy = imported("hh", "9000008")
    assert (vacancy.city, vacancy.region.code) == ("Астана", "710000000")
    assert (vacancy.salary_from, vacancy.salary_to, vacancy.currency) == (
        3000,
        4000,
        "USD",
    )
    assert vacancy.salary_kzt is None
    assert (vacancy.schedule, vacancy.is_remote, vacancy.language) == (
        "fly_in_fly_out",
        False,
        "en",
    )


def test_a_remote_work_format_makes_the_vacancy_remote(context):
    vacancy_import_file(path=HH, context=context)

    vacancy = imported("hh", "9000010")
    assert (vacancy.city, vacancy.region.code, vacancy.is_remote) == (
        "Аксай",
        "273620100",
        True,
    )
    assert (vacancy.salary_from, vacancy.salary_gross) == (250000, None)


def test_it_imports_the_2020_cards_and_reports_rejects_and_repeats(context):
    report = vacancy_import_file(path=HHKZ_2020, context=context)

    assert report.counts() == {
        "imported": 5,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 1,
        "rejected": 3,
    }
    assert report.duplicates == [RowNote(7, "Repeats line 3")]
    assert report.rejected == [
        RowNote(6, "The employer is not named"),
        RowNote(8, "The publication date is not understood: 31\u00a0ноября"),
        RowNote(9, "Salary from 50000 is above salary to 40000"),
    ]
    assert report.unmatched_places == {"Атырау": 1}
    astana = Vacancy.objects.get(source="hhkz2020", title="Системный администратор")
    assert (astana.city, astana.region_code) == ("Астана", "710000000")
    assert (astana.salary_from, astana.salary_to, astana.salary_gross) == (
        250000,
        300000,
        None,
    )
    assert astana.published_at == dt.datetime(2020, 11, 26, tzinfo=ALMATY)
    assert astana.external_id.startswith("row:")
    almaty = Vacancy.objects.get(source="hhkz2020", title="Бухгалтер")
    assert (almaty.city, almaty.region_code) == ("Алматы", "750000000")
    driver = Vacancy.objects.get(source="hhkz2020", title="Водитель")
    assert (driver.salary_to, driver.currency, driver.region_code) == (
        25000,
        "RUB",
        "631010000",
    )


def test_it_imports_the_2024_it_cards_with_their_hh_ids(context):
    report = vacancy_import_file(path=HHKZ_IT_2024, context=context)

    assert report.counts() == {
        "imported": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 1,
        "rejected": 3,
    }
    assert report.duplicates == [RowNote(5, "Repeats line 4")]
    assert report.rejected == [
        RowNote(6, "Salary from 300000 is above salary to 200000"),
        RowNote(7, "The link names no hh vacancy: https://almaty.hh.kz/resume/abc"),
        RowNote(8, "Salary not understood: сколько скажете"),
    ]
    senior = imported("hhkz_it2024", "108000003")
    assert (senior.experience, senior.currency, senior.salary_from) == (
        "6_plus",
        "USD",
        2000,
    )
    assert (senior.salary_gross, senior.city, senior.region_code) == (
        False,
        "Алматы",
        "750000000",
    )
    assert senior.source_url == "https://almaty.hh.kz/vacancy/108000003"
    assert senior.published_at == dt.datetime(2024, 11, 1, tzinfo=ALMATY)
    assert (senior.language, senior.occupation.code) == ("en", "2512")
    analyst = imported("hhkz_it2024", "108000002")
    assert (analyst.salary_from, analyst.salary_to, analyst.salary_gross) == (
        150000,
        350000,
        True,
    )


def test_one_employer_named_in_many_rows_is_stored_once(context):
    vacancy_import_file(path=HH, context=context)
    vacancy_import_file(path=HHKZ_IT_2024, context=context)

    assert Employer.objects.filter(source="hh", external_id="7000001").count() == 1
    assert Vacancy.objects.filter(employer__name="ТОО Алатау Софт").count() == 1
    assert Vacancy.objects.filter(employer__name="ТОО Тест Софт").count() == 1
    assert Employer.objects.filter(name="ООО Тест Продаж").count() == 1


def test_an_unchanged_file_is_skipped_and_a_forced_run_changes_nothing(context):
    first = vacancy_import_file(path=HH, context=context)
    rows = dict(Vacancy.objects.values_list("external_id", "updated_at"))

    again = vacancy_import_file(path=HH, context=context)
    forced = vacancy_import_file(path=HH, context=context, force=True)

    assert first.imported == 7
    assert (again.file_skipped, again.counts()["imported"]) == (True, 0)
    assert forced.counts() == {
        "imported": 0,
        "updated": 0,
        "unchanged": 7,
        "duplicates": 0,
        "rejected": 4,
    }
    assert dict(Vacancy.objects.values_list("external_id", "updated_at")) == rows


def test_a_changed_record_updates_its_vacancy_and_keeps_the_moderators_status(
    context, data_copy
):
    path = data_copy / HH.name
    vacancy_import_file(path=path, context=context)
    before = imported("hh", "9000002")
    Vacancy.objects.filter(pk=before.pk).update(status=Status.CLOSED)

    path.write_text(
        path.read_text(encoding="utf-8").replace('"Бухгалтер"', '"Главный бухгалтер"'),
        encoding="utf-8",
    )
    report = vacancy_import_file(path=path, context=context)

    after = imported("hh", "9000002")
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 6)
    assert (after.pk, after.title, after.status) == (
        before.pk,
        "Главный бухгалтер",
        "closed",
    )
    assert after.occupation.code == "2411"
    assert after.updated_at > before.updated_at


def test_the_import_leaves_the_portals_own_vacancies_alone(context):
    own = VacancyFactory(title="Бухгалтер", source="portal")

    vacancy_import_file(path=HHKZ_2020, context=context)

    own.refresh_from_db()
    assert (own.title, own.source, own.external_id) == ("Бухгалтер", "portal", "")
    assert Vacancy.objects.filter(source="portal").count() == 1


def test_a_row_the_database_refuses_costs_that_row_only(context, monkeypatch):
    values = service._vacancy_values

    def upside_down_for_minsk(raw, *args, **kwargs):
        result = values(raw, *args, **kwargs)
        if raw.external_id == "9000003":
            result["salary_from"], result["salary_to"] = 3000, 2000
        return result

    monkeypatch.setattr(service, "_vacancy_values", upside_down_for_minsk)

    report = vacancy_import_file(path=HH, context=context)

    assert (report.imported, len(report.rejected)) == (6, 5)
    refused = report.rejected[-1]
    assert refused.line == 3
    assert refused.reason.startswith("The database refused the row: ")
    assert not Vacancy.objects.filter(external_id="9000003").exists()


def test_progress_hears_of_every_row_once(context):
    ticks = []

    vacancy_import_file(path=HH, context=context, progress=ticks.append)

    assert ticks[0] == 0
    assert sum(ticks) == 11


def test_the_report_lists_counts_rejects_and_unmatched_places(context):
    report = vacancy_import_file(path=HHKZ_2020, context=context)
    report.seconds = 2.0

    assert report_lines(report) == [
        "hhkz_vacancies_2020.csv (hhkz2020): 9 rows in 2.0 s (4 rows/s)",
        "  imported 5, updated 0, unchanged 0, skipped as repeats 1, rejected 3",
        "  line 6: The employer is not named",
        "  line 7: Repeats line 3",
        "  line 8: The publication date is not understood: 31\u00a0ноября",
        "  line 9: Salary from 50000 is above salary to 40000",
        "  places in Kazakhstan not matched to KATO: Атырау (1)",
        "  titles without an occupation: 1",
    ]


def test_the_report_of_a_skipped_file_says_so():
    report = ImportReport(
        source="hh", path="/data/vacancies_hh.jsonl", file_skipped=True
    )

    assert report_lines(report) == [
        "vacancies_hh.jsonl (hh): unchanged since the last import, skipped; "
        "--force imports it again."
    ]


def test_the_command_imports_several_files_and_prints_the_report(classifiers):
    out = StringIO()

    call_command(
        "import_vacancies",
        str(HHKZ_IT_2024),
        str(HHKZ_2020),
        stdout=out,
        stderr=StringIO(),
    )

    text = out.getvalue()
    assert (
        "  imported 3, updated 0, unchanged 0, skipped as repeats 1, rejected 3" in text
    )
    assert (
        "  imported 5, updated 0, unchanged 0, skipped as repeats 1, rejected 3" in text
    )
    assert Vacancy.objects.count() == 8


def test_the_command_refuses_missing_files_and_unknown_formats(classifiers, tmp_path):
    stray = tmp_path / "notes.csv"
    stray.write_text("a;b;c\n1;2;3\n", encoding="utf-8")

    with pytest.raises(CommandError, match="No such file: /nowhere/x.jsonl"):
        call_command("import_vacancies", "/nowhere/x.jsonl", stdout=StringIO())
    with pytest.raises(CommandError, match="notes.csv is not a vacancy file"):
        call_command(
            "import_vacancies", str(stray), stdout=StringIO(), stderr=StringIO()
        )


def test_demo_data_loads_once_and_a_second_run_imports_nothing(classifiers, data_copy):
    first, second = StringIO(), StringIO()

    call_command(
        "load_demo_data", "--data-dir", str(data_copy), stdout=first, stderr=StringIO()
    )
    count = Vacancy.objects.count()
    call_command(
        "load_demo_data", "--data-dir", str(data_copy), stdout=second, stderr=StringIO()
    )

    assert count == 7 + 5 + 3
    assert Vacancy.objects.count() == count
    assert second.getvalue().count("unchanged since the last import, skipped") == 3


def test_demo_data_does_nothing_without_the_data_folder(db, tmp_path):
    out = StringIO()

    call_command("load_demo_data", "--data-dir", str(tmp_path / "absent"), stdout=out)

    assert out.getvalue().startswith(
        f"No demo data: the folder {tmp_path / 'absent'} does not exist."
    )
    assert Vacancy.objects.count() == 0


def test_new_classifiers_make_an_unchanged_file_import_again(db, tmp_path):
    before = import_context_build(data_dir=tmp_path)
    vacancy_import_file(path=HHKZ_2020, context=before)
    assert Vacancy.objects.filter(region__isnull=False).count() == 0

    kato_units_load(path=DATA / "kato_sample.csv")
    after = import_context_build(data_dir=tmp_path)
    report = vacancy_import_file(path=HHKZ_2020, context=after)

    # Атырау is missing from the sample KATO: that row stays as it was.
    assert (report.file_skipped, report.updated, report.unchanged) == (False, 4, 1)
    assert Vacancy.objects.filter(region__isnull=False).count() == 4


# --- facts the sources do not state -------------------------------------------


def facts_of(source: str) -> dict[str, tuple[str, str, str]]:
    rows = Vacancy.objects.filter(source=source).values_list(
        "external_id", "employment_type", "schedule", "education"
    )
    return {external_id: tuple(values) for external_id, *values in rows}


def test_no_import_states_an_education_its_source_does_not_give(context):
    for path in (HH, HHKZ_2020, HHKZ_IT_2024):
        vacancy_import_file(path=path, context=context)

    assert Vacancy.objects.count() == 7 + 5 + 3
    assert not Vacancy.objects.exclude(education="").exists()


def test_the_cards_of_the_csv_files_state_no_employment_or_schedule(context):
    vacancy_import_file(path=HHKZ_2020, context=context)
    vacancy_import_file(path=HHKZ_IT_2024, context=context)

    rows = {**facts_of("hhkz2020"), **facts_of("hhkz_it2024")}
    assert len(rows) == 5 + 3
    assert set(rows.values()) == {("", "", "")}


def test_hh_records_state_only_the_employment_and_schedule_they_give(context):
    vacancy_import_file(path=HH, context=context)

    assert facts_of("hh") == {
        "9000001": ("full", "remote", ""),
        "9000002": ("", "full_day", ""),
        "9000003": ("part", "shift", ""),
        "9000007": ("part", "", ""),
        "9000008": ("", "fly_in_fly_out", ""),
        "9000009": ("", "", ""),
        "9000010": ("", "", ""),
    }


def test_a_reimport_corrects_what_the_previous_importer_invented(
    context, monkeypatch
):
    def fresh_context():
        return import_context_build(data_dir=context.data_dir)

    monkeypatch.setattr(service, "IMPORTER_VERSION", "1")
    vacancy_import_file(path=HH, context=fresh_context())
    # What version 1 stored for the records that give neither.
    Vacancy.objects.filter(employment_type="").update(employment_type="full")
    Vacancy.objects.filter(schedule="").update(schedule="full_day")
    monkeypatch.undo()

    first = vacancy_import_file(path=HH, context=fresh_context())
    second = vacancy_import_file(path=HH, context=fresh_context(), force=True)

    # The file has not changed: the new importer version alone reads it again.
    assert (first.file_skipped, first.updated, first.unchanged) == (False, 5, 2)
    assert facts_of("hh")["9000009"] == ("", "", "")
    assert facts_of("hh")["9000002"] == ("", "full_day", "")
    assert (second.updated, second.unchanged) == (0, 7)


def test_the_employment_facet_counts_no_vacancy_whose_source_is_silent(context):
    vacancy_import_file(path=HHKZ_2020, context=context)
    VacancyFactory(title="Повар", employment_type="part")

    facets = vacancy_search(SearchQuery()).facets

    assert facets.region  # the cards are counted where they are known
    assert [(v.value, v.count) for v in facets.employment_type] == [("part", 1)]


# --- archived records and the number of places ----------------------------------


def archive(path: Path, external_id: str) -> None:
    """Mark one record of the hh file at PATH as archived by its source."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        if f'"id": "{external_id}"' in line:
            record = json.loads(line)
            lines[number] = json.dumps({**record, "archived": True}) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def closing_of(external_id: str) -> tuple[str, str, bool]:
    vacancy = imported("hh", external_id)
    return vacancy.status, vacancy.close_reason, vacancy.closed_at is not None


def test_an_archived_record_is_imported_closed_as_expired(context, data_copy):
    path = data_copy / HH.name
    archive(path, "9000003")

    vacancy_import_file(path=path, context=context)

    assert closing_of("9000003") == ("closed", "expired", True)
    assert closing_of("9000001") == ("published", "", False)


def test_a_reimport_closes_the_vacancy_of_a_record_archived_since(
    context, data_copy
):
    path = data_copy / HH.name
    vacancy_import_file(path=path, context=context)
    archive(path, "9000003")

    report = vacancy_import_file(path=path, context=context)
    again = vacancy_import_file(path=path, context=context, force=True)

    assert (report.updated, report.unchanged) == (1, 6)
    assert closing_of("9000003") == ("closed", "expired", True)
    assert (again.updated, again.unchanged) == (0, 7)


def test_a_reimport_keeps_why_a_vacancy_archived_since_was_closed(context, data_copy):
    path = data_copy / HH.name
    vacancy_import_file(path=path, context=context)
    Vacancy.objects.filter(external_id="9000003").update(
        status=Status.CLOSED, close_reason="filled"
    )
    archive(path, "9000003")

    vacancy_import_file(path=path, context=context)

    assert closing_of("9000003") == ("closed", "filled", False)


def test_no_import_states_a_number_of_places(context):
    for path in (HH, HHKZ_2020, HHKZ_IT_2024):
        vacancy_import_file(path=path, context=context)

    assert set(Vacancy.objects.values_list("places", flat=True)) == {0}


def test_a_reimport_of_an_unchanged_file_fixes_what_version_2_stored(
    context, monkeypatch, data_copy
):
    def fresh_context():
        return import_context_build(data_dir=context.data_dir)

    path = data_copy / HH.name
    archive(path, "9000003")
    monkeypatch.setattr(service, "IMPORTER_VERSION", "2")
    vacancy_import_file(path=path, context=fresh_context())
    # What version 2 stored: one place each, and every record open.
    Vacancy.objects.update(places=1, status=Status.PUBLISHED, close_reason="")
    monkeypatch.undo()

    report = vacancy_import_file(path=path, context=fresh_context())

    assert (report.file_skipped, report.updated) == (False, 7)
    assert set(Vacancy.objects.values_list("places", flat=True)) == {0}
    assert closing_of("9000003") == ("closed", "expired", True)


@pytest.mark.parametrize("chunk_size", [1, 2000])
def test_an_employer_spelled_two_ways_gets_one_name_in_its_words(
    context, tmp_path, monkeypatch, chunk_size
):
    # One row per chunk is a company renamed between two chunks of a file.
    monkeypatch.setattr(service, "CHUNK_SIZE", chunk_size)
    # The 2020 file knows employers by name: case and spaces make no other one.
    path = tmp_path / "hhkz_vacancies_2020.csv"
    path.write_text(
        "Title;Salary;Company;Location;Date\n"
        "Бухгалтер;от 200 000 KZT;ТОО Алатау Тест;Алматы;2 ноября\n"
        "Кассир;;ТОО  АЛАТАУ тест;Алматы;3 ноября\n",
        encoding="utf-8",
    )
    vacancy_import_file(path=path, context=context)

    stored = Vacancy.objects.select_related("employer").order_by("id")
    # The file's last spelling, in both rows' words.
    assert stored[0].employer.name == "ТОО АЛАТАУ тест"
    assert {vacancy.search_employer_name for vacancy in stored} == {
        "ТОО АЛАТАУ тест"
    }
    # The worker finds nothing to rewrite, so a re-import finds nothing changed.
    assert vacancy_search_words_catch_up() == 0
    report = vacancy_import_file(path=path, context=context, force=True)
    assert (report.updated, report.unchanged) == (0, 2)
