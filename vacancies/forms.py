"""Forms of the employer cabinet: they read input; vacancies.services judges it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from classifiers.models import KatoUnit, Occupation
from classifiers.selectors import place_name_key
from vacancies.cabinet_selectors import occupation_options, region_options
from vacancies.currency import KZT_RATES
from vacancies.models import (
    CloseReason,
    Education,
    EmploymentType,
    Experience,
    Schedule,
    TextLanguage,
    Vacancy,
)

# Codes shown to employers; aliases such as hh.ru's RUR stay for imports.
OFFERED_CURRENCIES = ("KZT", "USD", "EUR", "RUB")
CURRENCY_CHOICES = [(code, code) for code in OFFERED_CURRENCIES if code in KZT_RATES]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
# Spaces people put between thousands: plain, no-break and narrow no-break.
_THOUSANDS_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")
CHOOSE = ("", _("Choose…"))


FIELDSETS = [
    (_("Position"), ["title", "occupation", "region", "is_remote"]),
    (_("Description"), ["description", "duties", "requirements", "skills"]),
    (_("Salary"), ["salary_from", "salary_to", "currency"]),
    (_("Conditions"), [
        "employment_type", "schedule", "experience", "education", "places",
        "language", "expires_on",
    ]),
]


class AmountField(forms.IntegerField):
    """A whole number that may be typed with spaces between thousands."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.translate(_THOUSANDS_SEPARATORS)
        return super().to_python(value)


class VacancyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    occupation = forms.TypedChoiceField(
        label=_("Occupation (ISCO-08)"), coerce=int, empty_value=None, required=False
    )
    region = forms.TypedChoiceField(
        label=_("Region (KATO)"), coerce=int, empty_value=None, required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paragraphs, lists, bold and italics are kept; other markup is "
                    "removed."),
    )
    duties = forms.CharField(
        label=_("Duties"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    requirements = forms.CharField(
        label=_("Requirements"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    skills = forms.CharField(
        label=_("Key skills"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    salary_from = AmountField(
        label=_("Salary from"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    salary_to = AmountField(
        label=_("Salary to"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=CURRENCY_CHOICES, initial="KZT"
    )
    # The selects start on an empty choice: a preselected value would state a
    # fact the employer never chose.
    employment_type = forms.ChoiceField(
        label=_("Employment type"), choices=[CHOOSE, *EmploymentType.choices],
        error_messages={"required": _("Choose the employment type.")},
    )
    schedule = forms.ChoiceField(
        label=_("Schedule"), choices=[CHOOSE, *Schedule.choices],
        error_messages={"required": _("Choose the schedule.")},
    )
    is_remote = forms.BooleanField(label=_("Remote work is possible"), required=False)
    experience = forms.ChoiceField(
        label=_("Experience"), required=False,
        choices=[("", _("Not specified")), *Experience.choices],
    )
    education = forms.ChoiceField(
        label=_("Education"), required=False,
        choices=[("", _("Not stated")), *Education.choices],
    )
    places = AmountField(
        label=_("Number of places"), initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=TextLanguage.choices,
        initial=TextLanguage.KK,
    )
    expires_on = forms.DateField(
        label=_("Closing date"), required=False, input_formats=DATE_INPUT_FORMATS,
        help_text=_("The last day on which applications are accepted."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, vacancy: Vacancy | None = None, **kwargs: Any):
        if vacancy is not None:
            kwargs.setdefault("initial", vacancy_initial(vacancy))
        super().__init__(*args, **kwargs)
        current_occupation = vacancy.occupation if vacancy else None
        current_region = vacancy.region if vacancy else None
        self.fields["occupation"].choices = _occupation_choices(current_occupation)
        self.fields["region"].choices = _region_choices(current_region)

    def clean_occupation(self) -> Occupation | None:
        pk = self.cleaned_data["occupation"]
        return None if pk is None else Occupation.objects.get(pk=pk)

    def clean_region(self) -> KatoUnit | None:
        pk = self.cleaned_data["region"]
        return None if pk is None else KatoUnit.objects.get(pk=pk)

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in the groups the page shows them in."""
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def changes(self) -> dict[str, Any]:
        """The cleaned values of the fields the person changed."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


def vacancy_initial(vacancy: Vacancy) -> dict[str, Any]:
    initial = {name: getattr(vacancy, name) for name in VacancyForm.base_fields}
    initial["occupation"] = vacancy.occupation_id
    initial["region"] = vacancy.region_id
    # 0 places is "not stated" (imports): the field starts empty.
    initial["places"] = vacancy.places or None
    return initial


def _occupation_choices(current: Occupation | None) -> list:
    majors, units = occupation_options()
    titles = {major.code: f"{major.code} {major.title}" for major in majors}
    groups: dict[str, list[tuple[int, str]]] = {code: [] for code in titles}
    for unit in units:
        option = (unit.pk, f"{unit.code} {unit.title}")
        groups.setdefault(unit.code[:1], []).append(option)
    grouped = [(titles.get(code, code), options) for code, options in groups.items()]
    return _with_current(grouped, current, label=str(current))


def _region_choices(current: KatoUnit | None) -> list:
    """One group per oblast, by name in the page's language: the oblast first,
    then its cities and districts by name."""
    oblasts: dict[str, KatoUnit] = {}
    below: dict[str, list[KatoUnit]] = {}
    for unit in region_options():
        prefix = unit.code[:2]
        if unit.level == 1:
            oblasts[prefix] = unit
        else:
            below.setdefault(prefix, []).append(unit)
    def by_name(unit: KatoUnit) -> list[tuple[int, str]]:
        return place_name_key(unit.name)

    grouped = []
    for prefix, oblast in sorted(oblasts.items(), key=lambda item: by_name(item[1])):
        units = sorted(below.pop(prefix, []), key=by_name)
        grouped.append((oblast.name, [(u.pk, u.name) for u in [oblast, *units]]))
    # Units whose oblast is not loaded keep a group named by their code.
    for prefix, units in sorted(below.items()):
        grouped.append((prefix, [(u.pk, u.name) for u in sorted(units, key=by_name)]))
    return _with_current(grouped, current, label=current.name if current else "")


def _with_current(grouped: list, current: Any, *, label: str) -> list:
    """Put an empty choice first, and the stored value if no group lists it.

    An imported vacancy may point at a settlement or an older edition; the
    form keeps that value instead of silently dropping it on the next save.
    """
    choices: list = [("", _("Not specified"))]
    listed = {pk for _group, options in grouped for pk, _label in options}
    if current is not None and current.pk not in listed:
        choices.append((current.pk, label))
    return choices + [group for group in grouped if group[1]]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the vacancy closed?"),
        choices=[
            (CloseReason.FILLED, CloseReason.FILLED.label),
            (CloseReason.WITHDRAWN, CloseReason.WITHDRAWN.label),
        ],
        widget=forms.RadioSelect,
    )
