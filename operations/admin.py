"""Operations in the admin: maintenance windows are entered here; the
records of backups, checks, probes and heartbeats are only shown."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.errors import ValidationFailed
from operations.models import (
    BackupRecord,
    Heartbeat,
    MaintenanceWindow,
    ProbeResult,
    VerificationRecord,
)
from operations.services import maintenance_window_check


class MaintenanceWindowForm(forms.ModelForm):
    class Meta:
        model = MaintenanceWindow
        fields = ["starts_at", "ends_at", "function", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at"):
            try:
                maintenance_window_check(
                    starts_at=data["starts_at"], ends_at=data["ends_at"]
                )
            except ValidationFailed as error:
                raise ValidationError({error.field: error.message}) from None
        return data


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(admin.ModelAdmin):
    form = MaintenanceWindowForm
    list_display = ["starts_at", "ends_at", "function", "reason", "created_by"]
    list_filter = ["function"]
    date_hierarchy = "starts_at"

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BackupRecord)
class BackupRecordAdmin(ReadOnlyAdmin):
    list_display = ["set_id", "status", "trigger", "started_at", "finished_at",
                    "size_bytes", "files_count"]
    list_filter = ["status", "trigger"]


@admin.register(VerificationRecord)
class VerificationRecordAdmin(ReadOnlyAdmin):
    list_display = ["set_id", "kind", "ok", "finished_at"]
    list_filter = ["kind", "ok"]


@admin.register(ProbeResult)
class ProbeResultAdmin(ReadOnlyAdmin):
    list_display = [
        "function", "checked_at", "ok", "status_code", "latency_ms", "error",
    ]
    list_filter = ["function", "ok"]
    date_hierarchy = "checked_at"


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["name", "beat_at"]
