"""Import the real vacancy files from DATA_DIR for a demo; fast when done before."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from classifiers.models import KatoUnit
from vacancies.importing.reporting import import_with_progress, report_lines
from vacancies.importing.service import import_context_build, vacancy_import_file

DEMO_FILES = (
    "vacancies_hh.jsonl",
    "hhkz_vacancies_2020.csv",
    "hhkz_it_vacancies_2024.csv",
)


class Command(BaseCommand):
    help = (
        "Import the demo vacancies from DATA_DIR when that folder exists. Files "
        "unchanged since their last import are skipped, so a second run takes "
        "seconds and imports nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="folder with the files (default: settings.DATA_DIR)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="import files even when unchanged since the last import",
        )

    def handle(self, *args: object, **options: object) -> None:
        data_dir = Path(str(options["data_dir"] or settings.DATA_DIR))
        if not data_dir.is_dir():
            self.stdout.write(
                _(
                    "No demo data: the folder %(folder)s does not exist. Set "
                    "DATA_DIR to the folder with %(files)s to load it."
                )
                % {"folder": data_dir, "files": ", ".join(DEMO_FILES)}
            )
            return
        if not KatoUnit.objects.exists():
            self.stdout.write(
                _(
                    "KATO is not loaded: vacancies get no region. Run "
                    "manage.py load_classifiers first."
                )
            )

        # tqdm redraws its line with carriage returns: it needs the raw stream.
        stream = options.get("stderr") or sys.stderr
        context = import_context_build(data_dir=data_dir)
        try:
            for name in DEMO_FILES:
                path = data_dir / name
                if not path.is_file():
                    self.stdout.write(
                        _("%(file)s is missing from %(folder)s, skipped.")
                        % {"file": name, "folder": data_dir}
                    )
                    continue
                report = import_with_progress(
                    vacancy_import_file,
                    path,
                    stream,
                    force=bool(options["force"]),
                    context=context,
                )
                for line in report_lines(report):
                    self.stdout.write(line)
        finally:
            context.close()  # the worker processes, if a file was large
