"""Employers in the admin: changes go through employers.services."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from employers.models import Employer
from employers.services import (
    EDITABLE_FIELDS,
    employer_changes_check,
    employer_create,
    employer_update,
)


class EmployerAdminForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Employer
        fields = ("name", "bin", "region", "contact_email", "contact_phone",
                  "website", "members")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        stored = self.instance if self.instance.pk else None
        names = self.changed_data if stored else list(EDITABLE_FIELDS)
        changes = {name: cleaned.get(name) for name in names if name in EDITABLE_FIELDS}
        try:
            self.checked_changes = employer_changes_check(
                employer=stored, changes=changes
            )
        except ServiceError as error:
            for each in error.errors:
                field = each.field if each.field in self.fields else None
                self.add_error(field, str(each.message))
        return cleaned


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    form = EmployerAdminForm
    list_display = ("name", "bin", "region", "source", "created_at")
    list_filter = ("source",)
    search_fields = ("name", "bin")
    raw_id_fields = ("region", "members")
    readonly_fields = ("source", "external_id", "created_at")

    def save_model(
        self, request: HttpRequest, obj: Employer, form: Any, change: bool
    ) -> None:
        changes = form.checked_changes
        if change:
            stored = Employer.objects.get(pk=obj.pk)
            employer_update(employer=stored, by=request.user, changes=changes)
        else:
            created = employer_create(by=request.user, **changes)
            obj.pk = created.pk
            obj._state.adding = False
        obj.refresh_from_db()
