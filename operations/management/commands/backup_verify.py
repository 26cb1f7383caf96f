"""Restore a backup set into a scratch database and compare it with its manifest."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.errors import ValidationFailed
from operations.restore import RestoreRefused, backup_verify


class Command(BaseCommand):
    help = "Check a backup set (the newest by default) by restoring it aside."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "set", nargs="?", help="Set id or folder; newest if omitted."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        try:
            record = backup_verify(reference=options["set"], progress=self._say)
        except (ValidationFailed, RestoreRefused) as error:
            raise CommandError(str(error)) from error
        if not record.ok:
            raise CommandError(
                f"Backup set {record.set_id} FAILED its restore check:\n"
                f"{record.message}"
            )
        self.stdout.write(self.style.SUCCESS(
            f"Backup set {record.set_id} passed its restore check."
        ))
        if record.message:
            self.stdout.write(record.message)

    def _say(self, message: str) -> None:
        if self.verbosity > 0:
            self.stdout.write(message)
