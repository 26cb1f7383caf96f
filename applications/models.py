from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    """A job seeker's response to a published vacancy."""

    vacancy = models.ForeignKey(
        "vacancies.Vacancy", on_delete=models.CASCADE, related_name="applications",
        verbose_name=_("Vacancy"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications",
        verbose_name=_("Applicant"),
    )
    resume = models.ForeignKey(
        "resumes.Resume", null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("Resume"),
    )
    cover_letter = models.TextField(_("cover letter"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(_("Submission date"), auto_now_add=True)
    decided_at = models.DateTimeField(
        _("Decision date"), null=True, blank=True,
        help_text=_("When the employer accepted or rejected the application."),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One application per person and vacancy, however many clicks.
            models.UniqueConstraint(
                fields=["vacancy", "applicant"], name="application_once_per_vacancy"
            )
        ]
        ordering = ["-created_at", "-id"]


class Invitation(models.Model):
    """An employer's invitation to the owner of a public resume."""

    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("Employer"),
    )
    resume = models.ForeignKey(
        "resumes.Resume", on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("Resume"),
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("Vacancy"),
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("Sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "resume", "vacancy"], name="invitation_once"
            )
        ]
        ordering = ["-created_at", "-id"]
