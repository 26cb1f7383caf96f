"""Refresh the search text of resumes that hold "C++17", "C#10" and the like.

core.text now reads a version written right after a language's signs as a
word of its own ("C++17" gives "cplusplus" and "17"; see vacancies 0011).
The resumes whose texts hold "++" or "#" get their search text written
again from the same texts as resumes.services._search_text, with the
search_document of this release; an empty table costs one query.
"""

from django.db import migrations
from django.db.models import Q

from resumes.search_text import search_document

OWN_TEXTS = ("title", "skills", "languages", "about")
ENTRY_TEXTS = (
    "experience__position", "experience__employer_name",
    "education__institution", "education__degree",
)
SIGNS = ("++", "#")
# Ids per query, below SQLite's limit on the parameters of one statement.
BATCH = 500


def refresh_search_text(apps, schema_editor):
    resume = apps.get_model("resumes", "Resume")
    holds_a_sign = Q()
    for text in OWN_TEXTS + ENTRY_TEXTS:
        for sign in SIGNS:
            holds_a_sign |= Q(**{f"{text}__contains": sign})
    ids = sorted(set(resume.objects.filter(holds_a_sign).values_list("id", flat=True)))
    for start in range(0, len(ids), BATCH):
        rows = resume.objects.filter(id__in=ids[start:start + BATCH]).select_related(
            "desired_occupation"
        ).prefetch_related("experience", "education")
        changed = []
        for row in rows:
            texts = [row.title, row.skills, row.languages, row.about]
            occupation = row.desired_occupation
            if occupation is not None:
                texts += [occupation.title_en, occupation.title_kk, occupation.title_ru]
            for entry in row.experience.all():
                texts += [entry.position, entry.employer_name]
            for school in row.education.all():
                texts += [school.institution, school.degree]
            row.search_text = search_document(*texts)
            changed.append(row)
        resume.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("resumes", "0005_signed_search_words"),
    ]

    operations = [
        migrations.RunPython(refresh_search_text, migrations.RunPython.noop),
    ]
