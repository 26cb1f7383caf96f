"""Employment type, schedule and education may be "" (not stated).

Only Django's view of the fields changes: blank and the Python default are
not in the database's schema. The operations are state-only because SQLite
would otherwise copy the whole table to change a default it never stores,
and with it lose the full-text triggers and the covering index that
0002_fulltext created by hand. PostgreSQL would run no statement either way.
"""

from django.db import migrations, models

FIELDS = [
    models.CharField(
        blank=True,
        choices=[
            ("full", "Full employment"),
            ("part", "Part-time employment"),
            ("project", "Project work"),
            ("internship", "Internship"),
            ("volunteer", "Volunteering"),
        ],
        default="",
        max_length=16,
        verbose_name="employment type",
    ),
    models.CharField(
        blank=True,
        choices=[
            ("full_day", "Full day"),
            ("shift", "Shift work"),
            ("flexible", "Flexible schedule"),
            ("remote", "Remote work"),
            ("fly_in_fly_out", "Rotation (fly-in fly-out)"),
        ],
        default="",
        max_length=16,
        verbose_name="schedule",
    ),
    models.CharField(
        blank=True,
        choices=[
            ("any", "Not required"),
            ("secondary", "Secondary"),
            ("vocational", "Technical and vocational"),
            ("higher", "Higher"),
        ],
        default="",
        max_length=12,
        verbose_name="education",
    ),
]
NAMES = ["employment_type", "schedule", "education"]


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0006_search_words_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="vacancy", name=name, field=field)
                for name, field in zip(NAMES, FIELDS, strict=True)
            ],
        ),
    ]
