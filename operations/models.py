"""Records of round-the-clock operation (Rules, 4.1 and 4.2).

Heartbeats show that the worker runs; backup and verification records show
that the data can be recovered; probe results and maintenance windows give
the availability figures. None of these hold business data of the portal.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last moment a periodic job of the worker proved it was alive."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at.isoformat()}"


class BackupStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class BackupRecord(models.Model):
    """One attempt to write a backup set under BACKUP_DIR."""

    set_id = models.CharField(_("set"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BackupStatus.choices,
        default=BackupStatus.RUNNING,
    )
    trigger = models.CharField(_("started by"), max_length=20, default="manual")
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    database_vendor = models.CharField(_("database"), max_length=20)
    size_bytes = models.PositiveBigIntegerField(_("size"), default=0)
    files_count = models.PositiveIntegerField(_("files"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        indexes = [
            models.Index(fields=["status", "-finished_at"], name="backup_status_idx"),
        ]

    def __str__(self) -> str:
        return self.set_id


class CheckKind(models.TextChoices):
    VERIFY = "verify", _("Restore check")
    RESTORE = "restore", _("Restore")


class VerificationRecord(models.Model):
    """A backup set restored into a scratch database and compared, or restored."""

    set_id = models.CharField(_("set"), max_length=64, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CheckKind.choices, default=CheckKind.VERIFY
    )
    ok = models.BooleanField(_("passed"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    message = models.TextField(_("message"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-finished_at", "-id"]
        verbose_name = _("restore check")
        verbose_name_plural = _("restore checks")

    def __str__(self) -> str:
        return f"{self.kind} {self.set_id} {'ok' if self.ok else 'failed'}"


class ProbeFunction(models.TextChoices):
    # The main functions of the portal, probed over HTTP every minute.
    HOME = "home", _("Home page")
    SEARCH = "search", _("Vacancy search")
    VACANCY_PAGE = "vacancy_page", _("Vacancy page")
    FEEDBACK_FORM = "feedback_form", _("Feedback form")
    SIGN_IN = "sign_in", _("Sign-in page")
    API_SEARCH = "api_search", _("API search")


class ProbeResult(models.Model):
    function = models.CharField(
        _("function"), max_length=20, choices=ProbeFunction.choices
    )
    checked_at = models.DateTimeField(_("checked"))
    ok = models.BooleanField(_("answered"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True)
    latency_ms = models.PositiveIntegerField(_("latency, ms"), null=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("probe result")
        verbose_name_plural = _("probe results")
        indexes = [
            models.Index(fields=["function", "checked_at"], name="probe_fn_time_idx"),
            models.Index(fields=["checked_at"], name="probe_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.function} {self.checked_at.isoformat()} {self.ok}"


class MaintenanceWindow(models.Model):
    """Planned work announced by the administrator; not counted as downtime."""

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Empty: the whole portal is under maintenance.
    function = models.CharField(
        _("function"), max_length=20, choices=ProbeFunction.choices, blank=True,
        help_text=_("Leave empty when the whole portal is under maintenance."),
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="maintenance_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at.isoformat()} – {self.ends_at.isoformat()}"


class TaskStat(models.Model):
    """Failures of one background task, counted by the worker for /metrics."""

    task = models.CharField(_("task"), max_length=200, unique=True)
    failures = models.PositiveBigIntegerField(_("failures"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), null=True)

    class Meta:
        verbose_name = _("task statistic")
        verbose_name_plural = _("task statistics")

    def __str__(self) -> str:
        return f"{self.task}: {self.failures}"
