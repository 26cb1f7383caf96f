import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), max_length=7, required=False,
        help_text=_("For example 2026-06."),
    )

    def clean_month(self) -> tuple[int, int] | None:
        raw = self.cleaned_data["month"].strip()
        if not raw:
            return None
        try:
            chosen = dt.date.fromisoformat(f"{raw}-01")
        except ValueError:
            raise forms.ValidationError(
                _("Enter a month as year and month, for example 2026-06.")
            ) from None
        return chosen.year, chosen.month
