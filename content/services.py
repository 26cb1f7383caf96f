"""Writes of the portal's information: create, change, schedule, publish, archive.

The admin, the scheduled task and any command change items through these
functions only, so every change is checked the same way and leaves a
ContentRevision in the same transaction.
"""

import datetime as dt
import logging
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language, gettext

from accounts.models import User
from classifiers.models import KatoUnit
from classifiers.selectors import kato_by_code
from content import media
from content.languages import item_languages, naming_field
from content.models import (
    LANGUAGES,
    Audience,
    ContentRevision,
    FaqEntry,
    FaqTopic,
    FieldKind,
    InfoField,
    InfoItem,
    InfoType,
    InfoValue,
    Instruction,
    NewsItem,
    NoticeDismissal,
    Publication,
    RevisionAction,
    Status,
)
from content.richtext import clean_html
from core.errors import Conflict, ServiceError, ValidationFailed
from core.text import search_tokens

logger = logging.getLogger(__name__)

Item = TypeVar("Item", bound=Publication)
FileCheck = Callable[..., Any]
LINE_MAX = 300
FAQ_VOTES_SESSION_KEY = "content_faq_votes"


@dataclass(frozen=True)
class Spec:
    """What an administrator may edit on a model, and how each field is checked."""

    lines: tuple[str, ...] = ()  # one-line texts, per language
    plain: tuple[str, ...] = ()  # multi-line plain texts, per language
    html: tuple[str, ...] = ()  # sanitised HTML, per language
    files: dict[str, FileCheck] = field(default_factory=dict)
    other: tuple[str, ...] = ()

    def per_language(self, names: tuple[str, ...]) -> set[str]:
        return {f"{name}_{code}" for name in names for code in LANGUAGES}

    @property
    def editable(self) -> frozenset[str]:
        texts = self.per_language(self.lines + self.plain + self.html)
        return frozenset(texts | set(self.files) | set(self.other))


def _captions(code: str) -> FileCheck:
    return lambda upload: media.captions_check(upload, field=f"captions_{code}")


SPECS: dict[type[Publication], Spec] = {
    NewsItem: Spec(
        lines=("title", "image_alt"), plain=("summary",), html=("body",),
        files={"image": lambda upload: media.image_check(upload, field="image")},
        other=("is_notice",),
    ),
    Instruction: Spec(
        lines=("title",), plain=("transcript",), html=("body",),
        files={
            "video": lambda upload: media.video_check(upload, field="video"),
            "poster": lambda upload: media.image_check(upload, field="poster"),
            **{f"captions_{code}": _captions(code) for code in LANGUAGES},
        },
        other=("audience", "position"),
    ),
    FaqEntry: Spec(lines=("question",), html=("answer",), other=("topic", "position")),
    InfoItem: Spec(lines=("title",), other=("info_type",)),
}
PUBLISHABLE_MODELS = tuple(SPECS)


# --- Create and change ---------------------------------------------------------


def item_create(
    *,
    model: type[Item],
    by: User | None,
    changes: dict[str, Any],
    values: dict[str, Any] | None = None,
) -> Item:
    """Create a draft of MODEL from CHANGES; VALUES are an information item's fields.

    BY is None when the portal's set-up writes its starting texts.
    """
    checked = item_changes_check(model=model, item=None, changes=changes)
    checked_values = _values_for(model, item=None, checked=checked, values=values)

    with transaction.atomic():
        item = model(author=by, status=Status.DRAFT, **checked)
        item.save()
        _apply_values(item, checked_values)
        _record(item, RevisionAction.CREATED, by=by)

    logger.info(
        "content %s %s created by %s",
        model.__name__, item.pk, f"user {by.pk}" if by else "set-up",
    )
    return item


def item_update(
    *,
    item: Item,
    by: User,
    changes: dict[str, Any],
    values: dict[str, Any] | None = None,
) -> Item:
    """Change the fields named in CHANGES (and VALUES) of ITEM; return it stored."""
    with transaction.atomic():
        # A scheduled or published item must stay complete; the lock keeps the
        # scheduler from publishing between this check and the write.
        locked = _lock(item)
        checked = item_changes_check(model=type(item), item=locked, changes=changes)
        checked_values = _values_for(
            type(item), item=locked, checked=checked, values=values
        )
        for name, value in checked.items():
            setattr(locked, name, value)
        if locked.status in (Status.SCHEDULED, Status.PUBLISHED):
            item_completeness_check(item=locked, pending_values=checked_values)
        locked.save()
        _apply_values(locked, checked_values)
        _record(locked, RevisionAction.CHANGED, by=by)

    logger.info(
        "content %s %s changed by user %s", type(item).__name__, item.pk, by.pk
    )
    return locked


