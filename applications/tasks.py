"""Emails of applications, queued on demand by applications.services."""

from huey.contrib.djhuey import db_task

from applications.notices import decision_notice_send

# A mail server that is down is tried again a few times over an hour.
NOTICE_RETRIES = 4
NOTICE_RETRY_DELAY = 15 * 60


@db_task(retries=NOTICE_RETRIES, retry_delay=NOTICE_RETRY_DELAY)
def send_decision_notice(application_id: int, status: str, changed: bool) -> None:
    # Returns nothing: Huey would keep a returned value nobody reads.
    decision_notice_send(application_id=application_id, status=status, changed=changed)
