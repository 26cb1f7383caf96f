"""Email delivery of the feedback desk, queued on demand by its outbox.

The desk's periodic work (escalation, recomputed terms, stalled emails) is
scheduled with the rest of the portal's in config/tasks.py.
"""

import logging

from huey.contrib.djhuey import db_task
from huey.exceptions import RetryTask

from helpdesk.services import (
    DeliveryDeferred,
    notification_deliver,
)

logger = logging.getLogger(__name__)

# A mail server that is down is tried again every quarter of an hour until
# the outbox gives the email up (helpdesk.services.DELIVERY_MAX_ATTEMPTS);
# any other failure, e.g. of the database, is retried a few times.
DELIVERY_RETRIES = 6
DELIVERY_RETRY_DELAY = 15 * 60


@db_task(retries=DELIVERY_RETRIES, retry_delay=DELIVERY_RETRY_DELAY)
def deliver_notification(notification_id: int) -> None:
    # Returns nothing: Huey would keep every returned value in its result
    # store, and nobody reads these.
    try:
        notification_deliver(notification_id=notification_id)
    except DeliveryDeferred as deferred:
        # RetryTask is Huey's word for an expected pause: logged as info,
        # not as a crash of the task.
        raise RetryTask(str(deferred), delay=DELIVERY_RETRY_DELAY) from deferred
