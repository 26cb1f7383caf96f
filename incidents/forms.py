from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.models import Severity, Source, Status


def _with_blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _("Any")), *choices]


class IncidentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=_with_blank(Status.choices), required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=_with_blank(Source.choices), required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=_with_blank(Severity.choices), required=False
    )


class MonthForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
