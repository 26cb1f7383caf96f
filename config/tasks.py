"""The portal's schedule of background work, in one place.

Each task is a thin call of a service function, so a management command, a
view and the worker run the same code. Huey's consumer (`manage.py run_huey`)
runs them; retries cover passing failures of the database or outside systems.
Tasks queued on demand (an email to send, events to forward) live beside
their services in the app's own `tasks.py`.

Huey evaluates crontab() in UTC: Almaty is UTC+5, so 21:40 UTC is 02:40 in
Almaty. Jobs bound to an Almaty wall time (the backup, the weekly restore
check) run often and ask a service whether they are due, so that a worker
that was down at the planned minute catches up when it is back.
"""

import datetime as dt
import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

import operations.worker  # noqa: F401  (registers the worker's hooks)
from content.services import items_publish_due
from helpdesk.kept_files import kept_files_purge
from helpdesk.services import (
    notifications_retry_stalled,
    requests_escalate,
    requests_recompute_due,
)
from operations.backup import backup_due, backup_scheduled
from operations.health import WORKER_HEARTBEAT
from operations.integrity import integrity_check
from operations.probes import probe_prune, probe_round
from operations.restore import backup_verify_scheduled, verification_due
from operations.services import heartbeat_record, reconfirm_link, resume_edit_link
from resumes.services import resume_stale_hide_due, resume_stale_notify_due
from security.outbox import outbox_drain
from security.services import security_journal_prune
from vacancies.selectors import listing_counts_refresh
from vacancies.services import (
    vacancy_expire_due,
    vacancy_search_words_catch_up,
    vacancy_stale_ask_due,
    vacancy_stale_expire_due,
)
from vacancies.stats import home_counts_refresh

logger = logging.getLogger(__name__)

# The listing's and the home page's counts, refreshed every minute, are kept
# three, so that a late round never leaves a visitor to count.
COUNTS_KEPT_SECONDS = 3 * 60
# A stalled feedback email is one queued this long ago and still unsent.
STALLED_EMAIL_AGE_MINUTES = 30


# --- the labor-market base (Rules 2.6, 4.2) -----------------------------------


@db_periodic_task(crontab(minute="*/10"), retries=3, retry_delay=60)
def expire_vacancies_past_closing_date() -> None:
    closed = vacancy_expire_due()
    if closed:
        logger.info("closed %s vacancies past their closing date", closed)


@db_periodic_task(crontab(minute="*"))
def refresh_listing_counts() -> None:
    # Kept longer than a round lasts, refreshed every round: no visitor of the
    # home page or the listing waits for the counts (docs/search.md).
    listing_counts_refresh(seconds=COUNTS_KEPT_SECONDS)
    home_counts_refresh(seconds=COUNTS_KEPT_SECONDS)


@db_periodic_task(crontab(minute="*/5"), retries=3, retry_delay=60)
def refresh_search_words_of_renamed_employers() -> None:
    # Logs its own count: an employer's new name is searchable within minutes.
    vacancy_search_words_catch_up()


@db_periodic_task(crontab(minute="15", hour="3"))
def stale_vacancies_daily() -> None:
    """Close unanswered stale vacancies, then ask about new ones (08:15 Almaty)."""
    vacancy_stale_expire_due()
    vacancy_stale_ask_due(link=reconfirm_link)


@db_periodic_task(crontab(minute="20", hour="3"))
def stale_resumes_daily() -> None:
    """Hide resumes still untouched after notice, notify new ones (08:20 Almaty)."""
    resume_stale_hide_due()
    resume_stale_notify_due(link=resume_edit_link)


# --- information for users (Rules 4.5, 5) --------------------------------------


@db_periodic_task(crontab(minute="*"), retries=2, retry_delay=10)
def publish_scheduled_content() -> None:
    published = items_publish_due()
    if published:
        logger.info("published %s scheduled content items", published)


# --- the feedback desk (Rules 7) -----------------------------------------------


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
    queued = notifications_retry_stalled(
        older_than=dt.timedelta(minutes=STALLED_EMAIL_AGE_MINUTES)
    )
    if queued:
        logger.info("queued %s stalled feedback emails again", queued)


@db_periodic_task(crontab(minute="47"))
def purge_kept_feedback_files() -> None:
    """Remove files kept for a feedback form that was never sent on."""
    kept_files_purge()


# --- round-the-clock operation (Rules 4.1, 4.2, 6) -----------------------------


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Prove every minute that the worker runs (read by /health/ready)."""
    heartbeat_record(name=WORKER_HEARTBEAT)


@db_periodic_task(crontab(minute="*"))
def probe_portal() -> None:
    """Try the portal's main functions over HTTP (Rules, 6.3)."""
    probe_round()


@db_periodic_task(crontab(minute="*/10"))
def backup_if_due() -> None:
    """Write the daily backup set once it is due at BACKUP_TIME (Almaty)."""
    # Asked before the lock: a restore check holding it is not a failure.
    if backup_due():
        with HUEY.lock_task("operations-backup"):
            backup_scheduled()


@db_periodic_task(crontab(minute="5"))
def backup_verify_if_due() -> None:
    """Restore the newest set aside and check it, once a week."""
    if verification_due():
        with HUEY.lock_task("operations-backup"):
            backup_verify_scheduled()


@db_periodic_task(crontab(minute="40", hour="21"))
def integrity_check_daily() -> None:
    """Check the database and stored files every night (02:40 in Almaty)."""
    integrity_check()
    probe_prune()


# --- information security (Rules 4.7) ------------------------------------------


@db_periodic_task(crontab(minute="*"))
def forward_security_events() -> None:
    """Send what the outbox still holds to the SOC collector, with backoff.

    Each commit that records an event also queues a drain at once; this run
    retries what a collector outage left behind.
    """
    outbox_drain()


@db_periodic_task(crontab(minute="30", hour="22"))
def prune_security_journal() -> None:
    """Drop journal records past their retention, keeping an anchor (03:30 Almaty)."""
    pruned = security_journal_prune()
    if pruned:
        logger.info("pruned %s security journal records past retention", pruned)
