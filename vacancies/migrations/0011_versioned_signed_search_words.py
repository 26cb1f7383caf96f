"""Refresh the search words of vacancies whose texts hold "C++17", "C#10" and the like.

core.text now reads a version written right after a language's signs as a
word of its own: "C++17" gives "cplusplus" and "17" (it gave "c" and "17",
so a search for "C++" missed it). The rows whose texts hold "++" or "#"
are read (found by LIKE on the four texts, one pass over the table, nothing
on an empty one) and refreshed with the search_fields of this release, as
0010 did. The generated tsvector (PostgreSQL) and the FTS5 triggers (SQLite)
follow the columns by themselves.
"""

from django.db import migrations
from django.db.models import Q

from vacancies.search_document import search_fields

TEXTS = ("title", "description", "duties", "requirements")
SIGNS = ("++", "#")
BATCH = 1000


def refresh_search_words(apps, schema_editor):
    vacancy = apps.get_model("vacancies", "Vacancy")
    holds_a_sign = Q()
    for text in TEXTS:
        for sign in SIGNS:
            holds_a_sign |= Q(**{f"{text}__contains": sign})
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
        ("vacancies", "0010_signed_search_words"),
    ]

    operations = [
        # The old words cannot be written back: they lost the signs.
        migrations.RunPython(refresh_search_words, migrations.RunPython.noop),
    ]
