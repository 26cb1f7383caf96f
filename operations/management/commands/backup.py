"""Write one complete backup set now (the worker does it daily by itself)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupFailed, backup_create, backup_prune


class Command(BaseCommand):
    help = "Write a backup set (database, stored files, manifest) under BACKUP_DIR."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-prune", action="store_true",
            help="Keep older sets even beyond the retention.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        try:
            record = backup_create(trigger="manual", progress=self._say)
        except BackupFailed as error:
            raise CommandError(str(error)) from error
        if not options["no_prune"]:
            deleted = backup_prune()
            if deleted:
                self._say(f"Retention removed {len(deleted)} older sets.")
        self.stdout.write(self.style.SUCCESS(
            f"Backup {record.set_id}: {record.size_bytes} bytes, "
            f"{record.files_count} files."
        ))

    def _say(self, message: str) -> None:
        if self.verbosity > 0:
            self.stdout.write(message)
