"""The desk in the Django admin: topics are kept here, requests only read.

Staff work on requests on the desk's own pages, whose steps write the
timeline; the admin shows requests read-only so nothing bypasses that.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from helpdesk.models import (
    Attachment,
    FeedbackRequest,
    Message,
    Notification,
    RequestEvent,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_kk", "name_ru", "name_en", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name_kk", "name_ru", "name_en"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A topic with requests cannot go (they keep it); retire it instead.
        if obj is not None and obj.requests.exists():
            return False
        return super().has_delete_permission(request, obj)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(_ReadOnlyInline):
    model = Message
    fields = ["created_at", "author", "author_user", "text"]
    readonly_fields = fields


class AttachmentInline(_ReadOnlyInline):
    model = Attachment
    fields = ["original_name", "kind", "size", "sha256", "created_at"]
    readonly_fields = fields


class EventInline(_ReadOnlyInline):
    model = RequestEvent
    fields = ["at", "kind", "actor_name", "note", "before", "after"]
    readonly_fields = fields


class NotificationInline(_ReadOnlyInline):
    model = Notification
    fields = ["created_at", "kind", "recipient", "status", "attempts", "last_error",
              "sent_at"]
    readonly_fields = fields


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "status", "topic", "name", "email", "received_at",
                    "due_at", "assignee"]
    list_filter = ["status", "topic", "language"]
    search_fields = ["number", "email", "name"]
    date_hierarchy = "received_at"
    list_select_related = ["topic", "assignee"]
    exclude = ["access_token_hash", "submission_key"]
    inlines = [MessageInline, AttachmentInline, EventInline, NotificationInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields
                if field.name not in self.exclude]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

