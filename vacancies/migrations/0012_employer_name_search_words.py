"""Add the employer's name to the search words of every vacancy.

A search for a company ("IT-hunters", "Kaspi") found nothing: the words held
the title, description, duties and requirements only. search_fields now adds
the employer's name without its legal form (docs/search.md, "The employer's
name"), and search_employer_name records the name the words were made with,
so that the worker rewrites the words of a renamed employer's vacancies
(vacancies.services.vacancy_search_words_catch_up). Every row is read, in
batches of BATCH by id, and written again; an empty table costs one query.
A row is computed as its writer computes it: the portal's services read a
description through nh3, an import lets core.text strip the tags. The
generated tsvector (PostgreSQL) and the FTS5 triggers (SQLite) follow the
columns by themselves.
"""

import html

import nh3
from django.db import migrations, models

from vacancies.search_document import search_fields

BATCH = 1000
PORTAL_SOURCE = "portal"
COLUMNS = (
    "id", "source", "title", "description", "duties", "requirements",
    "employer__name",
)


def _plain(markup: str) -> str:
    # vacancies.services._plain as of this release.
    return html.unescape(nh3.clean(markup, tags=set()))


def add_employer_names(apps, schema_editor):
    vacancy = apps.get_model("vacancies", "Vacancy")
    last_id = 0
    while True:
        rows = list(
            vacancy.objects.filter(id__gt=last_id)
            .order_by("id")
            .values_list(*COLUMNS)[:BATCH]
        )
        if not rows:
            return
        changed = []
        for pk, source, title, description, duties, requirements, name in rows:
            search_title, search_document = search_fields(
                title=title,
                description=_plain(description) if source == PORTAL_SOURCE else description,
                duties=duties,
                requirements=requirements,
                employer=name,
            )
            changed.append(vacancy(
                id=pk, search_title=search_title, search_document=search_document,
                search_employer_name=name,
            ))
        vacancy.objects.bulk_update(
            changed, ["search_title", "search_document", "search_employer_name"]
        )
        last_id = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ("employers", "0002_field_labels"),
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
        # Going back leaves the name among the words: the older code only
        # reads them, and finds a company's vacancies by its name.
        migrations.RunPython(add_employer_names, migrations.RunPython.noop),
    ]