def item_changes_check(
    *, model: type[Publication], item: Publication | None, changes: dict[str, Any]
) -> dict[str, Any]:
    """Return CHANGES cleaned, with the fields derived from them.

    Raises ValidationFailed for the first field at fault; the admin form calls
    this to show the refusal beside the field before anything is saved.
    """
    spec = SPECS[model]
    unknown = set(changes) - spec.editable
    if unknown:
        raise TypeError(f"{model.__name__} fields cannot be set: {sorted(unknown)}")
    if item is not None and "info_type" in changes and (
        changes["info_type"] != getattr(item, "info_type", None)
    ):
        raise Conflict(
            gettext("The type of an item cannot change. Create a new item instead."),
            code="info_type_fixed", field="info_type",
        )

    checked = {
        name: _checked(spec, name, value) for name, value in changes.items()
    }
    if model is FaqEntry:
        checked.update(_faq_search_columns(item, checked))
    return checked


def _checked(spec: Spec, name: str, value: Any) -> Any:
    base = name.rsplit("_", 1)[0]
    if name in spec.files:
        return _checked_file(spec, name, value)
    if base in spec.lines and name.endswith(LANGUAGES):
        return _checked_line(name, value)
    if base in spec.plain:
        return str(value or "").strip()
    if base in spec.html:
        return clean_html(str(value or ""))
    return _checked_other(name, value)


def _checked_line(name: str, value: Any) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > LINE_MAX:
        raise ValidationFailed(
            gettext("Keep it under %(limit)s characters.") % {"limit": LINE_MAX},
            field=name,
        )
    return text


def _checked_file(spec: Spec, name: str, value: Any) -> Any:
    # False or None clears the file (the admin's "clear" box); a stored file
    # passed back unchanged needs no check.
    if not value:
        return ""
    if getattr(value, "_committed", False):
        return value
    spec.files[name](value)
    return value


def _checked_other(name: str, value: Any) -> Any:
    if name == "audience":
        if value not in Audience.values:
            raise ValidationFailed(gettext("Choose the audience."), field=name)
        return value
    if name == "position":
        if value is None or int(value) < 0:
            raise ValidationFailed(
                gettext("Enter a position of 0 or more."), field=name
            )
        return int(value)
    if name == "topic" and not isinstance(value, FaqTopic):
        raise ValidationFailed(gettext("Choose the topic."), field=name)
    if name == "info_type" and not isinstance(value, InfoType):
        raise ValidationFailed(gettext("Choose the information type."), field=name)
    if name == "is_notice":
        return bool(value)
    return value


def _faq_search_columns(
    item: FaqEntry | None, checked: dict[str, Any]
) -> dict[str, str]:
    columns = {}
    for code in LANGUAGES:
        question = _current(checked, item, f"question_{code}")
        answer = _current(checked, item, f"answer_{code}")
        columns[f"search_{code}"] = faq_search_column(f"{question}\n{answer}")
    return columns


def _current(checked: dict[str, Any], item: Any, name: str) -> str:
    return checked[name] if name in checked else getattr(item, name, "")


def faq_search_column(text: str) -> str:
    """Return the folded words of TEXT between single spaces, or "" for none."""
    tokens = dict.fromkeys(search_tokens(text))
    return f" {' '.join(tokens)} " if tokens else ""


# --- Publication -----------------------------------------------------------------


def item_publish(
    *, item: Item, by: User | None, now: dt.datetime | None = None
) -> Item:
    """Make ITEM public; BY is None when the scheduler publishes it.

    The one way an item becomes published, used by the admin and by the
    scheduled task. A scheduled item keeps its announced time as its
    publication time even when the worker runs a little later.
    """
    now = _aware(now)

    with transaction.atomic():
        locked = _lock(item)
        if locked.status == Status.PUBLISHED:
            raise Conflict(
                gettext("This item is already published."), code="already_published"
            )
        item_completeness_check(item=locked)
        due = locked.publish_at
        was_scheduled = locked.status == Status.SCHEDULED and due and due <= now
        locked.published_at = due if was_scheduled else now
        locked.publish_at = locked.published_at
        locked.status = Status.PUBLISHED
        locked.save(
            update_fields=["status", "published_at", "publish_at", "updated_at"]
        )
        _record(locked, RevisionAction.PUBLISHED, by=by, at=now)

    logger.info(
        "content %s %s published by %s",
        type(item).__name__, item.pk, by.pk if by else "scheduler or set-up",
    )
    return locked


