"""Refresh the search text of resumes that hold "C#", "C++" or "1C".

core.text now reads "C#", "C++" and "F#" as one word each and a Latin "1C"
as the Cyrillic "1С" (see vacancies 0010). The resumes whose texts hold
those signs get their search text written again from the same texts as
resumes.services._search_text, with the search_document of this release.
"""

from django.db import migrations
from django.db.models import Q

from resumes.search_text import search_document

OWN_TEXTS = ("title", "skills", "languages", "about")
ENTRY_TEXTS = (
    "experience__position", "experience__employer_name",
    "education__institution", "education__degree",
)
SIGNS = ("#", "++", "1c")


def refresh_search_text(apps, schema_editor):
    resume = apps.get_model("resumes", "Resume")
    holds_a_sign = Q()
    for text in OWN_TEXTS + ENTRY_TEXTS:
        for sign in SIGNS:
            holds_a_sign |= Q(**{f"{text}__icontains": sign})
    ids = resume.objects.filter(holds_a_sign).values_list("id", flat=True).distinct()
    rows = resume.objects.filter(id__in=list(ids)).select_related(
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
    resume.objects.bulk_update(changed, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("resumes", "0004_field_labels"),
    ]

    operations = [
        migrations.RunPython(refresh_search_text, migrations.RunPython.noop),
    ]
