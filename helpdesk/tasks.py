"""Background work of the feedback desk; each task is a thin call of a service.

Huey finds this module by its name (djhuey imports every app's `tasks`), so
the desk's schedule sits beside its services; the portal-wide schedule stays
in config/tasks.py.
"""

import datetime as dt
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from helpdesk.services import (
    DeliveryDeferred,
    notification_deliver,
    notifications_retry_stalled,
    requests_escalate,
    requests_recompute_due,
)

logger = logging.getLogger(__name__)

# A mail server that is down is tried again every quarter of an hour until
# the outbox gives the email up (helpdesk.services.DELIVERY_MAX_ATTEMPTS);
# any other failure, e.g. of the database, is retried a few times.
DELIVERY_RETRIES = 6
DELIVERY_RETRY_DELAY = 15 * 60
STALLED_AFTER = dt.timedelta(minutes=30)


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


@db_periodic_task(crontab(minute="*/15"), retries=2, retry_delay=60)
def escalate_due_requests() -> None:
    # Outside working hours the service does nothing: reminders must not
    # reach anyone at night or on a day off.
    escalated = requests_escalate()
    if escalated:
        logger.info("escalated %s feedback requests", escalated)


@db_periodic_task(crontab(minute="7,37"), retries=2, retry_delay=60)
def recompute_due_on_calendar_change() -> None:
    # Cheap when nothing changed: only requests with another calendar
    # version than the one in force are read.
    requests_recompute_due()


@db_periodic_task(crontab(minute="23"), retries=1, retry_delay=300)
def retry_stalled_notifications() -> None:
    queued = notifications_retry_stalled(older_than=STALLED_AFTER)
    if queued:
        logger.info("queued %s stalled feedback emails again", queued)