def item_schedule(
    *, item: Item, by: User, at: dt.datetime | None, now: dt.datetime | None = None
) -> Item:
    """Make ITEM public at AT, a moment in the future."""
    now = _aware(now)
    schedule_time_check(at=at, now=now)

    with transaction.atomic():
        locked = _lock(item)
        if locked.status == Status.PUBLISHED:
            raise Conflict(
                gettext("This item is already published; archive it first."),
                code="already_published",
            )
        item_completeness_check(item=locked)
        locked.status = Status.SCHEDULED
        locked.publish_at = at
        locked.save(update_fields=["status", "publish_at", "updated_at"])
        _record(locked, RevisionAction.SCHEDULED, by=by, at=now)

    logger.info("content %s %s scheduled for %s", type(item).__name__, item.pk, at)
    return locked


def schedule_time_check(
    *, at: dt.datetime | None, now: dt.datetime | None = None
) -> None:
    """Refuse a publication time that is missing or not in the future."""
    now = _aware(now)
    if at is None:
        raise ValidationFailed(
            gettext("Enter the publication time."), field="publish_at"
        )
    if timezone.is_naive(at):
        raise ValueError("a publication time must be an aware datetime")
    if at <= now:
        raise ValidationFailed(
            gettext("Choose a publication time in the future, or publish now."),
            code="schedule_in_past", field="publish_at",
        )


def item_archive(*, item: Item, by: User) -> Item:
    """Take ITEM off the portal and keep it with its history."""
    return _move(item, by=by, to=Status.ARCHIVED, action=RevisionAction.ARCHIVED)


def item_return_to_draft(*, item: Item, by: User) -> Item:
    """Take ITEM off the portal or out of the schedule, to be worked on."""
    return _move(item, by=by, to=Status.DRAFT, action=RevisionAction.DRAFTED)


