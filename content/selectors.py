"""Reads of the portal's information for the public pages, the feed and the admin."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import (
    Case,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast, Coalesce
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from content.languages import Localized, item_languages, naming_field
from content.models import (
    LANGUAGES,
    Audience,
    FaqEntry,
    FaqTopic,
    FieldKind,
    InfoItem,
    InfoType,
    InfoValue,
    Instruction,
    NewsItem,
    ContentRevision,
    NoticeDismissal,
    Publication,
    Status,
)
from core.errors import NotFound
from core.text import search_tokens

Item = TypeVar("Item", bound=Publication)
NOTICE_FIELDS = ("title", "summary")
# Files of an item that the media view may serve, by model name.
MEDIA_FIELDS = {
    "news": (NewsItem, ("image",)),
    "instruction": (
        Instruction,
        ("video", "poster", *(f"captions_{code}" for code in LANGUAGES)),
    ),
}


def visible_q(*, now: dt.datetime | None = None) -> Q:
    """Match items that readers see: published, or scheduled and due.

    A scheduled item is public from its time on, so it appears at that
    minute whether or not the worker has already marked it published.
    """
    now = now or timezone.now()
    return Q(status=Status.PUBLISHED) | Q(status=Status.SCHEDULED, publish_at__lte=now)


def visible(model: type[Item], *, now: dt.datetime | None = None) -> QuerySet[Item]:
    return model.objects.filter(visible_q(now=now))


def item_is_visible(item: Publication, *, now: dt.datetime | None = None) -> bool:
    return visible(type(item), now=now).filter(pk=item.pk).exists()


def in_language(queryset: QuerySet[Item], language: str) -> QuerySet[Item]:
    """Keep the items that have LANGUAGE (their title is written in it)."""
    name = naming_field(queryset.model)
    return queryset.exclude(**{f"{name}_{language}": ""})


def not_in_language(queryset: QuerySet[Item], language: str) -> QuerySet[Item]:
    name = naming_field(queryset.model)
    return queryset.filter(**{f"{name}_{language}": ""})


def localized(items: Any, language: str) -> list[Localized]:
    return [Localized(item, language) for item in items]


def elsewhere(items: Any) -> list[Localized]:
    """Read each item in the first language it has, for a list of other languages."""
    result = []
    for item in items:
        languages = item_languages(item)
        if languages:
            result.append(Localized(item, languages[0]))
    return result


def item_get_visible(
    model: type[Item], pk: int, *, now: dt.datetime | None = None, **filters: Any
) -> Item:
    item = visible(model, now=now).filter(pk=pk, **filters).first()
    if item is None:
        raise NotFound(_not_found_message())
    return item


def _not_found_message() -> str:
    return gettext("There is no such page, or it is no longer published.")


# --- What's new ------------------------------------------------------------------


def news_visible(*, now: dt.datetime | None = None) -> QuerySet[NewsItem]:
    return visible(NewsItem, now=now).order_by("-publish_at", "-pk")


def news_in_language(
    *, language: str, now: dt.datetime | None = None
) -> QuerySet[NewsItem]:
    return in_language(news_visible(now=now), language)


def news_elsewhere(
    *, language: str, limit: int, now: dt.datetime | None = None
) -> list[Localized]:
    """Return the newest LIMIT news without text in LANGUAGE, each in its own."""
    return elsewhere(not_in_language(news_visible(now=now), language)[:limit])


def notice_for(
    *, user: User, language: str, now: dt.datetime | None = None
) -> Localized | None:
    """Return the newest notice that USER has not dismissed, or None.

    A notice without text in LANGUAGE is shown in a language it has, marked
    as such by the template.
    """
    if not user.is_authenticated:
        return None
    dismissed = NoticeDismissal.objects.filter(user=user).values("news_id")
    notice = (
        news_visible(now=now).filter(is_notice=True).exclude(pk__in=dismissed).first()
    )
    if notice is None:
        return None
    languages = item_languages(notice)
    if not languages:
        return None
    return Localized(notice, language if language in languages else languages[0])


# --- Instructions ----------------------------------------------------------------


@dataclass
class AudienceSection:
    audience: str
    label: str
    items: list[Localized] = field(default_factory=list)
    elsewhere: list[Localized] = field(default_factory=list)


def instruction_sections(
    *, language: str, audience: str | None = None, now: dt.datetime | None = None
) -> list[AudienceSection]:
    """Return the visible instructions grouped by audience, in portal order."""
    queryset = visible(Instruction, now=now).order_by("audience", "position", "pk")
    if audience is not None:
        queryset = queryset.filter(audience=audience)
    sections = {
        value: AudienceSection(value, str(label))
        for value, label in Audience.choices
        if audience in (None, value)
    }
    for item in queryset:
        section = sections[item.audience]
        if language in item_languages(item):
            section.items.append(Localized(item, language))
        else:
            section.elsewhere.extend(elsewhere([item]))
    return list(sections.values())


def audience_get(slug: str) -> str:
    if slug not in Audience.values:
        raise NotFound(_not_found_message())
    return slug


# --- Questions and answers -------------------------------------------------------


@dataclass
class FaqSection:
    topic: Localized
    entries: list[Localized]


@dataclass
class FaqResult:
    sections: list[FaqSection]
    found: int
    elsewhere: int  # entries that have no text in the asked language


def faq_search(
    *, language: str, query: str = "", now: dt.datetime | None = None
) -> FaqResult:
    """Return the visible entries in LANGUAGE that hold every word of QUERY.

    Words are compared folded and stemmed (core.text), so case, ё/е, Latin
    look-alikes and word endings do not stop a match, on either database.
    """
    entries = visible(FaqEntry, now=now)
    elsewhere_count = not_in_language(entries, language).count()
    entries = in_language(entries, language)
    for token in dict.fromkeys(search_tokens(query)):
        entries = entries.filter(**{f"search_{language}__contains": f" {token} "})
    entries = entries.select_related("topic").order_by(
        "topic__position", "topic_id", "position", "pk"
    )
    sections: dict[int, FaqSection] = {}
    for entry in entries:
        if entry.topic_id not in sections:
            topic = Localized(entry.topic, language)
            sections[entry.topic_id] = FaqSection(topic, [])
        sections[entry.topic_id].entries.append(Localized(entry, language))
    found = sum(len(section.entries) for section in sections.values())
    return FaqResult(list(sections.values()), found, elsewhere_count)


def faq_entries_for_review() -> QuerySet[FaqEntry]:
    """Return the entries with their share of "not helpful" answers annotated.

    The share is empty for entries nobody has rated yet.
    """
    votes = F("helpful_yes") + F("helpful_no")
    share = Case(
        When(helpful_yes=0, helpful_no=0, then=Value(None)),
        default=Cast(F("helpful_no"), FloatField()) / Cast(votes, FloatField()),
        output_field=FloatField(),
    )
    return FaqEntry.objects.select_related("topic").annotate(
        votes=votes,
        unhelpful_share=share,
        # Unrated entries sort below every rated one; NULLs would sort first
        # on PostgreSQL and last on SQLite.
        unhelpful_rank=Coalesce(share, Value(-1.0)),
    )


def faq_topics() -> QuerySet[FaqTopic]:
    return FaqTopic.objects.all()


# --- Additional information types ------------------------------------------------


def info_types() -> QuerySet[InfoType]:
    return InfoType.objects.order_by("position", "pk")


def info_type_get(slug: str) -> InfoType:
    info_type = InfoType.objects.filter(slug=slug).first()
    if info_type is None:
        raise NotFound(_not_found_message())
    return info_type


def info_items(
    *, info_type: InfoType, now: dt.datetime | None = None
) -> QuerySet[InfoItem]:
    return (
        visible(InfoItem, now=now)
        .filter(info_type=info_type)
        .order_by("-publish_at", "-pk")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=InfoValue.objects.select_related("field", "region"),
            )
        )
    )


@dataclass
class ShownValue:
    label: str
    kind: str
    text: str = ""
    date: dt.date | None = None
    link: str = ""
    region: Any = None
    file: Any = None
    value_id: int | None = None


def info_item_values(item: InfoItem, *, language: str) -> list[ShownValue]:
    """Return the filled values of ITEM in the order of its type's fields."""
    stored = {value.field_id: value for value in item.values.all()}
    shown = []
    for info_field in item.info_type.fields.all():
        value = stored.get(info_field.pk)
        if value is None:
            continue
        row = ShownValue(
            label=getattr(info_field, f"label_{language}"), kind=info_field.kind,
            text=getattr(value, f"text_{language}"), date=value.date,
            link=value.link, region=value.region, file=value.file or None,
            value_id=value.pk,
        )
        if _filled(row):
            shown.append(row)
    return shown


