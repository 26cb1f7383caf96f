"""Check the database and stored files now (the worker does it nightly)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from operations.integrity import integrity_check


class Command(BaseCommand):
    help = "Check database integrity and stored files; report problems as incidents."

    def handle(self, *args: Any, **options: Any) -> None:
        report = integrity_check()
        for problem in report.database + report.files:
            self.stdout.write(problem)
        if not report.ok:
            raise CommandError("The integrity check found problems (see above).")
        self.stdout.write(self.style.SUCCESS(
            f"No problems: database clean, {report.files_checked} files checked."
        ))
