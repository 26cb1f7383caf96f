"""Refresh the search words of vacancies whose texts hold "C#", "C++" or "1C".

core.text now reads "C#", "C++" and "F#" as one word each (they were cut
down to the letter "c", which a driving licence "категории C" holds too) and
a Latin "1C" as the Cyrillic "1С". The stored search words of the rows whose
texts hold those signs are written again, so that old rows and new queries
agree. Only such rows are read (found by LIKE on the four texts, one pass
over the table); each is refreshed with the search_fields of this release,
which is what the index must hold now. The generated tsvector (PostgreSQL)
and the FTS5 triggers (SQLite) follow the columns by themselves.
"""

from django.db import migrations
from django.db.models import Q

from vacancies.search_document import search_fields

TEXTS = ("title", "description", "duties", "requirements")
SIGNS = ("#", "++", "1c")  # icontains: "1C" and "1c" alike
BATCH = 1000


def refresh_search_words(apps, schema_editor):
    vacancy = apps.get_model("vacancies", "Vacancy")
    holds_a_sign = Q()
    for text in TEXTS:
        for sign in SIGNS:
            holds_a_sign |= Q(**{f"{text}__icontains": sign})
    rows = vacancy.objects.filter(holds_a_sign).only("id", *TEXTS).order_by("id")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        row.search_title, row.search_document = search_fields(
            title=row.title, description=row.description,
            duties=row.duties, requirements=row.requirements,
        )
        batch.append(row)
        if len(batch) == BATCH:
            vacancy.objects.bulk_update(batch, ["search_title", "search_document"])
            batch = []
    vacancy.objects.bulk_update(batch, ["search_title", "search_document"])


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0009_places_may_be_unstated"),
    ]

    operations = [
        # The old words cannot be written back: they lost the signs.
        migrations.RunPython(refresh_search_words, migrations.RunPython.noop),
    ]