def _filled(row: ShownValue) -> bool:
    column = {
        FieldKind.TEXT: row.text, FieldKind.DATE: row.date, FieldKind.LINK: row.link,
        FieldKind.REGION: row.region, FieldKind.FILE: row.file,
    }
    return bool(column[row.kind])


# --- Files -----------------------------------------------------------------------


def media_file_get(
    *, kind: str, pk: int, name: str, staff: bool, now: dt.datetime | None = None
) -> FieldFile:
    """Return a stored file of a visible item; STAFF also reach unpublished ones.

    Raises NotFound for an unknown model or field, an item that readers do
    not see, or an empty field.
    """
    if kind == "value":
        return _value_file(pk, staff=staff, now=now)
    model, names = MEDIA_FIELDS.get(kind, (None, ()))
    if model is None or name not in names:
        raise NotFound(_not_found_message())
    queryset = model.objects.all() if staff else visible(model, now=now)
    item = queryset.filter(pk=pk).first()
    stored = getattr(item, name, None) if item is not None else None
    if not stored:
        raise NotFound(_not_found_message())
    return stored


def _value_file(pk: int, *, staff: bool, now: dt.datetime | None) -> FieldFile:
    values = InfoValue.objects.filter(pk=pk, field__kind=FieldKind.FILE)
    if not staff:
        values = values.filter(item__in=visible(InfoItem, now=now))
    value = values.first()
    if value is None or not value.file:
        raise NotFound(_not_found_message())
    return value.file


def revisions_of(item: Publication) -> QuerySet[ContentRevision]:
    """Return the history of ITEM, newest first."""
    content_type = ContentType.objects.get_for_model(type(item))
    return ContentRevision.objects.filter(
        content_type=content_type, object_id=item.pk
    ).select_related("by")
