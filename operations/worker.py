"""Hooks into the worker: one request id per task run and failure counts.

config/tasks.py imports this module so that the worker process, which runs
the portal's schedule, registers the hooks before the first task.
"""

import logging
from typing import Any

from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_EXECUTING

from operations.requestid import acceptable, request_id_set
from operations.services import task_failure_record

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
