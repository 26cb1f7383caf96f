"""Add the employer's name and the names of each vacancy's place to its search
words, and record the name in search_employer_name (added by 0012).

A search for a company ("IT-hunters", "Kaspi") found nothing: the words held
the title, description, duties and requirements only; the employer's name is
now among them without its legal form (docs/search.md, "The employer's name").

And "бухгалтер алматы" found nothing although 24 accountants' vacancies were in
Almaty: the place was only a filter. search_fields now adds the city as the
source wrote it, the names of the vacancy's KATO region and oblast in Kazakh,
Russian and English, and abroad the city in English and the country's name in
the three languages, without type words ("облысы", "г.", "District"); see docs/search.md,
"The place". Every row is read in batches of BATCH by id and written again.
"""

import html

import nh3
from django.db import migrations

from vacancies.place_names import searched_place_names
from vacancies.search_document import search_fields

BATCH = 1000
PORTAL_SOURCE = "portal"
COLUMNS = (
    "id", "source", "title", "description", "duties", "requirements",
    "employer__name", "city", "country_code", "is_abroad",
    "region__name_kk", "region__name_ru", "region__name_en",
    "oblast__name_kk", "oblast__name_ru", "oblast__name_en",
)


def _plain(markup: str) -> str:
    # vacancies.services._plain as of this release.
    return html.unescape(nh3.clean(markup, tags=set()))


def add_names_and_places(apps, schema_editor):
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
        for (pk, source, title, description, duties, requirements, name,
             city, country_code, is_abroad, *unit_names) in rows:
            units = dict.fromkeys(
                tuple(value or "" for value in unit_names[start : start + 3])
                for start in (0, 3)
                if any(unit_names[start : start + 3])
            )
            search_title, search_document = search_fields(
                title=title,
                description=_plain(description) if source == PORTAL_SOURCE else description,
                duties=duties,
                requirements=requirements,
                employer=name,
                places=searched_place_names(
                    city=city, units=units, country_code=country_code,
                    is_abroad=is_abroad,
                ),
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
        ("classifiers", "0005_kato_romanised_english_names"),
        ("employers", "0002_field_labels"),
        ("vacancies", "0012_employer_name_search_words"),
    ]

    operations = [
        # Going back leaves the name and the place among the words: the older
        # code only reads them.
        migrations.RunPython(add_names_and_places, migrations.RunPython.noop),
    ]
