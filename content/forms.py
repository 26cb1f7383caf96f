"""Forms of the public information pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

QUERY_MAX = 200


class FaqSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the questions"), max_length=QUERY_MAX, required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class FaqVoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
