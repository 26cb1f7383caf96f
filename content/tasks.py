"""Background work of the information pages: each task calls one service."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from content.services import items_publish_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"), retries=2, retry_delay=10)
def publish_scheduled_content() -> None:
    published = items_publish_due()
    if published:
        logger.info("published %s scheduled content items", published)
