from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EmploymentType(models.TextChoices):
    FULL = "full", _("Full employment")
    PART = "part", _("Part-time employment")
    PROJECT = "project", _("Project work")
    INTERNSHIP = "internship", _("Internship")
    VOLUNTEER = "volunteer", _("Volunteering")


class Schedule(models.TextChoices):
    FULL_DAY = "full_day", _("Full day")
    SHIFT = "shift", _("Shift work")
    FLEXIBLE = "flexible", _("Flexible schedule")
    REMOTE = "remote", _("Remote work")
    FLY_IN_FLY_OUT = "fly_in_fly_out", _("Rotation (fly-in fly-out)")


class Experience(models.TextChoices):
    NONE = "none", _("No experience")
    FROM_1_TO_3 = "1_3", _("1 to 3 years")
    FROM_3_TO_6 = "3_6", _("3 to 6 years")
    OVER_6 = "6_plus", _("More than 6 years")


class Education(models.TextChoices):
    ANY = "any", _("Not required")
    SECONDARY = "secondary", _("Secondary")
    VOCATIONAL = "vocational", _("Technical and vocational")
    HIGHER = "higher", _("Higher")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    FILLED = "filled", _("Filled")
    WITHDRAWN = "withdrawn", _("Withdrawn by the employer")
    EXPIRED = "expired", _("Expired")


class TextLanguage(models.TextChoices):
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")
    EN = "en", _("English")


# A vacancy offers at least one place, so 0 can only mean that the source
# did not say how many.
PLACES_NOT_STATED = 0


class Vacancy(models.Model):
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("Employer"), on_delete=models.PROTECT,
        related_name="vacancies",
    )
    title = models.CharField(_("title"), max_length=300)
    # Sanitised HTML: employers' texts are cleaned before they are stored.
    description = models.TextField(_("description"), blank=True)
    duties = models.TextField(_("duties"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    skills = models.TextField(_("key skills"), blank=True)
    occupation = models.ForeignKey(
        "classifiers.Occupation", verbose_name=_("Occupation"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
    )
    # The major group of the occupation, kept on the row for facets and filters.
    occupation_major = models.ForeignKey(
        "classifiers.Occupation", verbose_name=_("Occupation major group"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Taken from the occupation when the vacancy is saved."),
    )
    region = models.ForeignKey(
        "classifiers.KatoUnit", verbose_name=_("Region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # The level-1 unit (oblast or city of republican significance) and the
    # region's code, kept on the row so that region filters need no join.
    oblast = models.ForeignKey(
        "classifiers.KatoUnit", verbose_name=_("Oblast"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Taken from the region when the vacancy is saved."),
    )
    region_code = models.CharField(
        _("Region code"), max_length=9, blank=True, db_index=True
    )
    is_abroad = models.BooleanField(_("abroad"), default=False)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country_code = models.CharField(_("country"), max_length=2, default="KZ")

    salary_from = models.PositiveIntegerField(_("salary from"), null=True, blank=True)
    salary_to = models.PositiveIntegerField(_("salary to"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="KZT")
    salary_gross = models.BooleanField(
        _("Salary before tax"), null=True, blank=True,
        help_text=_("Unknown: the employer did not say."),
    )
    # Upper end of the offer in tenge at reference rates, for filters and sort.
    salary_kzt = models.PositiveBigIntegerField(
        _("Salary in tenge"), null=True, blank=True,
        help_text=_("The upper end of the offer at reference exchange rates."),
    )

    # Employment type, schedule and education are "" when not stated: an
    # imported source may be silent, and the portal shows, counts and exports
    # only what was said. Employers state them in their own form.
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices,
        blank=True, default="",
    )
    schedule = models.CharField(
        _("schedule"), max_length=16, choices=Schedule.choices, blank=True,
        default="",
    )
    is_remote = models.BooleanField(_("remote work"), default=False)
    experience = models.CharField(
        _("experience"), max_length=8, choices=Experience.choices, blank=True
    )
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True,
        default="",
    )
    # PLACES_NOT_STATED (0) where the source does not give the number, as no
    # import does. Not NULL: SQLite would copy the table to allow it (0009).
    places = models.PositiveIntegerField(
        _("number of places"), default=1, help_text=_("0: not stated."),
    )
    language = models.CharField(
        _("language of the text"), max_length=2, choices=TextLanguage.choices,
        default=TextLanguage.RU,
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=10, choices=CloseReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    published_at = models.DateTimeField(
        _("Published"), null=True, blank=True, db_index=True
    )
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)
    # Last day on which the vacancy is open, inclusive, to the end of the day
    # in Asia/Almaty.
    expires_on = models.DateField(_("closing date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Closed"), null=True, blank=True)
    # Staleness (Rules, 4.2): when the employer last said the vacancy is
    # still open, and when they were asked to say so (empty: not asked).
    reconfirmed_at = models.DateTimeField(_("reconfirmed"), null=True, blank=True)
    stale_notified_at = models.DateTimeField(
        _("asked to reconfirm"), null=True, blank=True
    )

    source = models.CharField(
        _("Source"), max_length=32, default="portal",
        help_text=_("Where the record came from: the portal or an import."),
    )
    external_id = models.CharField(_("External ID"), max_length=64, blank=True)
    source_url = models.URLField(_("Source link"), max_length=500, blank=True)

    # Folded and stemmed words of title, description, duties, requirements
    # and the employer's name; the full-text index of each database is built
    # over this column.
    search_document = models.TextField(_("Search text"), blank=True, editable=False)
    search_title = models.TextField(_("Search title"), blank=True, editable=False)
    # The employer's name whose words search_document holds; a vacancy whose
    # employer is named otherwise now is refreshed by
    # vacancies.services.vacancy_search_words_catch_up.
    search_employer_name = models.CharField(
        _("Employer name searched"), max_length=300, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="vacancy_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(salary_from__isnull=True)
                | Q(salary_to__isnull=True)
                | Q(salary_from__lte=models.F("salary_to")),
                name="vacancy_salary_range_ordered",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"], name="vacancy_newest"
            ),
            models.Index(
                fields=["status", "-salary_kzt", "-id"], name="vacancy_salary"
            ),
            models.Index(fields=["status", "oblast"], name="vacancy_oblast"),
            models.Index(
                fields=["status", "occupation_major"], name="vacancy_occ_major"
            ),
        ]

    def __str__(self) -> str:
        return self.title
