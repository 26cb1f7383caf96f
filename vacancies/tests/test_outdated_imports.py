"""An old imported vacancy without a closing date warns that it may be filled."""

import datetime as dt
import html

import pytest
from django.utils import timezone

from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

WARNINGS = {
    "kk": "Бұл бос орын жабылу күнін көрсетпеген басқа сайттан көшірілген",
    "ru": "Эта вакансия скопирована с другого сайта, который не указал дату закрытия",
    "en": "This vacancy was copied from another site that gave no closing date",
}


def page(client, vacancy, language="en"):
    response = client.get(f"/{language}/vacancies/{vacancy.pk}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_an_old_imported_vacancy_without_closing_date_may_be_filled(
    client, language
):
    vacancy = VacancyFactory(
        source="hhkz2020", external_id="row:1",
        published_at=dt.datetime(2020, 11, 26, 9, 0, tzinfo=dt.UTC),
    )

    assert WARNINGS[language] in page(client, vacancy, language)


@pytest.mark.parametrize(
    "fields",
    [
        {"source": "portal", "published_at": timezone.now() - dt.timedelta(days=90)},
        {"source": "hh", "external_id": "1",
         "published_at": timezone.now() - dt.timedelta(days=3)},
        {"source": "hh", "external_id": "2",
         "published_at": timezone.now() - dt.timedelta(days=90),
         "expires_on": timezone.localdate() + dt.timedelta(days=5)},
    ],
    ids=["the portal's own", "recent import", "import with a closing date"],
)
def test_other_vacancies_carry_no_such_warning(client, fields):
    vacancy = VacancyFactory(**fields)

    assert WARNINGS["en"] not in page(client, vacancy)
