"""Kazakhstan's working-day calendar as the administrator keeps it.

The `holidays` package gives the base calendar; a CalendarDay row overrides it
for one date. The administrator enters each year's government decree on
transfers of days off (and the confirmed date of Kurban Ait) here, in the
admin, so a new decree needs no deploy.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        help_text=_("For example: day off transferred from Saturday 4 May."),
    )
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=300,
        blank=True,
        help_text=_("The act that sets this day: number, date and title."),
    )
    # Confirmed: checked against the published act. Rows apply either way;
    # confirmation is what calendar_covers() and provisional dates look at.
    confirmed = models.BooleanField(_("confirmed"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DayKind.values),
                name="calendar_day_known_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"