def items_publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish every scheduled item whose time has come; return how many."""
    now = _aware(now)
    published = 0
    for model in PUBLISHABLE_MODELS:
        due = model.objects.filter(status=Status.SCHEDULED, publish_at__lte=now)
        for item in due.order_by("publish_at", "pk"):
            try:
                item_publish(item=item, by=None, now=now)
            except Conflict:
                continue  # another worker or an administrator was first
            except ServiceError as error:
                logger.warning(
                    "content %s %s not published: %s",
                    model.__name__, item.pk, error.message,
                )
                continue
            published += 1
    return published


def _move(item: Item, *, by: User, to: str, action: str) -> Item:
    with transaction.atomic():
        locked = _lock(item)
        if locked.status == to:
            raise Conflict(
                gettext("The item already has this status."), code="same_status"
            )
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        _record(locked, action, by=by)

    logger.info("content %s %s is now %s", type(item).__name__, item.pk, to)
    return locked


def item_completeness_check(
    *, item: Publication, pending_values: dict[InfoField, Any] | None = None
) -> None:
    """Refuse to make public an item that lacks what its readers need.

    ITEM may be unsaved or hold unsaved changes: the admin form calls this
    before saving to show the refusal beside the field at fault.
    """
    languages = item_languages(item)
    if not languages:
        name = naming_field(type(item))
        raise ValidationFailed(
            gettext("Fill in the title in at least one language."),
            code="no_language", field=f"{name}_kk",
        )
    for code in languages:
        _check_language_complete(item, code)
    if isinstance(item, InfoItem):
        _check_required_values(item, languages, pending_values)


def _check_language_complete(item: Publication, code: str) -> None:
    if isinstance(item, NewsItem) and not (
        getattr(item, f"summary_{code}") or getattr(item, f"body_{code}")
    ):
        raise _missing(gettext("Write the summary or the body."), f"summary_{code}")
    if isinstance(item, FaqEntry) and not getattr(item, f"answer_{code}"):
        raise _missing(gettext("Write the answer."), f"answer_{code}")
    if isinstance(item, Instruction):
        _check_instruction_language(item, code)


def _check_instruction_language(item: Instruction, code: str) -> None:
    if not (item.video or getattr(item, f"body_{code}")):
        raise _missing(gettext("Write the text or attach a video."), f"body_{code}")
    if not item.video:
        return
    # A video reaches deaf readers through captions and blind readers
    # through the transcript, in every language the instruction has.
    if not getattr(item, f"captions_{code}"):
        raise _missing(
            gettext("Attach the captions of the video."), f"captions_{code}"
        )
    if not getattr(item, f"transcript_{code}"):
        raise _missing(
            gettext("Write the transcript of the video."), f"transcript_{code}"
        )


def _missing(message: str, name: str) -> ValidationFailed:
    code = name.rsplit("_", 1)[1]
    return ValidationFailed(
        gettext("%(language)s: %(message)s")
        % {"language": _language_label(code), "message": message},
        code="incomplete", field=name,
    )


def _language_label(code: str) -> str:
    labels = {
        "kk": gettext("Kazakh"), "ru": gettext("Russian"), "en": gettext("English")
    }
    return labels[code]


# --- Values of information items --------------------------------------------------


def _values_for(
    model: type[Publication],
    *,
    item: Publication | None,
    checked: dict[str, Any],
    values: dict[str, Any] | None,
) -> dict[InfoField, Any]:
    if values is None:
        return {}
    if model is not InfoItem:
        raise TypeError(f"{model.__name__} has no field values")
    info_type = checked.get("info_type") or getattr(item, "info_type", None)
    if info_type is None:
        raise ValidationFailed(
            gettext("Choose the information type."), field="info_type"
        )
    return info_values_check(info_type=info_type, values=values)


def info_values_check(
    *, info_type: InfoType, values: dict[str, Any]
) -> dict[InfoField, Any]:
    """Return VALUES (by field key) checked against the fields of INFO_TYPE.

    Text values are {language: text}; a file value None keeps the stored
    file and False clears it; a region is a KATO code or unit.
    """
    fields = {info_field.key: info_field for info_field in info_type.fields.all()}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationFailed(
            gettext("The type has no field %(key)s.") % {"key": sorted(unknown)[0]},
            field=sorted(unknown)[0],
        )
    return {
        fields[key]: _checked_value(fields[key], value)
        for key, value in values.items()
    }


def _checked_value(info_field: InfoField, value: Any) -> Any:
    name = f"value_{info_field.key}"
    if info_field.kind == FieldKind.TEXT:
        texts = value or {}
        return {code: str(texts.get(code) or "").strip() for code in LANGUAGES}
    if info_field.kind == FieldKind.DATE:
        if value is not None and not isinstance(value, dt.date):
            raise ValidationFailed(gettext("Enter a date."), field=name)
        return value
    if info_field.kind == FieldKind.LINK:
        return _checked_link(str(value or "").strip(), name)
    if info_field.kind == FieldKind.REGION:
        return _checked_region(value, name)
    if value:
        media.document_check(value, field=name)
    return value


def _checked_link(link: str, name: str) -> str:
    if not link:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationFailed(
            gettext("Enter a web address that starts with https:// or http://."),
            field=name,
        ) from None
    return link


def _checked_region(value: Any, name: str) -> KatoUnit | None:
    if isinstance(value, KatoUnit) or not value:
        return value or None
    code = str(value).strip()
    unit = kato_by_code(code) if code.isascii() and code.isdigit() else None
    if unit is None:
        raise ValidationFailed(
            gettext("No region of the KATO classifier has the code %(code)s.")
            % {"code": code},
            field=name,
        )
    return unit


def _apply_values(item: Publication, checked: dict[InfoField, Any]) -> None:
    for info_field, value in checked.items():
        stored, _created = InfoValue.objects.get_or_create(item=item, field=info_field)
        if info_field.kind == FieldKind.TEXT:
            for code in LANGUAGES:
                setattr(stored, f"text_{code}", value[code])
        elif info_field.kind == FieldKind.FILE:
            if value is None:
                continue
            stored.file = value or ""
        else:
            column = _VALUE_COLUMN[info_field.kind]
            setattr(stored, column, value or _EMPTY[info_field.kind])
        stored.save()


_VALUE_COLUMN = {
    FieldKind.DATE: "date", FieldKind.LINK: "link", FieldKind.REGION: "region"
}
_EMPTY: dict[str, Any] = {
    FieldKind.DATE: None, FieldKind.LINK: "", FieldKind.REGION: None
}


def _check_required_values(
    item: InfoItem, languages: list[str], pending: dict[InfoField, Any] | None
) -> None:
    stored = {value.field_id: value for value in item.values.all()} if item.pk else {}
    for info_field in item.info_type.fields.filter(required=True):
        value = stored.get(info_field.pk)
        if pending and info_field in pending:
            if _pending_filled(info_field, pending[info_field], value, languages):
                continue
        elif value is not None and _stored_filled(info_field, value, languages):
            continue
        raise ValidationFailed(
            gettext("Fill in %(field)s.") % {"field": field_label(info_field)},
            code="incomplete", field=f"value_{info_field.key}",
        )


def _stored_filled(
    info_field: InfoField, value: InfoValue, languages: list[str]
) -> bool:
    if info_field.kind == FieldKind.TEXT:
        return all(getattr(value, f"text_{code}") for code in languages)
    if info_field.kind == FieldKind.REGION:
        return value.region_id is not None
    column = {FieldKind.DATE: "date", FieldKind.FILE: "file", FieldKind.LINK: "link"}
    return bool(getattr(value, column[info_field.kind]))


def _pending_filled(
    info_field: InfoField, value: Any, stored: InfoValue | None, languages: list[str]
) -> bool:
    if info_field.kind == FieldKind.TEXT:
        return all(value[code] for code in languages)
    if info_field.kind == FieldKind.FILE and value is None:
        return stored is not None and bool(stored.file)
    return bool(value)


def field_label(info_field: InfoField) -> str:
    """Return the label of INFO_FIELD in the active language."""
    code = get_language() if get_language() in LANGUAGES else "kk"
    return getattr(info_field, f"label_{code}")


# --- Readers' actions ------------------------------------------------------------


def notice_dismiss(*, user: User, news: NewsItem) -> None:
    """Stop showing the notice NEWS to USER; dismissing twice changes nothing."""
    try:
        with transaction.atomic():
            NoticeDismissal.objects.get_or_create(user=user, news=news)
    except IntegrityError:
        pass  # a second click in another tab was first


def faq_entry_vote(
    *, entry: FaqEntry, helpful: bool, session: MutableMapping[str, Any]
) -> bool:
    """Count a reader's "was this helpful?" answer once per browser session.

    SESSION remembers the entries already answered; return False when this
    one was, so a repeated click does not skew the count.
    """
    voted = list(session.get(FAQ_VOTES_SESSION_KEY, []))
    if entry.pk in voted:
        return False

    column = "helpful_yes" if helpful else "helpful_no"
    # An UPDATE with F() adds to the stored count: parallel votes all count.
    FaqEntry.objects.filter(pk=entry.pk).update(**{column: F(column) + 1})

    session[FAQ_VOTES_SESSION_KEY] = [*voted, entry.pk]
    return True


# --- History ---------------------------------------------------------------------


def _record(
    item: Publication, action: str, *, by: User | None, at: dt.datetime | None = None
) -> ContentRevision:
    return ContentRevision.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        action=action,
        status=item.status,
        by=by,
        at=at or timezone.now(),
        snapshot=_snapshot(item),
    )


def _snapshot(item: Publication) -> dict[str, Any]:
    snapshot: dict[str, Any] = {"status": item.status}
    for model_field in type(item)._meta.concrete_fields:
        if model_field.name in ("id", "created_at", "updated_at", "author"):
            continue
        value = getattr(item, model_field.attname)
        snapshot[model_field.name] = _plain(value)
    if isinstance(item, InfoItem):
        snapshot["values"] = {
            value.field.key: _value_snapshot(value)
            for value in item.values.select_related("field")
        }
    return snapshot


def _value_snapshot(value: InfoValue) -> dict[str, Any]:
    return {
        "text": {code: getattr(value, f"text_{code}") for code in LANGUAGES},
        "date": _plain(value.date),
        "file": value.file.name or "",
        "link": value.link,
        "region": value.region.code if value.region_id else None,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _lock(item: Item) -> Item:
    return type(item).objects.select_for_update().get(pk=item.pk)


def _aware(now: dt.datetime | None) -> dt.datetime:
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("content services need an aware datetime")
    return now
