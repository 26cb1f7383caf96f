"""The administrator's desk for the portal's information, with a preview.

Every save and every change of status goes through content.services; the
forms here only gather input and show the services' refusals beside fields.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import floatformat
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from content import views
from content.models import (
    LANGUAGES,
    ContentRevision,
    FaqEntry,
    FaqTopic,
    FieldKind,
    InfoField,
    InfoItem,
    InfoType,
    Instruction,
    NewsItem,
    Status,
)
from content.selectors import faq_entries_for_review, revisions_of
from content.services import (
    SPECS,
    info_values_check,
    item_archive,
    item_changes_check,
    item_completeness_check,
    item_create,
    item_publish,
    item_return_to_draft,
    item_schedule,
    item_update,
    schedule_time_check,
)
from core.errors import ServiceError

KEEP, PUBLISH, SCHEDULE = "keep", "publish", "schedule"
ARCHIVE, DRAFT = "archive", "draft"
TRANSITION_LABELS = {
    KEEP: _("Keep the status"),
    PUBLISH: _("Publish now"),
    SCHEDULE: _("Publish at the publication time"),
    ARCHIVE: _("Archive (take off the portal)"),
    DRAFT: _("Return to draft"),
}
TRANSITIONS_FROM = {
    None: (KEEP, PUBLISH, SCHEDULE),
    Status.DRAFT: (KEEP, PUBLISH, SCHEDULE),
    Status.SCHEDULED: (KEEP, PUBLISH, SCHEDULE, DRAFT),
    Status.PUBLISHED: (KEEP, ARCHIVE, DRAFT),
    Status.ARCHIVED: (KEEP, PUBLISH, SCHEDULE, DRAFT),
}
PUBLIC_TEMPLATES = {
    NewsItem: "content/news_detail.html",
    Instruction: "content/instruction_detail.html",
    InfoItem: "content/info_item.html",
}
LANGUAGE_TITLES = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


class PublicationForm(forms.ModelForm):
    """Fields of an item plus what to do with its status when it is saved."""

    transition = forms.ChoiceField(label=_("Publication"), choices=[])
    publish_at = forms.SplitDateTimeField(
        label=_("Publication time"), required=False, widget=AdminSplitDateTime,
        help_text=_("Local time, Asia/Almaty. Used with “Publish at the "
                    "publication time”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.instance.status if self.instance.pk else None
        self.fields["transition"].choices = [
            (value, TRANSITION_LABELS[value]) for value in TRANSITIONS_FROM[status]
        ]
        self.fields["transition"].initial = KEEP

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        model = self._meta.model
        stored = self.instance if self.instance.pk else None
        names = self.changed_data if stored else list(SPECS[model].editable)
        self.changes = {
            name: cleaned.get(name)
            for name in names
            if name in SPECS[model].editable and name in cleaned
        }
        self.values = self.clean_values(cleaned)
        try:
            item_changes_check(model=model, item=stored, changes=self.changes)
            if cleaned.get("transition") == SCHEDULE:
                schedule_time_check(at=cleaned.get("publish_at"))
        except ServiceError as error:
            self.add_service_error(error)
        return cleaned

    def clean_values(self, cleaned: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def _post_clean(self) -> None:
        # construct_instance has put the new texts and files on the instance
        # by now, so the check sees the item as it would be saved.
        super()._post_clean()
        if self.errors or not self._becomes_public():
            return
        try:
            item_completeness_check(item=self.instance, pending_values=self.pending)
        except ServiceError as error:
            self.add_service_error(error)

    @property
    def pending(self) -> Any:
        return None

    def _becomes_public(self) -> bool:
        transition = self.cleaned_data.get("transition")
        if transition in (PUBLISH, SCHEDULE):
            return True
        visible = (Status.SCHEDULED, Status.PUBLISHED)
        return transition == KEEP and self.instance.status in visible

    def add_service_error(self, error: ServiceError) -> None:
        target = None
        if error.field in self.fields:
            target = error.field
        elif error.field:
            target = next(
                (name for name in self.fields if name.startswith(f"{error.field}_")),
                None,
            )
        self.add_error(target, str(error.message))


class PublicationAdmin(admin.ModelAdmin):
    form = PublicationForm
    list_filter = ("status",)
    readonly_fields = ("status", "published_at", "author", "preview", "history")
    actions = ("publish_now", "archive", "return_to_draft")
    publication_fieldset = (
        _("Publication"),
        {"fields": ("status", "transition", "publish_at", "published_at", "author")},
    )
    record_fieldset = (_("Preview and history"), {"fields": ("preview", "history")})

    def language_fieldsets(self, names: tuple[str, ...]) -> list[tuple[Any, dict]]:
        return [
            (LANGUAGE_TITLES[code], {"fields": [f"{name}_{code}" for name in names]})
            for code in LANGUAGES
        ]

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["fields"] = None  # the fieldsets name the fields
        return super().get_form(request, obj, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        by = request.user
        changes = getattr(form, "changes", None)
        if changes is None:  # the list's editable columns
            spec = SPECS[type(obj)]
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in spec.editable
            }
        values = getattr(form, "values", None)
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            item = item_update(item=stored, by=by, changes=changes, values=values)
        else:
            item = item_create(model=type(obj), by=by, changes=changes, values=values)
        self._transition(request, item, getattr(form, "cleaned_data", {}))
        obj.pk = item.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def _transition(self, request: HttpRequest, item: Any, cleaned: dict) -> None:
        transition = cleaned.get("transition", KEEP)
        by = request.user
        try:
            if transition == PUBLISH:
                item_publish(item=item, by=by)
            elif transition == SCHEDULE:
                item_schedule(item=item, by=by, at=cleaned.get("publish_at"))
            elif transition == ARCHIVE:
                item_archive(item=item, by=by)
            elif transition == DRAFT:
                item_return_to_draft(item=item, by=by)
        except ServiceError as error:
            self.message_user(
                request,
                gettext("Saved, but the status did not change: %(error)s")
                % {"error": error.message},
                messages.ERROR,
            )

    @admin.action(
        description=_("Publish the selected items now"), permissions=["change"]
    )
    def publish_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, lambda item: item_publish(
            item=item, by=request.user
        ))

    @admin.action(description=_("Archive the selected items"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, lambda item: item_archive(
            item=item, by=request.user
        ))

    @admin.action(
        description=_("Return the selected items to draft"), permissions=["change"]
    )
    def return_to_draft(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, lambda item: item_return_to_draft(
            item=item, by=request.user
        ))

    def _apply(self, request: HttpRequest, queryset: QuerySet, change: Any) -> None:
        done = 0
        for item in queryset:
            try:
                change(item)
            except ServiceError as error:
                self.message_user(
                    request,
                    gettext("%(item)s: %(error)s")
                    % {"item": item, "error": error.message},
                    messages.ERROR,
                )
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)s item changed.", "%(count)s items changed.", done)
            % {"count": done},
        )

    # --- Preview and history ------------------------------------------------

    def get_urls(self) -> list:
        info = self.model._meta.app_label, self.model._meta.model_name
        preview = path(
            "<path:object_id>/preview/<slug:language>/",
            self.admin_site.admin_view(self.preview_view),
            name="%s_%s_preview" % info,
        )
        return [preview, *super().get_urls()]

    def preview_view(
        self, request: HttpRequest, object_id: str, language: str
    ) -> HttpResponse:
        item = self.get_object(request, object_id)
        if item is None or language not in LANGUAGES:
            raise Http404(gettext("There is no such item."))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        with translation.override(language):
            return self.render_preview(request, item)

    def render_preview(self, request: HttpRequest, item: Any) -> HttpResponse:
        template = PUBLIC_TEMPLATES[type(item)]
        return views.render_item(request, item, template, preview=True)

    @admin.display(description=_("Preview"))
    def preview(self, obj: Any) -> str:
        if obj is None or obj.pk is None:
            return gettext("Save the item to preview it.")
        info = obj._meta.app_label, obj._meta.model_name
        links = [
            (reverse("admin:%s_%s_preview" % info, args=[obj.pk, code]),
             str(LANGUAGE_TITLES[code]))
            for code in LANGUAGES
        ]
        return format_html_join(
            " · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links
        )

    @admin.display(description=_("History"))
    def history(self, obj: Any) -> str:
        if obj is None or obj.pk is None:
            return "—"
        rows = [
            (revision.at.strftime("%Y-%m-%d %H:%M"), revision.get_action_display(),
             revision.by or gettext("scheduler"))
            for revision in revisions_of(obj)[:20]
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{} {} — {}</li>", rows)
        )


@admin.register(NewsItem)
class NewsItemAdmin(PublicationAdmin):
    list_display = ("__str__", "status", "publish_at", "is_notice", "author")
    list_filter = ("status", "is_notice")
    search_fields = ("title_kk", "title_ru", "title_en")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            *self.language_fieldsets(("title", "summary", "body", "image_alt")),
            (_("Image and notice"), {"fields": ("image", "is_notice")}),
            self.publication_fieldset,
            self.record_fieldset,
        ]


@admin.register(Instruction)
class InstructionAdmin(PublicationAdmin):
    list_display = ("__str__", "audience", "position", "status", "publish_at")
    list_filter = ("audience", "status")
    list_editable = ("position",)
    search_fields = ("title_kk", "title_ru", "title_en")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        captions = [f"captions_{code}" for code in LANGUAGES]
        return [
            (None, {"fields": ("audience", "position")}),
            *self.language_fieldsets(("title", "body", "transcript")),
            (_("Video"), {"fields": ("video", "poster", *captions)}),
            self.publication_fieldset,
            self.record_fieldset,
        ]


@admin.register(FaqTopic)
class FaqTopicAdmin(admin.ModelAdmin):
    list_display = ("__str__", "position")
    list_editable = ("position",)


@admin.register(FaqEntry)
class FaqEntryAdmin(PublicationAdmin):
    list_display = (
        "__str__", "topic", "position", "status", "votes", "unhelpful",
    )
    list_filter = ("status", "topic")
    list_editable = ("position",)
    search_fields = ("question_kk", "question_ru", "question_en")
    list_select_related = ("topic",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return faq_entries_for_review()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (None, {"fields": ("topic", "position")}),
            *self.language_fieldsets(("question", "answer")),
            self.publication_fieldset,
            (_("Preview and history"), {"fields": ("history",)}),
        ]

    @admin.display(description=_("Answers"), ordering="votes")
    def votes(self, obj: FaqEntry) -> str:
        return f"{obj.helpful_yes} / {obj.helpful_no}"

    @admin.display(description=_("Not helpful, share"), ordering="unhelpful_rank")
    def unhelpful(self, obj: Any) -> str:
        if obj.unhelpful_share is None:
            return "—"
        return f"{floatformat(obj.unhelpful_share * 100, 0)} %"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("status", "published_at", "author", "history")

    def render_preview(self, request: HttpRequest, item: Any) -> HttpResponse:
        raise Http404(gettext("Questions are previewed on the FAQ page."))


class InfoFieldInline(admin.TabularInline):
    model = InfoField
    extra = 1
    fields = ("position", "key", "kind", "label_kk", "label_ru", "label_en", "required")


@admin.register(InfoType)
class InfoTypeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "position", "add_item")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (InfoFieldInline,)
    fields = (
        "slug", "position", "name_kk", "name_ru", "name_en",
        "intro_kk", "intro_ru", "intro_en",
    )

    @admin.display(description=_("Items"))
    def add_item(self, obj: InfoType) -> str:
        url = reverse("admin:content_infoitem_add")
        return format_html(
            '<a href="{}?info_type={}">{}</a>', url, obj.pk, gettext("Add an item")
        )


class InfoItemForm(PublicationForm):
    """An item's titles plus one form field per field of its type."""

    info_fields: list[InfoField] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = {}
        if self.instance.pk:
            stored = {value.field_id: value for value in self.instance.values.all()}
        for info_field in self.info_fields:
            self._set_initial(info_field, stored.get(info_field.pk))

    def _set_initial(self, info_field: InfoField, value: Any) -> None:
        if value is None:
            return
        name = f"value_{info_field.key}"
        if info_field.kind == FieldKind.TEXT:
            for code in LANGUAGES:
                self.fields[f"{name}_{code}"].initial = getattr(value, f"text_{code}")
        elif info_field.kind == FieldKind.REGION:
            self.fields[name].initial = value.region.code if value.region_id else ""
        else:
            column = {"date": "date", "file": "file", "link": "link"}[info_field.kind]
            self.fields[name].initial = getattr(value, column)

    def clean_values(self, cleaned: dict[str, Any]) -> dict[str, Any] | None:
        info_type = cleaned.get("info_type") or self._stored_type()
        if info_type is None or not self.info_fields:
            return None
        values = {}
        for info_field in self.info_fields:
            name = f"value_{info_field.key}"
            if info_field.kind == FieldKind.TEXT:
                values[info_field.key] = {
                    code: cleaned.get(f"{name}_{code}", "") for code in LANGUAGES
                }
            elif info_field.kind == FieldKind.FILE:
                raw = cleaned.get(name)
                # An unchanged stored file comes back as itself: keep it.
                values[info_field.key] = None if isinstance(raw, FieldFile) else raw
            else:
                values[info_field.key] = cleaned.get(name)
        try:
            self._pending = info_values_check(info_type=info_type, values=values)
        except ServiceError as error:
            self.add_service_error(error)
        return values

    @property
    def pending(self) -> Any:
        return getattr(self, "_pending", None)

    def _stored_type(self) -> InfoType | None:
        return self.instance.info_type if self.instance.info_type_id else None


