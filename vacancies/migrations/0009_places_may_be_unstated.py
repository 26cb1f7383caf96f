"""The number of places may be 0, "not stated"; imported vacancies get it.

No source the importer reads gives the number of places, yet every imported
vacancy was stored with the default 1. Not stated is 0 rather than NULL: a
vacancy offers at least one place, so 0 says nothing else, and allowing NULL
would make SQLite copy the whole table, losing the full-text triggers and the
covering indexes that 0002_fulltext and 0005 created by hand. The field change
is the help text alone, so it is state-only.

One UPDATE for the three imported sources, spelled out here so that later
code cannot change what this migration did; updated_at moves as it would on
a re-import. The next import writes 0 as well (IMPORTER_VERSION 3).
"""

from django.db import migrations, models
from django.db.models.functions import Now

IMPORTED_SOURCES = ["hh", "hhkz2020", "hhkz_it2024"]


def clear_imported_places(apps, schema_editor):
    vacancy = apps.get_model("vacancies", "Vacancy")
    vacancy.objects.filter(source__in=IMPORTED_SOURCES, places=1).update(
        places=0, updated_at=Now()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0008_clear_unstated_facts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="vacancy",
                    name="places",
                    field=models.PositiveIntegerField(
                        default=1,
                        help_text="0: not stated.",
                        verbose_name="number of places",
                    ),
                ),
            ],
        ),
        # Nothing tells which rows had 1 before; they all came from imports.
        migrations.RunPython(clear_imported_places, migrations.RunPython.noop),
    ]
