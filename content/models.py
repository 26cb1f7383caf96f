"""Information that the administrator places on the portal (Rules 4.5 and 5).

What's new, instructions in text and video, questions and answers, and items
of additional information types that the administrator defines without a
code change. Every text exists once per portal language (the `_kk`, `_ru`,
`_en` columns); an item has a language when its title in it is filled in.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("kk", "ru", "en")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Audience(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Job seekers")
    EMPLOYER = "employer", _("Employers")
    OPERATOR = "operator", _("Career-centre operators")


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    DATE = "date", _("Date")
    FILE = "file", _("File")
    LINK = "link", _("Link")
    REGION = "region", _("Region (KATO)")


def _line(label: str, *, blank: bool = True) -> models.CharField:
    return models.CharField(label, max_length=300, blank=blank)


def _text(label: str) -> models.TextField:
    return models.TextField(label, blank=True)


def _search_words(label: str) -> models.TextField:
    return models.TextField(
        label, blank=True, editable=False,
        help_text=_("Filled in from the question and answer when they are saved."),
    )


class Publication(models.Model):
    """The life of an item: draft, scheduled, published, archived.

    A scheduled item is public from `publish_at` on, even before the worker
    has marked it published, so that it appears at the announced minute.
    """

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
        editable=False,
    )
    publish_at = models.DateTimeField(
        _("publication time"), null=True, blank=True, db_index=True,
        help_text=_("Local time (Asia/Almaty). Leave empty to publish at once."),
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, editable=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False, verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        abstract = True


class NewsItem(Publication):
    """A new opportunity of the portal (Rules 5.1)."""

    title_kk = _line(_("title (Kazakh)"))
    title_ru = _line(_("title (Russian)"))
    title_en = _line(_("title (English)"))
    summary_kk = _text(_("summary (Kazakh)"))
    summary_ru = _text(_("summary (Russian)"))
    summary_en = _text(_("summary (English)"))
    # Sanitised HTML, cleaned by the services before it is stored.
    body_kk = _text(_("body (Kazakh)"))
    body_ru = _text(_("body (Russian)"))
    body_en = _text(_("body (English)"))
    image = models.FileField(_("image"), upload_to="content/news/", blank=True)
    image_alt_kk = _line(_("image description (Kazakh)"))
    image_alt_ru = _line(_("image description (Russian)"))
    image_alt_en = _line(_("image description (English)"))
    is_notice = models.BooleanField(
        _("show as a notice"), default=False,
        help_text=_("Signed-in users see it on their pages until they dismiss it."),
    )

    class Meta:
        verbose_name = _("what's new item")
        verbose_name_plural = _("what's new")
        ordering = ["-publish_at", "-id"]

    def __str__(self) -> str:
        return self.title_kk or self.title_ru or self.title_en or f"#{self.pk}"


class NoticeDismissal(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("user"),
    )
    news = models.ForeignKey(
        NewsItem, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("Notice"),
    )
    dismissed_at = models.DateTimeField(_("Dismissed"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed notice")
        verbose_name_plural = _("dismissed notices")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "news"], name="content_notice_dismissed_once"
            )
        ]


class Instruction(Publication):
    """An instruction in text and video for one audience (Rules 5.2)."""

    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    title_kk = _line(_("title (Kazakh)"))
    title_ru = _line(_("title (Russian)"))
    title_en = _line(_("title (English)"))
    body_kk = _text(_("text (Kazakh)"))
    body_ru = _text(_("text (Russian)"))
    body_en = _text(_("text (English)"))
    video = models.FileField(
        _("video (MP4 or WebM)"), upload_to="content/video/", blank=True
    )
    poster = models.FileField(
        _("poster image"), upload_to="content/poster/", blank=True
    )
    captions_kk = models.FileField(
        _("captions, WebVTT (Kazakh)"), upload_to="content/captions/", blank=True
    )
    captions_ru = models.FileField(
        _("captions, WebVTT (Russian)"), upload_to="content/captions/", blank=True
    )
    captions_en = models.FileField(
        _("captions, WebVTT (English)"), upload_to="content/captions/", blank=True
    )
    transcript_kk = _text(_("transcript (Kazakh)"))
    transcript_ru = _text(_("transcript (Russian)"))
    transcript_en = _text(_("transcript (English)"))

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["audience", "position", "id"]

    def __str__(self) -> str:
        return self.title_kk or self.title_ru or self.title_en or f"#{self.pk}"


class FaqTopic(models.Model):
    name_kk = _line(_("name (Kazakh)"), blank=False)
    name_ru = _line(_("name (Russian)"), blank=False)
    name_en = _line(_("name (English)"), blank=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("FAQ topic")
        verbose_name_plural = _("FAQ topics")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name_kk or self.name_ru or self.name_en or f"#{self.pk}"


class FaqEntry(Publication):
    """A frequently asked question with its answer (Rules 5.2)."""

    topic = models.ForeignKey(
        FaqTopic, on_delete=models.PROTECT, related_name="entries",
        verbose_name=_("topic"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    question_kk = _line(_("question (Kazakh)"))
    question_ru = _line(_("question (Russian)"))
    question_en = _line(_("question (English)"))
    answer_kk = _text(_("answer (Kazakh)"))
    answer_ru = _text(_("answer (Russian)"))
    answer_en = _text(_("answer (English)"))
    # Folded, stemmed words of the question and answer, each between single
    # spaces (" word word "), so that " word " finds a whole word on both
    # databases. Filled by the services whenever the texts change.
    search_kk = _search_words(_("Search words (Kazakh)"))
    search_ru = _search_words(_("Search words (Russian)"))
    search_en = _search_words(_("Search words (English)"))
    helpful_yes = models.PositiveIntegerField(_("helpful"), default=0, editable=False)
    helpful_no = models.PositiveIntegerField(
        _("not helpful"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["topic__position", "topic_id", "position", "id"]

    def __str__(self) -> str:
        return self.question_kk or self.question_ru or self.question_en or f"#{self.pk}"


class InfoType(models.Model):
    """A kind of additional information (Rules 4.5), defined in the admin."""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name_kk = _line(_("name (Kazakh)"), blank=False)
    name_ru = _line(_("name (Russian)"), blank=False)
    name_en = _line(_("name (English)"), blank=False)
    intro_kk = _text(_("introduction (Kazakh)"))
    intro_ru = _text(_("introduction (Russian)"))
    intro_en = _text(_("introduction (English)"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("information type")
        verbose_name_plural = _("information types")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name_kk or self.name_ru or self.name_en or self.slug


class InfoField(models.Model):
    """One field that every item of a type may or must fill in."""

    info_type = models.ForeignKey(
        InfoType, on_delete=models.CASCADE, related_name="fields",
        verbose_name=_("information type"),
    )
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=8, choices=FieldKind.choices)
    label_kk = _line(_("label (Kazakh)"), blank=False)
    label_ru = _line(_("label (Russian)"), blank=False)
    label_en = _line(_("label (English)"), blank=False)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["info_type", "key"], name="content_info_field_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.key


class InfoItem(Publication):
    info_type = models.ForeignKey(
        InfoType, on_delete=models.PROTECT, related_name="items",
        verbose_name=_("information type"),
    )
    title_kk = _line(_("title (Kazakh)"))
    title_ru = _line(_("title (Russian)"))
    title_en = _line(_("title (English)"))

    class Meta:
        verbose_name = _("information item")
        verbose_name_plural = _("information items")
        ordering = ["-publish_at", "-id"]

    def __str__(self) -> str:
        return self.title_kk or self.title_ru or self.title_en or f"#{self.pk}"


class InfoValue(models.Model):
    """The value of one field of one item; the field's kind says which column."""

    item = models.ForeignKey(
        InfoItem, on_delete=models.CASCADE, related_name="values",
        verbose_name=_("information item"),
    )
    field = models.ForeignKey(
        InfoField, on_delete=models.PROTECT, related_name="+", verbose_name=_("Field")
    )
    text_kk = _text(_("text (Kazakh)"))
    text_ru = _text(_("text (Russian)"))
    text_en = _text(_("text (English)"))
    date = models.DateField(_("Date"), null=True, blank=True)
    file = models.FileField(_("File"), upload_to="content/files/", blank=True)
    link = models.URLField(_("Link"), max_length=500, blank=True)
    region = models.ForeignKey(
        "classifiers.KatoUnit", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("Region"),
    )

    class Meta:
        verbose_name = _("field value")
        verbose_name_plural = _("field values")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "field"], name="content_info_value_once"
            )
        ]


