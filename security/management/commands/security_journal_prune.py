"""Delete journal events past SECURITY_JOURNAL_RETENTION_DAYS (logged)."""

from typing import Any

from django.core.management.base import BaseCommand

from security.services import security_journal_prune


class Command(BaseCommand):
    help = "Delete security events older than the retention; the pruning is logged."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = security_journal_prune()
        self.stdout.write(f"{deleted} events pruned")
