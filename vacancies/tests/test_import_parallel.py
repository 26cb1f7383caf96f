"""The import's worker processes give the same vacancies and report as one process."""

import os
from pathlib import Path

import pytest

from classifiers.models import DataLoad
from classifiers.services import kato_units_load, occupations_load
from employers.models import Employer
from vacancies.importing import preparing, service
from vacancies.importing.reporting import report_lines
from vacancies.importing.service import RowNote, import_context_build
from vacancies.importing.service import vacancy_import_file as import_file
from vacancies.importing.writing import IMPORTED_FIELDS
from vacancies.models import Vacancy

DATA = Path(__file__).parent / "data"
FILES = [
    DATA / "vacancies_hh.jsonl",
    DATA / "hhkz_vacancies_2020.csv",
    DATA / "hhkz_it_vacancies_2024.csv",
]
HH = FILES[0]


@pytest.fixture
def classifiers(db):
    kato_units_load(path=DATA / "kato_sample.csv")
    occupations_load()


@pytest.fixture
def workers(monkeypatch):
    """Send even the small test files to two workers, two rows per batch."""
    monkeypatch.setattr(service, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(preparing, "BATCH_ROWS", 2)
    monkeypatch.setattr(preparing, "worker_count", lambda: 2)


@pytest.fixture
def contexts(classifiers, tmp_path):
    """Return a function building an import context; stops their workers after."""
    built = []

    def build():
        built.append(import_context_build(data_dir=tmp_path))
        return built[-1]

    yield build
    for context in built:
        context.close()


def stored_rows() -> dict[tuple[str, str], dict]:
    """Return every imported field of every vacancy, employers by their key."""
    rows = Vacancy.objects.values("source", "external_id", *IMPORTED_FIELDS)
    employers = dict(Employer.objects.values_list("id", "external_id"))
    stored = {}
    for row in rows:
        row["employer_id"] = employers[row["employer_id"]]
        stored[row["source"], row["external_id"]] = row
    return stored


def import_all(context) -> tuple[list[str], list, list[int]]:
    """Import FILES; return the report lines, the reports' notes and the ticks."""
    lines, notes, ticks = [], [], []
    for path in FILES:
        report = import_file(path=path, context=context, progress=ticks.append)
        report.seconds = 1.0
        lines += report_lines(report)
        notes.append((report.rejected, report.duplicates, report.unmatched_places))
    return lines, notes, ticks


def forget_imports() -> None:
    Vacancy.objects.all().delete()
    Employer.objects.filter(source="hh").delete()
    DataLoad.objects.filter(source__startswith="hh").delete()


def test_workers_write_the_same_rows_and_report_as_one_process(
    contexts, monkeypatch
):
    alone = import_all(contexts())
    rows_alone = stored_rows()
    forget_imports()
    monkeypatch.setattr(service, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(preparing, "BATCH_ROWS", 2)
    monkeypatch.setattr(preparing, "worker_count", lambda: 2)
    context = contexts()

    with_workers = import_all(context)

    assert context.prepare_pool._executor is not None  # the workers did run
    assert with_workers == alone
    assert stored_rows() == rows_alone
    assert len(rows_alone) == 7 + 5 + 3


def test_a_forced_import_with_workers_finds_every_row_unchanged(contexts, workers):
    context = contexts()
    import_file(path=HH, context=context)
    count = Vacancy.objects.count()

    report = import_file(path=HH, context=context, force=True)

    assert (report.imported, report.updated, report.unchanged) == (0, 0, 7)
    assert Vacancy.objects.count() == count


@pytest.mark.parametrize("in_workers", [False, True])
def test_a_row_that_fails_to_prepare_is_rejected_alone(
    contexts, monkeypatch, request, in_workers
):
    if in_workers:
        request.getfixturevalue("workers")
    fields = preparing.search_fields

    def failing_for_the_accountant(*, title, **texts):
        if title == "Бухгалтер":
            raise RuntimeError("stemmer broke")
        return fields(title=title, **texts)

    # Set before the workers start: they are forked with it.
    monkeypatch.setattr(preparing, "search_fields", failing_for_the_accountant)

    report = import_file(path=HH, context=contexts())

    assert RowNote(2, "Unexpected data: stemmer broke") in report.rejected
    assert (report.imported, len(report.rejected)) == (6, 5)
    assert not Vacancy.objects.filter(source="hh", external_id="9000002").exists()


IMPORTER = os.getpid()
PREPARE_BATCH = preparing.prepare_batch


def dying_in_a_worker(*args):
    """Stand-in for prepare_batch: a worker dies, the importing process works."""
    if os.getpid() != IMPORTER:
        os._exit(1)
    return PREPARE_BATCH(*args)


def test_rows_of_a_worker_that_died_are_prepared_by_the_importing_process(
    contexts, workers, monkeypatch
):
    monkeypatch.setattr(preparing, "prepare_batch", dying_in_a_worker)

    report = import_file(path=HH, context=contexts())

    assert report.counts() == {
        "imported": 7,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "rejected": 4,
    }
    assert [note.line for note in report.rejected] == [4, 5, 6, 11]


def test_a_small_file_is_imported_without_starting_workers(contexts, monkeypatch):
    monkeypatch.setattr(preparing, "worker_count", lambda: 2)
    context = contexts()

    import_file(path=HH, context=context)

    assert context.prepare_pool._executor is None
    assert Vacancy.objects.count() == 7
