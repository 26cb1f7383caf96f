"""Import real vacancies from HeadHunter exports; see docs/data.md."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core.errors import ServiceError
from vacancies.importing.reporting import import_with_progress, report_lines
from vacancies.importing.service import import_context_build, vacancy_import_file


class Command(BaseCommand):
    help = (
        "Import vacancies from vacancies_hh.jsonl, hhkz_vacancies_2020.csv or "
        "hhkz_it_vacancies_2024.csv (the format is read from the file). "
        "Re-running updates, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--force",
            action="store_true",
            help="import files even when unchanged since the last import",
        )

    def handle(self, *args: object, **options: object) -> None:
        paths: list[Path] = options["paths"]  # type: ignore[assignment]
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(
                _("No such file: %(path)s") % {"path": ", ".join(missing)}
            )

        # tqdm redraws its line with carriage returns: it needs the raw stream.
        stream = options.get("stderr") or sys.stderr
        context = import_context_build()
        try:
            for path in paths:
                try:
                    report = import_with_progress(
                        vacancy_import_file,
                        path,
                        stream,
                        force=bool(options["force"]),
                        context=context,
                    )
                except ServiceError as error:
                    raise CommandError(str(error.message)) from error
                for line in report_lines(report):
                    self.stdout.write(line)
        finally:
            context.close()  # the worker processes, if a file was large
