"""Users in the admin: every change goes through accounts.services."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import PasswordPairForm
from accounts.models import Role, User
from accounts.selectors import user_email_taken
from accounts.services import (
    PROFILE_FIELDS,
    email_normalize,
    user_create,
    user_role_change_check,
    user_set_role,
    user_update,
)
from core.errors import ServiceError
from security.services import security_event_record


class UserAddForm(forms.ModelForm):
    acting_user: User | None = None
    password = PasswordPairForm.base_fields["password"]
    password_confirm = PasswordPairForm.base_fields["password_confirm"]

    class Meta:
        model = User
        fields = ("email", "full_name", "role")

    def clean_email(self) -> str:
        email = email_normalize(self.cleaned_data["email"])
        if user_email_taken(email):
            raise ValidationError(gettext("An account with this email already exists."))
        return email

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        _check_role(user=User(), role=role, by=self.acting_user)
        return role

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("password")
        if password and password != cleaned.get("password_confirm"):
            self.add_error("password_confirm", gettext("The two passwords differ."))
        elif password:
            candidate = User(
                email=cleaned.get("email", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                validate_password(password, user=candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


def _check_role(*, user: User, role: str, by: User | None) -> None:
    try:
        user_role_change_check(user=user, role=role, by=by)
    except ServiceError as error:
        raise ValidationError(str(error.message)) from None


class UserEditForm(UserChangeForm):
    acting_user: User | None = None

    class Meta:
        model = User
        fields = (
            "email", "full_name", "phone", "preferred_language", "role", "is_active",
            "password",
        )
        field_classes: dict = {}

    def clean_email(self) -> str:
        email = email_normalize(self.cleaned_data["email"])
        if user_email_taken(email, exclude_pk=self.instance.pk):
            raise ValidationError(gettext("An account with this email already exists."))
        return email

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if "role" in self.changed_data:
            _check_role(user=self.instance, role=role, by=self.acting_user)
        return role


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "preferred_language")}),
        # The staff flag, superuser flag and groups follow the role; they are
        # shown, not edited, so that they can never disagree with it.
        (_("Role"), {"fields": ("role", "is_active", "is_staff", "is_superuser",
                                "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": (
            "email", "full_name", "role", "password", "password_confirm",
        )}),
    )
    readonly_fields = (
        "is_staff", "is_superuser", "groups", "last_login", "date_joined",
    )
    list_display = ("email", "full_name", "role", "is_active", "date_joined")
    list_filter = ("role", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    filter_horizontal = ()

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, **kwargs)
        # A fresh class per request: the role check needs to know who acts.
        form_class.acting_user = request.user
        return form_class

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            user = user_create(
                email=data["email"], password=data["password"],
                full_name=data["full_name"], role=Role.JOB_SEEKER,
            )
            user_set_role(user=user, role=data["role"], by=request.user)
            obj.pk = user.pk
            obj._state.adding = False
            obj.refresh_from_db()
            return

        stored = User.objects.get(pk=obj.pk)
        profile = {
            name: data[name] for name in form.changed_data if name in PROFILE_FIELDS
        }
        if profile:
            user_update(user=stored, changes=profile)
        if "role" in form.changed_data:
            user_set_role(user=stored, role=data["role"], by=request.user)
        obj.refresh_from_db()

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        # Django's view answers a saved change with a redirect elsewhere.
        changed = request.method == "POST" and response.status_code == 302 and (
            response["Location"] != request.get_full_path()
        )
        if changed:
            security_event_record(
                name="authn_password_change", outcome="success",
                actor_id=request.user.pk, request=request, object_ref=f"user:{id}",
            )
        return response

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        # Groups follow the role (set in save_model); the form holds none.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
