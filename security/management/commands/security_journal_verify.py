"""Verify the hash chain of the security journal; exit 1 at the first break."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from security.selectors import security_journal_verify


class Command(BaseCommand):
    help = "Verify the security journal's hash chain and name the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = security_journal_verify()
        if result.broken is not None:
            link = result.broken
            raise CommandError(
                f"chain broken at event pk={link.pk} id={link.event_id}: "
                f"{link.reason} ({result.checked} events verified before it)",
                returncode=1,
            )
        self.stdout.write(f"chain intact: {result.checked} events verified")