def _value_fields(info_fields: list[InfoField]) -> dict[str, forms.Field]:
    form_fields: dict[str, forms.Field] = {}
    for info_field in info_fields:
        name = f"value_{info_field.key}"
        label = info_field.label_en
        help_text = _("Required for publishing.") if info_field.required else ""
        if info_field.kind == FieldKind.TEXT:
            for code in LANGUAGES:
                form_fields[f"{name}_{code}"] = forms.CharField(
                    label=f"{label} ({LANGUAGE_TITLES[code]})", required=False,
                    widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text,
                )
        elif info_field.kind == FieldKind.DATE:
            form_fields[name] = forms.DateField(
                label=label, required=False, widget=AdminDateWidget,
                help_text=help_text,
            )
        elif info_field.kind == FieldKind.FILE:
            form_fields[name] = forms.FileField(
                label=label, required=False, help_text=help_text
            )
        elif info_field.kind == FieldKind.LINK:
            form_fields[name] = forms.CharField(
                label=label, required=False, max_length=500, help_text=help_text
            )
        else:
            form_fields[name] = forms.CharField(
                label=f"{label} ({gettext('KATO code')})", required=False,
                max_length=9, help_text=help_text,
            )
    return form_fields


@admin.register(InfoItem)
class InfoItemAdmin(PublicationAdmin):
    form = InfoItemForm
    list_display = ("__str__", "info_type", "status", "publish_at", "author")
    list_filter = ("info_type", "status")
    search_fields = ("title_kk", "title_ru", "title_en")

    def _info_type(self, request: HttpRequest, obj: Any) -> InfoType | None:
        if obj is not None:
            return obj.info_type
        raw = request.POST.get("info_type") or request.GET.get("info_type")
        if not raw or not str(raw).isdigit():
            return None
        return InfoType.objects.filter(pk=int(raw)).first()

    def _info_fields(self, request: HttpRequest, obj: Any) -> list[InfoField]:
        info_type = self._info_type(request, obj)
        return list(info_type.fields.all()) if info_type else []

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        info_fields = self._info_fields(request, obj)
        base = super().get_form(request, obj, **kwargs)
        attrs = {"info_fields": info_fields, **_value_fields(info_fields)}
        return type("InfoItemTypedForm", (base,), attrs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return (*self.readonly_fields, "info_type")
        return self.readonly_fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        names = list(_value_fields(self._info_fields(request, obj)))
        fieldsets = [
            (None, {"fields": ("info_type",)}),
            *self.language_fieldsets(("title",)),
        ]
        if names:
            fieldsets.append((_("Fields of the type"), {"fields": names}))
        return [*fieldsets, self.publication_fieldset, self.record_fieldset]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        info_type = self._info_type(request, None)
        if info_type is not None:
            initial["info_type"] = info_type.pk
        return initial

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: Any = None
    ) -> HttpResponse:
        # Added without its type known beforehand, the item has had no
        # fields to fill in yet: open it again to fill them.
        posted_values = any(name.startswith("value_") for name in request.POST)
        if obj.info_type.fields.exists() and not posted_values:
            self.message_user(request, gettext("Now fill in the fields of the type."))
            url = reverse("admin:content_infoitem_change", args=[obj.pk])
            return HttpResponseRedirect(url)
        return super().response_add(request, obj, post_url_continue)


@admin.register(ContentRevision)
class ContentRevisionAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "action", "status", "by")
    list_filter = ("content_type", "action")
    readonly_fields = (
        "content_type", "object_id", "action", "status", "by", "at", "snapshot",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

