"""Forms of the resume pages: they read the input; resumes.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from classifiers.models import KatoUnit, Occupation
from classifiers.selectors import kato_oblasts_by_name, occupation_major_groups
from classifiers.sources import ISCO_VERSION
from resumes.models import Resume, Visibility
from resumes.services import EducationData, ExperienceData, ResumeData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OccupationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Occupation) -> str:
        return f"{obj.code} {obj.title}"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: KatoUnit) -> str:
        return obj.name


class RegionsByNameMixin:
    """Lists the regions by name in the page's language, as every region list."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = kato_oblasts_by_name()


class ResumeForm(RegionsByNameMixin, forms.Form):
    title = forms.CharField(label=_("Desired position"), max_length=200)
    desired_occupation = OccupationChoiceField(
        label=_("Occupation (ISCO-08)"),
        queryset=Occupation.objects.filter(version=ISCO_VERSION, level=4),
        required=False,
        empty_label=_("Not chosen"),
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=KatoUnit.objects.none(),  # by name, in __init__
        required=False,
        empty_label=_("Not chosen"),
    )
    salary_expectation = forms.IntegerField(
        label=_("Expected salary, KZT a month"), required=False
    )
    skills = forms.CharField(label=_("Skills"), required=False, widget=forms.Textarea)
    languages = forms.CharField(
        label=_("Languages"), required=False, max_length=200,
        help_text=_("For example: Kazakh, Russian, English (B2)."),
    )
    about = forms.CharField(label=_("About me"), required=False, widget=forms.Textarea)
    visibility = forms.ChoiceField(
        label=_("Who can see the resume"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

# Contexts keep these apart from other "From"/"To" (a sender, the old value of
# a changed field in the audit trail), which other languages word differently.
FROM_DATE = pgettext_lazy("start of a date range", "From")
TO_DATE = pgettext_lazy("end of a date range", "To")


class ExperienceForm(forms.Form):
    employer_name = forms.CharField(label=_("Employer"), required=False)
    position = forms.CharField(label=_("Position"), required=False)
    started_on = forms.DateField(
        label=FROM_DATE, required=False, widget=DATE_WIDGET,
    )
    ended_on = forms.DateField(
        label=TO_DATE, required=False, widget=DATE_WIDGET,
        help_text=_("Leave empty if you work there now."),
    )
    description = forms.CharField(
        label=_("What you did"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict:
        data = super().clean()
        # The service takes an entry only with a start date; a typo in the
        # date already has its own message.
        missing = not data.get("started_on") and "started_on" not in self.errors
        if is_filled(self) and missing:
            self.add_error("started_on", _("This field is required."))
        return data


class EducationForm(forms.Form):
    institution = forms.CharField(label=_("Institution"), required=False)
    degree = forms.CharField(label=_("Qualification"), required=False)
    graduated_in = forms.IntegerField(label=_("Year of graduation"), required=False)


ExperienceFormSet = forms.formset_factory(ExperienceForm, extra=2, can_delete=True)
EducationFormSet = forms.formset_factory(EducationForm, extra=1, can_delete=True)


def resume_data(
    form: ResumeForm, experience: list[ExperienceForm], education: list[EducationForm]
) -> ResumeData:
    """Return the service input from the forms and the rows the user filled.

    From an invalid form it holds what the form could read: a field it
    refused keeps ResumeData's default (an empty title); rows with a refused
    field are for the caller to leave out.
    """
    fields = {"title": "", **form.cleaned_data}
    return ResumeData(
        **fields,
        experience=[
            ExperienceData(
                employer_name=row.cleaned_data["employer_name"],
                position=row.cleaned_data["position"],
                started_on=row.cleaned_data["started_on"],
                ended_on=row.cleaned_data["ended_on"],
                description=row.cleaned_data["description"],
            )
            for row in experience
        ],
        education=[
            EducationData(
                institution=row.cleaned_data["institution"],
                degree=row.cleaned_data["degree"],
                graduated_in=row.cleaned_data["graduated_in"],
            )
            for row in education
        ],
    )


def filled_rows(formset: forms.BaseFormSet) -> list[forms.Form]:
    """Rows the user kept or filled in, without those marked for removal."""
    return [
        row for row in formset.forms
        if is_filled(row) and not row.cleaned_data.get("DELETE")
    ]


def readable_rows(formset: forms.BaseFormSet) -> list[forms.Form]:
    """The filled rows that have no error of their own."""
    return [row for row in filled_rows(formset) if not row.errors]


def is_filled(row: forms.Form) -> bool:
    # A saved entry stays even when untouched; a blank extra row is ignored.
    return bool(row.initial) or row.has_changed()


def initial_values(resume: Resume | None) -> tuple[dict, list[dict], list[dict]]:
    """Return what the editor shows first: the form's and each entry's values."""
    if resume is None:
        return {}, [], []
    fields = {name: getattr(resume, name) for name in ResumeForm.base_fields}
    experience = [
        {
            "employer_name": entry.employer_name, "position": entry.position,
            "started_on": entry.started_on, "ended_on": entry.ended_on,
            "description": entry.description,
        }
        for entry in resume.experience.all()
    ]
    education = [
        {
            "institution": entry.institution, "degree": entry.degree,
            "graduated_in": entry.graduated_in,
        }
        for entry in resume.education.all()
    ]
    return fields, experience, education


class ResumeSearchForm(RegionsByNameMixin, forms.Form):
    q = forms.CharField(
        label=_("Position, skill or word"), required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=KatoUnit.objects.none(),  # by name, in __init__
        to_field_name="code",
        required=False,
        empty_label=_("Any region"),
    )
    occupation = OccupationChoiceField(
        label=_("Occupation group"),
        queryset=occupation_major_groups(),
        to_field_name="code",
        required=False,
        empty_label=_("Any occupation group"),
    )
