"""Writes of operations that are not backups or probes: heartbeats, counts."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext

from core.errors import ValidationFailed
from operations import conf
from operations.models import Heartbeat, TaskStat

if TYPE_CHECKING:
    from resumes.models import Resume


def heartbeat_record(*, name: str, at: dt.datetime | None = None) -> Heartbeat:
    """Record that the job NAME is alive now."""
    beat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": at or timezone.now()}
    )
    return beat


def task_failure_record(*, task: str, at: dt.datetime | None = None) -> None:
    """Count one failed run of TASK for /metrics."""
    when = at or timezone.now()
    updated = TaskStat.objects.filter(task=task).update(
        failures=F("failures") + 1, last_failure_at=when
    )
    if not updated:
        _, created = TaskStat.objects.get_or_create(
            task=task, defaults={"failures": 1, "last_failure_at": when}
        )
        if not created:
            # Another worker thread created the row between the two steps.
            TaskStat.objects.filter(task=task).update(
                failures=F("failures") + 1, last_failure_at=when
            )


def maintenance_window_check(*, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """Refuse a window that ends before it starts (the admin form calls this)."""
    if ends_at <= starts_at:
        raise ValidationFailed(
            gettext("The end of the maintenance must come after its start."),
            field="ends_at",
        )


def site_base_url() -> str:
    """The public address of the portal in links sent by email.

    SITE_URL is the public address; without it, PORTAL_BASE_URL.
    """
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return base or conf.portal_base_url()


def reconfirm_link(token: str) -> str:
    """The absolute address of the page that takes an employer's one click."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("operations:vacancy_reconfirm", args=[token])
    return site_base_url() + path


def resume_edit_link(resume: "Resume") -> str:
    """The absolute address of a resume's edit page, in its owner's language."""
    with translation.override(resume.owner.preferred_language or "kk"):
        path = reverse("resumes:edit", args=[resume.pk])
    return site_base_url() + path