class RevisionAction(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")
    DRAFTED = "drafted", _("Returned to draft")


class ContentRevision(models.Model):
    """One change of one item, written by the services with the change."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("Object ID"))
    item = GenericForeignKey("content_type", "object_id")
    # GenericForeignKey takes no label argument; set before the class is built.
    item.verbose_name = _("Item")
    action = models.CharField(
        _("Action"), max_length=10, choices=RevisionAction.choices
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices)
    # None when the scheduler acted.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("Changed by"),
        help_text=_(
            "Empty when the scheduler or the portal's set-up made the change."
        ),
    )
    at = models.DateTimeField(_("time"))
    # The texts and settings as they were after the change.
    snapshot = models.JSONField(
        _("Snapshot"), default=dict,
        help_text=_("The texts and settings as they were after the change."),
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-at"], name="content_rev_item"
            )
        ]


class StarterRecord(models.Model):
    """A starting text of the portal (content/data/starter.json), once loaded.

    The key stays after the item is changed or deleted, so a later set-up
    neither overwrites an administrator's edit nor brings a deleted text back.
    """

    key = models.SlugField(_("key"), max_length=80, unique=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("Object ID"))
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("starting text")
        verbose_name_plural = _("starting texts")

    def __str__(self) -> str:
        return self.key
