"""Vacancies in the admin: changes go through vacancies.services."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from vacancies.models import CloseReason, Vacancy
from vacancies.services import (
    EDITABLE_FIELDS,
    vacancy_changes_check,
    vacancy_close,
    vacancy_create,
    vacancy_publish,
    vacancy_update,
)


class VacancyAdminForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = ("employer", *sorted(EDITABLE_FIELDS))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        stored = self.instance if self.instance.pk else None
        names = self.changed_data if stored else list(EDITABLE_FIELDS)
        changes = {name: cleaned.get(name) for name in names if name in EDITABLE_FIELDS}
        try:
            vacancy_changes_check(vacancy=stored, changes=changes)
        except ServiceError as error:
            for each in error.errors:
                field = each.field if each.field in self.fields else None
                self.add_error(field, str(each.message))
        self.changes = changes
        return cleaned


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    form = VacancyAdminForm
    list_display = (
        "title", "employer", "status", "published_at", "expires_on", "source",
    )
    list_filter = ("status", "source", "employment_type")
    search_fields = ("title", "employer__name", "external_id")
    raw_id_fields = ("employer", "occupation", "region")
    readonly_fields = (
        "status", "close_reason", "published_at", "closed_at", "created_at",
        "updated_at", "oblast", "region_code", "occupation_major", "salary_kzt",
        "source", "external_id", "source_url",
    )
    list_select_related = ("employer",)
    actions = ("publish", "close_as_withdrawn")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            # A vacancy stays with the company that created it.
            return (*self.readonly_fields, "employer")
        return self.readonly_fields

    def save_model(
        self, request: HttpRequest, obj: Vacancy, form: Any, change: bool
    ) -> None:
        if change:
            stored = Vacancy.objects.get(pk=obj.pk)
            vacancy_update(vacancy=stored, by=request.user, changes=form.changes)
        else:
            employer = form.cleaned_data["employer"]
            created = vacancy_create(employer=employer, by=request.user, **form.changes)
            obj.pk = created.pk
            obj._state.adding = False
        obj.refresh_from_db()

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Vacancy]) -> None:
        self._apply(request, queryset, lambda vacancy: vacancy_publish(
            vacancy=vacancy, by=request.user
        ))

    @admin.action(
        description=_("Close the selected vacancies as withdrawn"),
        permissions=["change"],
    )
    def close_as_withdrawn(
        self, request: HttpRequest, queryset: QuerySet[Vacancy]
    ) -> None:
        self._apply(request, queryset, lambda vacancy: vacancy_close(
            vacancy=vacancy, by=request.user, reason=CloseReason.WITHDRAWN
        ))

    def _apply(self, request: HttpRequest, queryset: QuerySet[Vacancy], change) -> None:
        done = 0
        for vacancy in queryset.select_related("employer"):
            try:
                change(vacancy)
            except ServiceError as error:
                self.message_user(
                    request,
                    gettext("%(title)s: %(error)s")
                    % {"title": vacancy.title, "error": error.message},
                    messages.ERROR,
                )
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)s vacancy changed.", "%(count)s vacancies changed.", done)
            % {"count": done},
        )
