"""The starting texts of a new portal: news, instructions and FAQ (Rules 4.5, 5).

Without them a fresh portal shows empty sections in every language. The texts
live in content/data/starter.json, each under a stable key; an item is created
and published through the services the first time its key is seen, and the
key is remembered (StarterRecord). A later set-up skips a remembered key, so it
never overwrites an administrator's edit nor brings back a deleted item.
"""

import json
import logging
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from content.models import (
    LANGUAGES,
    FaqEntry,
    FaqTopic,
    Instruction,
    NewsItem,
    StarterRecord,
)
from content.services import item_create, item_publish

logger = logging.getLogger(__name__)

STARTER_FILE = Path(__file__).resolve().parent / "data" / "starter.json"


def starter_texts_read(path: Path = STARTER_FILE) -> dict[str, list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def starter_content_load(*, path: Path = STARTER_FILE) -> int:
    """Create and publish the starting items not loaded before; return how many."""
    data = starter_texts_read(path)
    created = 0
    for entry in data.get("faq_topics", []):
        created += _load(entry, _create_topic)
    loaders = (
        ("faq", _create_faq_entry),
        ("instructions", _create_instruction),
        ("news", _create_news),
    )
    for section, create in loaders:
        for entry in data.get(section, []):
            created += _load(entry, create)
    logger.info("starting content: %s items created", created)
    return created


def _load(entry: dict[str, Any], create: Any) -> int:
    key = entry["key"]
    if StarterRecord.objects.filter(key=key).exists():
        return 0
    try:
        with transaction.atomic():
            item = create(entry)
            if item is None:
                return 0
            StarterRecord.objects.create(
                key=key,
                content_type=ContentType.objects.get_for_model(type(item)),
                object_id=item.pk,
            )
    except IntegrityError:
        return 0  # a set-up running at the same time loaded this key first
    return 1


def _texts(entry: dict[str, Any], *names: str) -> dict[str, str]:
    """Spread {"title": {"kk": ..., "ru": ..., "en": ...}} into title_kk, ..."""
    return {
        f"{name}_{code}": entry[name][code] for name in names for code in LANGUAGES
    }


def _create_topic(entry: dict[str, Any]) -> FaqTopic:
    return FaqTopic.objects.create(position=entry["position"], **_texts(entry, "name"))


def _create_faq_entry(entry: dict[str, Any]) -> FaqEntry | None:
    topic = _loaded(FaqTopic, entry["topic"])
    if topic is None:
        # The administrator deleted the starting topic: its questions stay out.
        return None
    changes = {
        "topic": topic, "position": entry["position"],
        **_texts(entry, "question", "answer"),
    }
    return _publish(FaqEntry, changes)


def _create_instruction(entry: dict[str, Any]) -> Instruction:
    changes = {
        "audience": entry["audience"], "position": entry["position"],
        **_texts(entry, "title", "body"),
    }
    return _publish(Instruction, changes)


def _create_news(entry: dict[str, Any]) -> NewsItem:
    return _publish(NewsItem, _texts(entry, "title", "summary", "body"))


def _publish(model: type[models.Model], changes: dict[str, Any]) -> Any:
    # by=None: the portal's set-up, not a person, wrote these items.
    item = item_create(model=model, by=None, changes=changes)
    return item_publish(item=item, by=None)


def _loaded(model: type[models.Model], key: str) -> Any:
    record = StarterRecord.objects.filter(key=key).first()
    if record is None:
        return None
    return model.objects.filter(pk=record.object_id).first()
