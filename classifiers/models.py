"""Reference data: KATO regions and ISCO-08 occupations.

Each row keeps a stable internal id apart from its official code and the
classifier edition it belongs to, because official codes change between
editions while vacancies must keep pointing at the same thing.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class KatoLevel(models.IntegerChoices):
    OBLAST = 1, _("Region or city of republican significance")
    DISTRICT = 2, _("District")
    SUB_DISTRICT = 3, _("Rural district or city")
    SETTLEMENT = 4, _("Settlement")


class KatoUnit(models.Model):
    code = models.CharField(
        _("Code"), max_length=9, help_text=_("Nine-digit KATO code.")
    )
    version = models.CharField(
        _("Edition"), max_length=32,
        help_text=_("Edition of the classifier that the code belongs to."),
    )
    level = models.PositiveSmallIntegerField(_("Level"), choices=KatoLevel.choices)
    type_code = models.CharField(
        _("Type code"), max_length=4, blank=True,
        help_text=_("Code of the unit's type as given in the KATO file."),
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    # KATO has no English names. The portal's curated names of regions and
    # cities (classifiers/data/kz_kato_2025_en.csv) win; every other unit gets
    # a romanisation of its Kazakh name (classifiers/romanisation.py).
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    # True where name_en is the portal's romanisation, an unofficial name
    # that nobody checked; False for a curated name (or none).
    name_en_romanised = models.BooleanField(
        _("Romanised English name"), default=False,
        help_text=_(
            "Set when the English name is the portal's romanisation of the "
            "Kazakh name, not a curated English name; unofficial."
        ),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children", verbose_name=_("Parent unit"),
    )
    # Code prefix shared by this unit and everything below it (e.g. "75" for
    # Almaty city); a region filter matches vacancies whose code starts with it.
    tree_prefix = models.CharField(
        _("Code prefix"), max_length=9, db_index=True,
        help_text=_("Start of the code shared by this unit and all units below it."),
    )

    class Meta:
        verbose_name = _("KATO unit")
        verbose_name_plural = _("KATO units")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="kato_unique_code")
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        # Kazakh and Russian are official; English readers get the portal's
        # English name (curated or romanised) where there is one, else the
        # Russian name.
        language = get_language()
        if language == "kk":
            return self.name_kk
        if language == "en" and self.name_en:
            return self.name_en
        return self.name_ru


class Occupation(models.Model):
    code = models.CharField(
        _("Code"), max_length=4, help_text=_("ISCO-08 code, one to four digits.")
    )
    version = models.CharField(
        _("Edition"), max_length=32, default="ISCO-08",
        help_text=_("Edition of the classifier that the code belongs to."),
    )
    level = models.PositiveSmallIntegerField(
        _("Level"), help_text=_("From 1 for a major group to 4 for a unit group.")
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=255, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=255, blank=True)
    # True where the kk/ru titles come from an official source, False for the
    # project's own unofficial translations.
    titles_official = models.BooleanField(
        _("Official titles"), default=False,
        help_text=_(
            "Set when the Kazakh and Russian titles come from an official source "
            "rather than the portal's own translation."
        ),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children", verbose_name=_("Parent group"),
    )

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="occupation_unique_code"
            )
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        language = get_language()
        if language == "kk" and self.title_kk:
            return self.title_kk
        if language == "ru" and self.title_ru:
            return self.title_ru
        return self.title_en


class DataLoad(models.Model):
    """One run of a loader over one file: classifiers and imported vacancies.

    A later run of the same source and path whose file checksum and context
    digest match the last finished run skips the file, so that `make run`
    stays fast when nothing changed.
    """

    source = models.CharField(_("Source"), max_length=40)
    path = models.CharField(_("File"), max_length=500)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    # Digest of everything else the result depends on (loader version,
    # loaded classifiers, reference rates); a change makes the file load again.
    context = models.CharField(
        _("Context digest"), max_length=64, blank=True,
        help_text=_(
            "Digest of what else the result depends on; "
            "when it changes, the file is loaded again."
        ),
    )
    counts = models.JSONField(
        _("Counts"), default=dict, blank=True,
        help_text=_("Rows created, updated, unchanged and rejected."),
    )
    started_at = models.DateTimeField(_("Started"))
    # Empty while the run is going or when it failed; only finished runs count.
    finished_at = models.DateTimeField(
        _("finished"), null=True, blank=True,
        help_text=_("Empty while the load is running or when it failed."),
    )

    class Meta:
        verbose_name = _("data load")
        verbose_name_plural = _("data loads")
        indexes = [
            models.Index(
                fields=["source", "path", "-finished_at"], name="dataload_latest"
            )
        ]
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.path} {self.started_at:%Y-%m-%d %H:%M}"
