"""Record which employer name a vacancy's search words were made with.

The employer's name is among a vacancy's search words (docs/search.md, "The
employer's name"). search_employer_name holds the name the words were made
with, so that the worker rewrites the words of a renamed employer's vacancies
(vacancies.services.vacancy_search_words_catch_up). The words and this column
of the vacancies stored before are written by the next migration, 0013, which
rewrites every row once for the employer's name and the place together.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0011_versioned_signed_search_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="search_employer_name",
            field=models.CharField(
                blank=True, editable=False, max_length=300,
                verbose_name="Employer name searched",
            ),
        ),
    ]
