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
        "classifiers.KatoUnit", null=True, blank=True, on_delete=models.PROTECT
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(max_length=32, default="portal")
    external_id = models.CharField(max_length=64, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="employers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bin"], condition=Q(bin__isnull=False), name="employer_unique_bin"
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
