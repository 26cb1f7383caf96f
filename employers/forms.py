"""Forms of employers: they check the shape of input; services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PasswordPairForm
from classifiers.models import KatoUnit
from employers.selectors import oblast_options


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: KatoUnit) -> str:
        return obj.name


class EmployerSignupForm(PasswordPairForm):
    name = forms.CharField(
        label=_("Company name"), max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    bin = forms.CharField(
        label=_("BIN"),
        # Longer than a BIN, so that a mistyped value reaches the check and
        # gets its own message instead of being cut by the browser.
        max_length=40,
        help_text=_("12 digits from the state registration certificate."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    region = RegionChoiceField(
        label=_("Region"), queryset=KatoUnit.objects.none(),
        empty_label=_("Choose the region"),
    )
    contact_email = forms.EmailField(label=_("Contact email"), max_length=254)
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=40,
        help_text=_("A number in Kazakhstan, for example +7 701 123 45 67."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    full_name = forms.CharField(
        label=_("Your full name"), max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email for signing in"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    company_field_names = ["name", "bin", "region", "contact_email", "contact_phone"]
    account_field_names = ["full_name", "email", "password", "password_confirm"]
    field_order = company_field_names + account_field_names

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = oblast_options()

    def company_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.company_field_names]

    def account_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.account_field_names]
