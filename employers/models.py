from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Employer(models.Model):
    """A company or sole proprietor that publishes vacancies."""

    name = models.CharField(_("name"), max_length=300)
    # Companies registered on the portal give a BIN; employers imported from
    # other sources often have none, so it is optional but unique when given.
    bin = models.CharField(_("BIN"), max_length=12, null=True, blank=True)
    region = models.ForeignKey(
        "classifiers.KatoUnit", null=True, blank=True, on_delete=models.PROTECT,
        verbose_name=_("Region"),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("Source"), max_length=32, default="portal",
        help_text=_("Where the record came from: the portal or an import."),
    )
    external_id = models.CharField(
        _("External ID"), max_length=64, blank=True,
        help_text=_("The employer's identifier in the source it came from."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="employers",
        verbose_name=_("Representatives"),
        help_text=_("Users who act for this employer in its cabinet."),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["bin"], condition=Q(bin__isnull=False),
                name="employer_unique_bin",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="employer_unique_external_id",
            ),
        ]
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
