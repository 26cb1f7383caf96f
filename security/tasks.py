"""Background work of security: thin calls of the outbox service.

security_outbox_drain_task runs after each commit that queued an event; the
periodic schedule in config/tasks.py runs the same drain every minute so that
events whose first sending failed are retried (Rules 4.7).
"""

from huey.contrib.djhuey import db_task

from security.outbox import outbox_drain


@db_task()
def security_outbox_drain_task() -> None:
    outbox_drain()
