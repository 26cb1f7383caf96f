from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from security.vocabulary import Outcome


class JournalFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Event"), required=False, max_length=64,
        help_text=_("A name or its beginning, e.g. authn_ or sys_backup"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False,
        choices=[("", _("Any")), *Outcome.choices],
    )
    actor_id = forms.IntegerField(label=_("Actor id"), required=False, min_value=1)
    source_ip = forms.GenericIPAddressField(label=_("Source address"), required=False)
    date_from = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    text = forms.CharField(
        label=_("Object or request id"), required=False, max_length=200
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The cleaned filters without the empty ones (call after is_valid)."""
        return {key: value for key, value in self.cleaned_data.items()
                if value not in (None, "")}


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                      "inputmode": "text", "autofocus": True}),
    )
