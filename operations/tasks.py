"""Background work of operations, each task a thin call of a service.

Huey evaluates crontab() in UTC (its default): 21:30 UTC is 02:30 in Almaty.
Jobs that must run at an Almaty wall time (the backup, the weekly restore
check) run often and ask a service whether they are due, so that a worker
that was down at the planned minute catches up when it is back.
"""

import logging
from typing import Any

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_EXECUTING

from operations.backup import backup_due, backup_scheduled
from operations.health import WORKER_HEARTBEAT
from operations.integrity import integrity_check
from operations.probes import probe_prune, probe_round
from operations.requestid import acceptable, request_id_set
from operations.restore import backup_verify_scheduled, verification_due
from operations.services import (
    heartbeat_record,
    reconfirm_link,
    resume_edit_link,
    task_failure_record,
)
from resumes.services import resume_stale_hide_due, resume_stale_notify_due
from vacancies.services import vacancy_stale_ask_due, vacancy_stale_expire_due

logger = logging.getLogger(__name__)


@HUEY.signal(SIGNAL_EXECUTING)
def _task_started(signal: str, task: Any, *args: Any) -> None:
    # Every log line of a task run names one id: that of the web request
    # that queued it (request_id_kwargs) or the task's own.
    offered = (task.kwargs or {}).get("request_id")
    request_id_set(offered if acceptable(offered) else f"task-{task.id}")


@HUEY.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)
def _task_finished(signal: str, task: Any, *args: Any) -> None:
    request_id_set("-")


@HUEY.signal(SIGNAL_ERROR)
def _task_failed(signal: str, task: Any, *args: Any) -> None:
    try:
        task_failure_record(task=task.name)
    except Exception:  # noqa: BLE001
        # The failure itself is logged by huey (and becomes an incident);
        # losing one count must not add a second failure.
        logger.warning("could not count the failure of task %s", task.name)


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
