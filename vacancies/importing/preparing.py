"""The work on a row that needs no database, in worker processes for large files.

Parsing a record, sanitising its HTML, folding and stemming its search words
and telling its language take most of an import's Python time and depend on
the row alone. For a large file, worker processes do them on batches of rows
while the importing process writes earlier chunks to the database; results
come back in file order, so reports and progress are the same as when one
process does everything (docs/decisions.md, "Import: worker processes").

The workers are forked from the importing process and never use its database
connection: they receive the text of rows and return plain values.
"""

import logging
import multiprocessing
import os
import time
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from itertools import islice
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from vacancies.importing.records import (
    RawVacancy,
    RecordUnit,
    RowRejected,
    parse_unit,
    read_units,
)
from vacancies.importing.text import detect_language, html_sample
from vacancies.search_document import search_fields

logger = logging.getLogger(__name__)

# Rows per task sent to a worker: large enough that sending costs little
# beside the work, small enough that the first chunk starts early.
BATCH_ROWS = 250
# Batches handed out ahead of the importing process, per worker: enough to
# keep the workers busy while it writes a chunk of 2,000 rows.
BATCHES_AHEAD = 6

Unit = tuple[int, RecordUnit]


@dataclass
class PreparedVacancy:
    """A row read and cleaned, with its search words and language."""

    raw: RawVacancy
    search_title: str
    search_document: str
    language: str
    search_seconds: float  # spent in search_fields, for the benchmarks

    @property
    def external_id(self) -> str:
        return self.raw.external_id


PreparedResult = PreparedVacancy | RowRejected
_RAW_FIELDS = [field.name for field in fields(RawVacancy)]
_PREPARED_FIELDS = [field.name for field in fields(PreparedVacancy)][1:]


def prepare_unit(source: str, line: int, unit: RecordUnit) -> PreparedResult:
    """Return the prepared row of one unit of read_units, or why it is rejected."""
    record = parse_unit(source, line, unit)
    if isinstance(record, RowRejected):
        return record
    try:
        return _prepared(record)
    except Exception as error:  # noqa: BLE001 - one row, not the import
        logger.exception("Line %s could not be prepared", line)
        return RowRejected(_("Unexpected data: %(error)s") % {"error": error})


def _prepared(raw: RawVacancy) -> PreparedVacancy:
    # core.text drops the tags of the sanitised description itself.
    started = time.perf_counter()
    search_title, search_document = search_fields(
        title=raw.title,
        description=raw.description,
        duties=raw.duties,
        requirements=raw.requirements,
    )  # the employer's and the place's words are added once they are known
    seconds = time.perf_counter() - started
    sample = [raw.title, raw.duties, raw.requirements, html_sample(raw.description)]
    return PreparedVacancy(
        raw=raw,
        search_title=search_title,
        search_document=search_document,
        language=detect_language(" ".join(sample)),
        search_seconds=seconds,
    )


def prepare_batch(
    source: str, units: list[Unit], language: str | None
) -> list[tuple[int, PreparedResult | tuple]]:
    """Prepare a batch of units in a worker, in the importing process's language.

    A prepared row travels as a tuple (see _packed): a dataclass costs three
    times as much to send between processes.
    """
    with translation.override(language):
        return [
            (line, _packed(prepare_unit(source, line, unit))) for line, unit in units
        ]


def _packed(result: PreparedResult) -> PreparedResult | tuple:
    if isinstance(result, RowRejected):
        return result
    raw = tuple(getattr(result.raw, name) for name in _RAW_FIELDS)
    return (raw, *(getattr(result, name) for name in _PREPARED_FIELDS))


def _unpacked(item: PreparedResult | tuple) -> PreparedResult:
    if isinstance(item, RowRejected):
        return item
    raw, *values = item
    return PreparedVacancy(RawVacancy(*raw), *values)


def prepared_records(
    path: Path, source: str, *, pool: "PreparePool | None" = None
) -> Iterator[tuple[int, PreparedResult]]:
    """Yield (line, PreparedVacancy or RowRejected) for every record of PATH.

    With POOL the rows are prepared by its workers; the results are the same.
    """
    units = read_units(path, source)
    if pool is None:
        for line, unit in units:
            yield line, prepare_unit(source, line, unit)
        return
    for results in pool.map_batches(source, _batches(units)):
        for line, item in results:
            yield line, _unpacked(item)


def _batches(units: Iterable[Unit]) -> Iterator[list[Unit]]:
    iterator = iter(units)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


def worker_count() -> int:
    """Return how many workers prepare rows: one per core the machine has."""
    return os.cpu_count() or 1


class PreparePool:
    """Worker processes that prepare rows, started on first use and kept.

    Kept between files, the workers keep their caches of folded words warm.
    They are forked, so they start without reading anything again; they
    stop when the pool is closed, collected, or the program ends.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False

    def map_batches(
        self, source: str, batches: Iterable[list[Unit]]
    ) -> Iterator[list[tuple[int, PreparedResult | tuple]]]:
        """Yield what prepare_batch returns for BATCHES, in order, working ahead."""
        language = translation.get_language()
        pending: deque[tuple[list[Unit], Future | None]] = deque()
        batches = iter(batches)
        try:
            while True:
                while len(pending) < self.workers * BATCHES_AHEAD:
                    batch = next(batches, None)
                    if batch is None:
                        break
                    pending.append((batch, self._submit(source, batch, language)))
                if not pending:
                    return
                batch, future = pending.popleft()
                yield self._result(source, batch, future, language)
        finally:
            for _batch, future in pending:
                if future is not None:
                    future.cancel()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _submit(
        self, source: str, batch: list[Unit], language: str | None
    ) -> Future | None:
        if self._broken:
            return None
        try:
            return self._executor_started().submit(
                prepare_batch, source, batch, language
            )
        except BrokenProcessPool:
            self._give_up()
            return None

    def _result(
        self, source: str, batch: list[Unit], future: Future | None, language: str
    ) -> list[tuple[int, PreparedResult | tuple]]:
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                self._give_up()
            except Exception:  # noqa: BLE001 - the batch is prepared here instead
                logger.exception("A worker failed a batch; preparing it here")
        # A worker died (killed, out of memory) or failed: this process
        # prepares the batch, so its rows are neither lost nor reordered.
        return prepare_batch(source, batch, language)

    def _give_up(self) -> None:
        if not self._broken:
            logger.warning("A worker preparing rows died; preparing them here")
        self._broken = True

    def _executor_started(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
            )
            # Stop the workers when the pool is collected, not only at exit;
            # waiting avoids a race in Python 3.11's own exit handler.
            weakref.finalize(self, self._executor.shutdown, wait=True)
        return self._executor
