"""The journal in the admin: read-only for everyone, superusers included.

Append-only is enforced here and in the services (there is no service that
changes or deletes an event, except pruning past the retention).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from security.models import OutboxEntry, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "name", "outcome", "level", "actor_id",
                    "source_ip", "object_ref")
    list_filter = ("outcome", "level", "name")
    search_fields = ("event_id", "request_id", "object_ref", "subject")
    date_hierarchy = "occurred_at"


@admin.register(OutboxEntry)
class OutboxEntryAdmin(ReadOnlyAdmin):
    list_display = ("event", "created_at", "attempts", "next_attempt_at",
                    "last_error")
