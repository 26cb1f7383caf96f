from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Visible to employers")
    HIDDEN = "hidden", _("Hidden")


class Resume(models.Model):
    """A job seeker's CV; employers find public ones and may invite."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Owner"), on_delete=models.CASCADE,
        related_name="resumes",
    )
    title = models.CharField(_("desired position"), max_length=200)
    desired_occupation = models.ForeignKey(
        "classifiers.Occupation", verbose_name=_("Occupation"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
    )
    region = models.ForeignKey(
        "classifiers.KatoUnit", verbose_name=_("Region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    salary_expectation = models.PositiveIntegerField(
        _("expected salary"), null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="KZT")
    skills = models.TextField(_("skills"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    about = models.TextField(_("about me"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)
    # Timely updating (Rules, 4.2): when the owner was told that the resume,
    # untouched for RESUME_STALE_DAYS, will be hidden; and when it was hidden
    # for that reason. Written with update(), which leaves updated_at alone.
    stale_notified_at = models.DateTimeField(
        _("Warned of hiding"), null=True, blank=True, editable=False
    )
    hidden_as_stale_at = models.DateTimeField(
        _("Hidden as stale"), null=True, blank=True, editable=False
    )
    # Folded, stemmed words of the texts employers search in (see
    # resumes.search_text), so that matching ignores case, letter variants and
    # word endings on every database.
    search_text = models.TextField(_("Search text"), blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")

    def __str__(self) -> str:
        return self.title


class ExperienceEntry(models.Model):
    resume = models.ForeignKey(
        Resume, verbose_name=_("Resume"), on_delete=models.CASCADE,
        related_name="experience",
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    description = models.TextField(_("what you did"), blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("work experience entry")
        verbose_name_plural = _("work experience entries")


class EducationEntry(models.Model):
    resume = models.ForeignKey(
        Resume, verbose_name=_("Resume"), on_delete=models.CASCADE,
        related_name="education",
    )
    institution = models.CharField(_("institution"), max_length=200)
    degree = models.CharField(_("qualification"), max_length=200, blank=True)
    graduated_in = models.PositiveSmallIntegerField(_("year of graduation"), null=True)

    class Meta:
        ordering = ["-graduated_in", "-id"]
        verbose_name = _("education entry")
        verbose_name_plural = _("education entries")
