"""The topics a new portal offers in the feedback form.

Paragraph 7 of the Rules is about technical questions on finding and placing
information; without topics the form would offer only "Other". The
administrator renames, retires or adds topics in the admin afterwards.
"""

import logging

from django.db import transaction

from helpdesk.models import Topic

logger = logging.getLogger(__name__)

STARTING_TOPICS = [
    ("Тіркелу және кіру", "Регистрация и вход", "Registration and sign-in"),
    ("Бос жұмыс орындарын іздеу", "Поиск вакансий", "Searching for vacancies"),
    ("Бос жұмыс орнын орналастыру", "Размещение вакансии", "Placing a vacancy"),
    ("Түйіндеме", "Резюме", "Resume"),
    (
        "Өтінімдер мен шақырулар", "Отклики и приглашения",
        "Applications and invitations",
    ),
    ("Порталдағы қате", "Ошибка на портале", "An error on the portal"),
]


@transaction.atomic
def topics_offer_starting_set() -> int:
    """Create the starting topics on a portal that has none; return how many."""
    if Topic.objects.select_for_update().exists():
        return 0
    Topic.objects.bulk_create(
        Topic(name_kk=kk, name_ru=ru, name_en=en, position=position)
        for position, (kk, ru, en) in enumerate(STARTING_TOPICS, start=1)
    )
    logger.info("offered %s starting feedback topics", len(STARTING_TOPICS))
    return len(STARTING_TOPICS)
