"""The portal's schedule of background work, in one place.

Each task is a thin call of a service function, so a management command, a
view and the worker run the same code. Huey's consumer (`manage.py run_huey`)
runs them; retries cover passing failures of the database or outside systems.
"""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from vacancies.services import vacancy_expire_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/10"), retries=3, retry_delay=60)
def expire_vacancies_past_closing_date() -> None:
    closed = vacancy_expire_due()
    if closed:
        logger.info("closed %s vacancies past their closing date", closed)
