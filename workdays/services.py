"""Writes of the working-day calendar: the administrator's table rows."""

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ValidationFailed
from workdays.models import CalendarDay, DayKind

logger = logging.getLogger(__name__)


def calendar_day_check(
    *, kind: str, reason: str, legal_reference: str, confirmed: bool
) -> None:
    """Raise ValidationFailed when a table row would be incomplete.

    The admin form calls this too, so the rule lives in one place.
    """
    if kind not in DayKind.values:
        raise ValidationFailed(_("Choose a day off or a working day."), field="kind")
    if not reason.strip():
        raise ValidationFailed(
            _("Say why this day differs, for example which holiday it is."),
            field="reason",
        )
    # Confirmation means the row was checked against a published act, so
    # the act must be named.
    if confirmed and not legal_reference.strip():
        raise ValidationFailed(
            _("Name the act that sets this day before confirming it."),
            field="legal_reference",
        )


def calendar_day_set(
    *,
    day: dt.date,
    kind: str,
    reason: str,
    legal_reference: str = "",
    confirmed: bool = False,
) -> CalendarDay:
    """Create or replace the table row of DAY."""
    calendar_day_check(
        kind=kind, reason=reason, legal_reference=legal_reference, confirmed=confirmed
    )

    with transaction.atomic():
        row, created = CalendarDay.objects.update_or_create(
            date=day,
            defaults={
                "kind": kind,
                "reason": reason.strip(),
                "legal_reference": legal_reference.strip(),
                "confirmed": confirmed,
            },
        )

    logger.info(
        "calendar day %s set to %s (created=%s, confirmed=%s)",
        day.isoformat(), kind, created, confirmed,
    )
    return row


def calendar_day_confirm(
    *, day: dt.date, legal_reference: str | None = None
) -> CalendarDay:
    """Mark the row of DAY as checked against its act, naming it if given."""
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(date=day).first()
        if row is None:
            raise ValidationFailed(
                _("There is no calendar entry for %(date)s to confirm.")
                % {"date": day.isoformat()},
                field="date",
            )
        if legal_reference is not None:
            row.legal_reference = legal_reference.strip()
        calendar_day_check(
            kind=row.kind,
            reason=row.reason,
            legal_reference=row.legal_reference,
            confirmed=True,
        )
        row.confirmed = True
        row.save(update_fields=["confirmed", "legal_reference", "updated_at"])

    logger.info("calendar day %s confirmed", day.isoformat())
    return row
