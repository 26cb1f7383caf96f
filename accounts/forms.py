"""Forms of accounts: they check the shape of input; services check the rules."""

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.services import (
    PASSWORD_CHANGE_LOCKED,
    password_change_current_check,
    password_reset_link_sent_record,
)
from core.errors import ServiceError


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's refusal beside the field at fault, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def add_service_errors(
    form: forms.Form, error: ServiceError, *, skip: frozenset[str] = frozenset()
) -> None:
    """Show every refusal ERROR carries, each beside its field.

    A field named in SKIP already has the form's own complaint, which stands
    alone.
    """
    for each in error.errors:
        if each.field not in skip:
            add_service_error(form, each)


class EmailAuthenticationForm(AuthenticationForm):
    """Sign-in by email, whatever letter case the person types it in."""

    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own text splices the field's label into a sentence
        # ("a correct %(username)s"), which Kazakh and Russian cannot inflect.
        "invalid_login": _(
            "Incorrect email or password. Check both and try again; letter case "
            "matters in the password."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "maxlength": 254}
        )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


PASSWORD_RETYPE_NOTE = _(
    "For your safety the password is not kept after an error: type it again."
)


def new_password_field(label: str, *, with_rules: bool = False) -> forms.CharField:
    """A field for a new password; WITH_RULES: the one that states the rules."""
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits.") if with_rules else "",
    )


class PasswordPairForm(forms.Form):
    """Two password fields that must match; the service judges the strength."""

    password = new_password_field(_("Password"), with_rules=True)
    password_confirm = new_password_field(_("Password again"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            _note_passwords_not_kept(self, ("password", "password_confirm"))

    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("password")
        confirm = cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", gettext("The two passwords differ."))
        return cleaned


class SeekerSignupForm(PasswordPairForm):
    email = forms.EmailField(
        label=_("Email"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["email", "full_name", "password", "password_confirm"]


def _note_passwords_not_kept(form: forms.Form, names: tuple[str, ...]) -> None:
    """After a refused submission, say under each password field why it is empty.

    A submitted form comes back only when something was refused. Passwords
    are never written back into a page (browsers and proxies may keep it).
    """
    for name in names:
        field = form.fields[name]
        field.help_text = (
            format_lazy("{} {}", field.help_text, PASSWORD_RETYPE_NOTE)
            if field.help_text
            else PASSWORD_RETYPE_NOTE
        )


class PasswordResetRequestForm(PasswordResetForm):
    """Ask for a link to set a new password; Django's form mails it.

    Django answers the same whether or not an account has the email, and
    skips inactive accounts and those without a usable password.
    """

    request: HttpRequest | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autofocus": True})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Kept for the journal: send_mail is not given the request.
        self.request = kwargs.get("request")
        super().save(*args, **kwargs)

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        super().send_mail(*args, **kwargs)
        context = args[2] if len(args) > 2 else kwargs["context"]
        password_reset_link_sent_record(
            user_id=context["user"].pk, request=self.request
        )


class _JudgeFirstPasswordMixin:
    """Judge the strength of the first new password, beside its own field.

    Django judges the second one and skips it when the two differ, so a
    weak password that was also mistyped would be refused in two rounds.
    """

    def clean(self) -> dict:
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class NewPasswordForm(_JudgeFirstPasswordMixin, SetPasswordForm):
    """The new password, twice, for the person who followed a reset link."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("The two passwords differ."),
    }
    new_password1 = new_password_field(_("New password"), with_rules=True)
    new_password2 = new_password_field(_("New password again"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            _note_passwords_not_kept(self, ("new_password1", "new_password2"))


class CabinetPasswordChangeForm(_JudgeFirstPasswordMixin, PasswordChangeForm):
    """The current password and the new one twice, for a signed-in person.

    The current password is judged by password_change_current_check, which
    limits wrong guesses; REQUEST goes there for the security journal.
    """

    error_messages = NewPasswordForm.error_messages
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "autofocus": True}
        ),
    )
    new_password1 = NewPasswordForm.base_fields["new_password1"]
    new_password2 = NewPasswordForm.base_fields["new_password2"]
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(
        self, *args: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        # Seconds until the locked form takes a password again; 0: not locked.
        self.locked_for = 0
        if self.is_bound:
            _note_passwords_not_kept(
                self, ("old_password", "new_password1", "new_password2")
            )

    @sensitive_variables("password")
    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        try:
            password_change_current_check(
                user=self.user, password=password, request=self.request
            )
        except ServiceError as error:
            if error.code == PASSWORD_CHANGE_LOCKED:
                self.locked_for = int(error.params["retry_after"])
            raise ValidationError(str(error.message), code=error.code) from None
        return password

    def clean(self) -> dict:
        cleaned = super().clean()
        # Django's form accepts the current password as the new one and then
        # says it was changed, which nothing was.
        current = cleaned.get("old_password")
        if current and cleaned.get("new_password1") == current:
            self.add_error("new_password1", gettext(
                "The new password is the same as the current one. Choose a "
                "different password."
            ))
        return cleaned
