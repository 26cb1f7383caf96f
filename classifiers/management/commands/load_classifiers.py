"""Load KATO and ISCO-08 from the files shipped in classifiers/data (or others)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from classifiers.services import (
    LoadResult,
    kato_units_load,
    occupation_titles_load,
    occupations_load,
)
from classifiers.sources import (
    ISCO_FILE,
    ISCO_TITLES_FILE,
    ISCO_VERSION,
    KATO_ENGLISH_FILE,
    KATO_FILE,
    KATO_VERSION,
)
from core.errors import ServiceError

# Problems listed one per line before the rest are summed up.
SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = (
        "Load the KATO units and ISCO-08 groups with their Kazakh and Russian "
        "titles. Idempotent: unchanged files are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kato",
            type=Path,
            default=KATO_FILE,
            help="KATO CSV (default: the shipped edition)",
        )
        parser.add_argument(
            "--kato-version",
            default=KATO_VERSION,
            help="edition the KATO file belongs to",
        )
        parser.add_argument(
            "--kato-english",
            type=Path,
            default=KATO_ENGLISH_FILE,
            help="CSV of code and name_en: English names of KATO units "
            "(default: the portal's names of regions and cities)",
        )
        parser.add_argument(
            "--isco",
            type=Path,
            default=ISCO_FILE,
            help="ISCO-08 groups CSV with code and preferredLabel",
        )
        parser.add_argument(
            "--titles",
            type=Path,
            action="append",
            help="CSV of Kazakh and Russian ISCO titles (code, title_kk, title_ru, "
            "official); repeat to load several, later files win",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="load files even when unchanged since the last load",
        )

    def handle(self, *args: object, **options: object) -> None:
        force = bool(options["force"])
        titles = options["titles"] or [ISCO_TITLES_FILE]
        sources = [options["kato"], options["kato_english"], options["isco"], *titles]
        for path in sources:
            if not Path(str(path)).is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": path})

        started = time.monotonic()
        try:
            self._report(
                kato_units_load(
                    path=options["kato"],
                    version=str(options["kato_version"]),
                    english=options["kato_english"],
                    force=force,
                )
            )
            self._report(
                occupations_load(
                    path=options["isco"], version=ISCO_VERSION, force=force
                )
            )
            for path in titles:
                self._report(occupation_titles_load(path=path, force=force))
        except ServiceError as error:
            raise CommandError(str(error.message)) from error
        seconds = f"{time.monotonic() - started:.1f}"
        self.stdout.write(
            _("Classifiers ready in %(seconds)s s.") % {"seconds": seconds}
        )

    def _report(self, result: LoadResult) -> None:
        values = {"source": result.source, "file": Path(result.path).name}
        if result.skipped:
            self.stdout.write(
                _("%(source)s: %(file)s unchanged since the last load, skipped.")
                % values
            )
            return
        self.stdout.write(
            _(
                "%(source)s: %(file)s: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(rejected)s rejected."
            )
            % {**values, **result.counts()}
        )
        for problem in result.problems[:SHOWN_PROBLEMS]:
            self.stderr.write(
                _("  line %(line)s: %(reason)s")
                % {"line": problem.line, "reason": problem.reason}
            )
        hidden = len(result.problems) - SHOWN_PROBLEMS
        if hidden > 0:
            self.stderr.write(_("  ... and %(count)s more") % {"count": hidden})
