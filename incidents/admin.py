"""The registry in the Django admin: every change goes through the services.

Fields of an incident are read-only here; the change form offers the actions
of the timeline instead (acknowledge, resolve, close, reopen, comment,
assign), so the admin writes the same events as every other caller.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import BACK_OFFICE_ROLES
from core.errors import ServiceError
from incidents.models import Incident, IncidentEvent, IncidentLink
from incidents.selectors import (
    incident_action_refusal,
    incident_active_by_fingerprint,
    user_may_manage_incidents,
)
from incidents.services import (
    incident_acknowledge,
    incident_assign,
    incident_close,
    incident_comment,
    incident_open_by_specialist,
    incident_reopen,
    incident_resolve,
)

ACTION_CHOICES = [
    ("", _("No change")),
    ("acknowledge", _("Acknowledge")),
    ("resolve", _("Resolve")),
    ("close", _("Close")),
    ("reopen", _("Reopen")),
    ("comment", _("Comment")),
]
_NEEDS_NOTE = {"resolve", "reopen", "comment"}


def _managers() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, is_staff=True, role__in=BACK_OFFICE_ROLES
    ).order_by("email")


class IncidentOpenForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["title", "description", "severity", "function", "fingerprint"]

    def clean_fingerprint(self) -> str:
        fingerprint = self.cleaned_data["fingerprint"].strip()
        twin = incident_active_by_fingerprint(fingerprint=fingerprint)
        if twin is not None:
            raise ValidationError(
                gettext("Incident %(number)s with the same fingerprint is still "
                        "active; add to it instead.") % {"number": twin.number}
            )
        return fingerprint


class IncidentActionForm(forms.ModelForm):
    action = forms.ChoiceField(label=_("action"), choices=ACTION_CHOICES,
                               required=False)
    note = forms.CharField(
        label=_("resolution, reason or comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    new_assignee = forms.ModelChoiceField(
        label=_("assignee"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_assignee"].queryset = _managers()
        self.fields["new_assignee"].initial = self.instance.assignee_id

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action") or ""
        if action and action != "comment":
            refusal = incident_action_refusal(self.instance, action)
            if refusal:
                raise ValidationError({"action": refusal})
        if action in _NEEDS_NOTE and not (data.get("note") or "").strip():
            raise ValidationError({"note": gettext("Write the text for this action.")})
        if self.assignee_changed():
            refusal = incident_action_refusal(self.instance, "assign")
            if refusal:
                raise ValidationError({"new_assignee": refusal})
        return data

    def assignee_changed(self) -> bool:
        chosen = self.cleaned_data.get("new_assignee")
        return (chosen.pk if chosen else None) != self.instance.assignee_id


class IncidentEventInline(admin.TabularInline):
    model = IncidentEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor_name", "before", "after", "note"]
    readonly_fields = fields
    verbose_name_plural = _("timeline")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IncidentLinkInline(admin.TabularInline):
    model = IncidentLink
    extra = 0
    can_delete = False
    fields = ["kind", "reference", "note", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = [
        "number", "title", "source", "severity", "function", "status",
        "occurrences", "opened_at", "assignee",
    ]
    list_filter = ["source", "severity", "status", "function"]
    search_fields = ["number", "title", "fingerprint"]
    date_hierarchy = "opened_at"
    inlines = [IncidentLinkInline, IncidentEventInline]
    actions = ["acknowledge_selected", "close_selected"]
    record_fields = [
        "number", "title", "description", "source", "severity", "function",
        "status", "fingerprint", "occurrences", "first_seen", "last_seen",
        "opened_at", "acknowledged_at", "resolved_at", "closed_at", "resolution",
        "assignee", "created_by",
    ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        kwargs["form"] = IncidentActionForm if obj else IncidentOpenForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        if obj is None:
            return [(None, {"fields": IncidentOpenForm.Meta.fields})]
        return [
            (None, {"fields": self.record_fields}),
            (_("Next step"), {"fields": ["action", "note", "new_assignee"]}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list:
        return self.record_fields if obj else []

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list:
        return super().get_inline_instances(request, obj) if obj else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and user_may_manage_incidents(
            request.user
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(
            request, obj
        ) and user_may_manage_incidents(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The registry is a record of what happened; nothing is deleted.
        return False

    def save_model(self, request: HttpRequest, obj: Incident, form: forms.ModelForm,
                   change: bool) -> None:
        try:
            if change:
                self._apply_actions(request, obj, form)
            else:
                self._open(request, obj, form)
        except ServiceError as error:
            # Only a race with another editor gets here: the form checked
            # the same rules a moment ago.
            self.message_user(request, error.message, messages.ERROR)

    def response_add(self, request: HttpRequest, obj: Incident,
                     post_url_continue: str | None = None) -> HttpResponse:
        if obj.pk is None:
            return HttpResponseRedirect(
                reverse("admin:incidents_incident_changelist")
            )
        return super().response_add(request, obj, post_url_continue)

    def _open(self, request: HttpRequest, obj: Incident, form: forms.ModelForm) -> None:
        data = form.cleaned_data
        incident = incident_open_by_specialist(
            by=request.user,
            title=data["title"],
            description=data["description"],
            severity=data["severity"],
            function=data["function"],
            fingerprint=data["fingerprint"],
        )
        # The admin goes on to log and redirect with the object it holds.
        obj.__dict__.update(incident.__dict__)

    def _apply_actions(self, request: HttpRequest, obj: Incident,
                       form: forms.ModelForm) -> None:
        data = form.cleaned_data
        actor = request.user
        if form.assignee_changed():
            incident_assign(incident=obj, actor=actor, assignee=data["new_assignee"])
        action, note = data.get("action"), data.get("note", "")
        if action == "acknowledge":
            incident_acknowledge(incident=obj, actor=actor)
        elif action == "resolve":
            incident_resolve(incident=obj, actor=actor, resolution=note)
        elif action == "close":
            incident_close(incident=obj, actor=actor)
        elif action == "reopen":
            incident_reopen(incident=obj, actor=actor, reason=note)
        elif action == "comment":
            incident_comment(incident=obj, actor=actor, text=note)

    @admin.action(description=_("Acknowledge the selected incidents"))
    def acknowledge_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(request, queryset, incident_acknowledge)

    @admin.action(description=_("Close the selected incidents"))
    def close_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(request, queryset, incident_close)

    def _each(self, request: HttpRequest, queryset: QuerySet, service: Any) -> None:
        done = 0
        for incident in queryset:
            try:
                service(incident=incident, actor=request.user)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                gettext("Incidents changed: %(count)s.") % {"count": done},
                messages.SUCCESS,
            )
