"""Restore the database and stored files from a backup set."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.errors import ValidationFailed
from operations.restore import RestoreFailed, RestoreRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the live database and files with a backup set, after restoring "
        "and checking it in a scratch database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("set", help="Set id (a folder under BACKUP_DIR) or folder.")
        parser.add_argument("--yes", action="store_true",
                            help="Do not ask for confirmation.")
        parser.add_argument(
            "--drop-previous", action="store_true",
            help="PostgreSQL: drop the replaced database instead of keeping it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        confirm = (lambda question: True) if options["yes"] else self._ask
        try:
            record, notes = backup_restore(
                reference=options["set"], confirm=confirm, progress=self._say,
                keep_previous=not options["drop_previous"],
            )
        except (ValidationFailed, RestoreRefused) as error:
            raise CommandError(f"Restore refused: {error}") from error
        except RestoreFailed as error:
            raise CommandError(str(error)) from error
        for note in notes:
            self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS(
            f"Restored backup set {record.set_id}: database and "
            f"{record.details.get('files', 0)} files."
        ))

    def _ask(self, question: str) -> bool:
        try:
            answer = input(f"{question} Type yes to go on: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"

    def _say(self, message: str) -> None:
        if self.verbosity > 0:
            self.stdout.write(message)
