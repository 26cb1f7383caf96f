"""The search form of the public pages.

The form only shows the parameters back to the user; parse_search_query in
vacancies.selectors decides what is valid, so the page and the API agree.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from classifiers.selectors import occupation_major_choices, region_choices
from core.errors import ValidationFailed
from vacancies.models import EmploymentType
from vacancies.selectors import MAX_QUERY_LENGTH

FORM_ID = "vacancy-search"
ABROAD_CHOICES = [
    ("", _("In Kazakhstan and abroad")),
    ("0", _("Only in Kazakhstan")),
    ("1", _("Only abroad")),
]
REMOTE_CHOICES = [
    ("", _("Remote or on site")),
    ("1", _("Only remote work")),
    ("0", _("Only on site")),
]
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("salary", _("Highest salary first")),
]


class TextSearchForm(forms.Form):
    """The search box alone, for the home page."""

    q = forms.CharField(
        label=_("Position, skill, company or city"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}
        ),
    )


class VacancySearchForm(TextSearchForm):
    # Plain text fields accept anything, so what the user typed comes back
    # unchanged even when the selectors refuse it.
    occupation = forms.CharField(
        label=_("Occupation group"), required=False, widget=forms.Select
    )
    region = forms.CharField(label=_("Region"), required=False, widget=forms.Select)
    abroad = forms.CharField(
        label=_("Country"), required=False, widget=forms.Select(choices=ABROAD_CHOICES)
    )
    salary_min = forms.CharField(
        label=_("Salary at least, KZT"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    employment = forms.CharField(
        label=_("Employment type"), required=False, widget=forms.Select
    )
    remote = forms.CharField(
        label=_("Remote work"),
        required=False,
        widget=forms.Select(choices=REMOTE_CHOICES),
    )
    since = forms.CharField(
        label=_("Published since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.CharField(
        label=_("Sort"), required=False, widget=forms.Select(choices=SORT_CHOICES)
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The filters sit in the sidebar, outside the <form> element of the
        # search box; the form attribute submits them with it, without script.
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs["form"] = FORM_ID
        self.fields["occupation"].widget.choices = [
            ("", _("Any occupation group")), *occupation_major_choices()
        ]
        self.fields["region"].widget.choices = [
            ("", _("Any region")), *region_choices()
        ]
        self.fields["employment"].widget.choices = [
            ("", _("Any employment type")),
            *EmploymentType.choices,
        ]

    def show_error(self, error: ValidationFailed) -> None:
        """Attach each refusal of the selectors to the field at fault."""
        self.is_valid()
        for refusal in error.errors:
            field = refusal.field if refusal.field in self.fields else None
            message = str(refusal.message)
            # Django's own field check may have said the same (null characters).
            if message not in self.errors.get(field or "__all__", []):
                self.add_error(field, message)

