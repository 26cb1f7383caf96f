"""Clear the facts that imports stored without their source stating them.

The importer used to store every imported vacancy with education "any"
("Not required"), which no source gives, and the cards of
hhkz_vacancies_2020.csv and hhkz_it_vacancies_2024.csv with full employment
and a full day, which those files do not have. Both become "" (not stated).
hh records without an employment or a schedule are corrected by their next
import instead: it compares every imported field (IMPORTER_VERSION 2 makes
it read the unchanged file again).

One UPDATE per condition, so that a million rows cost two statements and no
Python per row; each row is written at most once. updated_at moves as it
would on a re-import, so that readers of the API see that the row changed.
A million imported rows took under four minutes on PostgreSQL (two busy
cores, every index rewritten); until the migration commits, imports and
edits of those rows wait, while reads go on.

The sources are spelled out here so that later code cannot change what this
migration did.
"""

from django.db import migrations
from django.db.models.functions import Now

CARD_SOURCES = ["hhkz2020", "hhkz_it2024"]  # the two CSV files of hh.kz cards
OTHER_IMPORTED_SOURCES = ["hh"]  # vacancies_hh.jsonl


def clear_unstated_facts(apps, schema_editor):
    vacancy = apps.get_model("vacancies", "Vacancy")
    vacancy.objects.filter(source__in=CARD_SOURCES).exclude(
        employment_type="", schedule="", education=""
    ).update(employment_type="", schedule="", education="", updated_at=Now())
    vacancy.objects.filter(source__in=OTHER_IMPORTED_SOURCES).exclude(
        education=""
    ).update(education="", updated_at=Now())


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0007_facts_may_be_unstated"),
    ]

    operations = [
        # Nothing tells which of the cleared values were stated before.
        migrations.RunPython(clear_unstated_facts, migrations.RunPython.noop),
    ]
