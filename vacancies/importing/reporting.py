"""What the import commands print: a progress bar and the final report."""

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from tqdm import tqdm

from vacancies.importing.records import count_records, detect_source
from vacancies.importing.service import ImportReport

# Names of places not matched to KATO, listed most frequent first.
SHOWN_PLACES = 15


class ProgressBar:
    """A tqdm bar on a terminal, silent elsewhere; opened on the first tick."""

    def __init__(self, path: Path, stream: TextIO) -> None:
        self.path = path
        self.stream = stream
        self.bar: tqdm | None = None

    def __call__(self, done: int) -> None:
        if self.bar is None:
            source = detect_source(self.path)
            total = count_records(self.path, source) if source else None
            self.bar = tqdm(
                total=total,
                unit=_("rows"),
                desc=self.path.name,
                file=self.stream,
                disable=None,
                leave=False,
                dynamic_ncols=True,
            )
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def import_with_progress(
    run: Callable[..., ImportReport], path: Path, stream: TextIO, **options: object
) -> ImportReport:
    bar = ProgressBar(path, stream)
    try:
        return run(path=path, progress=bar, **options)
    finally:
        bar.close()


def report_lines(report: ImportReport) -> list[str]:
    """Return the report of one file as lines of text for an operator."""
    name = Path(report.path).name
    if report.file_skipped:
        return [
            _(
                "%(file)s (%(source)s): unchanged since the last import, skipped; "
                "--force imports it again."
            )
            % {"file": name, "source": report.source}
        ]
    rate = report.rows / report.seconds if report.seconds else 0
    lines = [
        _("%(file)s (%(source)s): %(rows)s rows in %(seconds)s s (%(rate)s rows/s)")
        % {
            "file": name,
            "source": report.source,
            "rows": _number(report.rows),
            "seconds": f"{report.seconds:.1f}",
            "rate": _number(round(rate)),
        },
        _(
            "  imported %(imported)s, updated %(updated)s, unchanged %(unchanged)s, "
            "skipped as repeats %(duplicates)s, rejected %(rejected)s"
        )
        % {key: _number(value) for key, value in report.counts().items()},
    ]
    for note in sorted(report.duplicates + report.rejected, key=lambda n: n.line):
        lines.append(
            _("  line %(line)s: %(reason)s")
            % {"line": note.line, "reason": note.reason}
        )
    if report.unmatched_places:
        places = ", ".join(
            f"{place} ({count})"
            for place, count in report.unmatched_places.most_common(SHOWN_PLACES)
        )
        lines.append(
            _("  places in Kazakhstan not matched to KATO: %(places)s")
            % {"places": places}
        )
    lines.append(
        _("  titles without an occupation: %(count)s")
        % {"count": _number(report.unclassified)}
    )
    return lines


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)
