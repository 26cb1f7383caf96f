from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from core.localtime import local_today
from workdays.models import CalendarDay
from workdays.package import package_holiday_name, package_is_working_day
from workdays.selectors import calendar_covers, provisional_days
from workdays.services import calendar_day_check, calendar_day_confirm


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "reason", "legal_reference", "confirmed"]

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            calendar_day_check(
                kind=data["kind"],
                reason=data.get("reason", ""),
                legal_reference=data.get("legal_reference", ""),
                confirmed=bool(data.get("confirmed")),
            )
        except ServiceError as error:
            raise ValidationError({error.field: error.message}) from error
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = [
        "date", "weekday", "kind", "package_says", "confirmed", "reason",
        "legal_reference",
    ]
    list_filter = ["kind", "confirmed"]
    date_hierarchy = "date"
    search_fields = ["reason", "legal_reference"]
    readonly_fields = ["package_says", "created_at", "updated_at"]
    actions = ["confirm_days"]

    @admin.display(description=_("weekday"))
    def weekday(self, row: CalendarDay) -> str:
        return date_format(row.date, "D")

    @admin.display(description=_("without this entry"))
    def package_says(self, row: CalendarDay) -> str:
        if row.date is None:
            return ""
        name = package_holiday_name(row.date, language=get_language() or "kk")
        kind = (
            gettext("working day")
            if package_is_working_day(row.date)
            else gettext("day off")
        )
        return f"{kind}: {name}" if name else kind

    @admin.action(description=_("Confirm the selected days"))
    def confirm_days(self, request: HttpRequest, queryset: QuerySet) -> None:
        confirmed = 0
        for row in queryset:
            try:
                calendar_day_confirm(day=row.date)
            except ServiceError as error:
                self.message_user(
                    request, f"{row.date.isoformat()}: {error.message}", messages.ERROR
                )
            else:
                confirmed += 1
        if confirmed:
            self.message_user(
                request,
                gettext("Days confirmed: %(count)s.") % {"count": confirmed},
                messages.SUCCESS,
            )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        self._warn_about_unsettled_years(request)
        return super().changelist_view(request, extra_context)

    def _warn_about_unsettled_years(self, request: HttpRequest) -> None:
        # Terms of feedback requests run on this calendar, so an unsettled
        # year is shown where the administrator can settle it.
        this_year = local_today().year
        for year in (this_year, this_year + 1):
            for day in provisional_days(year):
                self.message_user(
                    request,
                    gettext("%(date)s is provisional: %(name)s. Confirm it.")
                    % {"date": day.date.isoformat(), "name": day.name},
                    messages.WARNING,
                )
            if not calendar_covers(year):
                self.message_user(
                    request,
                    gettext(
                        "The calendar of %(year)s is not settled: enter and "
                        "confirm the government's decree on days off for it."
                    )
                    % {"year": year},
                    messages.WARNING,
                )
