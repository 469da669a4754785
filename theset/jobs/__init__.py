"""Background jobs: on RQ (`python worker.py`), or on a thread pool of the web process.

`init_app` picks the app's runner once, from THESET_JOBS; everything else asks the
runner. Jobs take ids, open their own session (the app context they run in) and are
idempotent. A job id is stable per purpose, so the same work is never queued twice.
A task is a function or its dotted name: a service names the task it queues, since
the tasks module imports the services (theset.jobs.tasks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from flask import Flask, current_app

from .. import redis_client
from .inline_runner import InlineRunner
from .rq_runner import RQRunner

EXTENSION_KEY = "theset.jobs"

Task = Callable | str
# A periodic job by name: its function and the seconds between its runs.
Schedule = dict[str, tuple[Callable, int]]


class Runner(Protocol):
    """What the app asks of its job runner, whichever it is."""

    def enqueue(self, task: Task, *args, job_id: str, queue: str) -> bool: ...

    def is_pending(self, job_id: str) -> bool: ...

    def is_last_attempt(self) -> bool: ...

    def wait(self, timeout: float = 30.0) -> bool: ...

    def start_periodic(self, schedule: Schedule) -> threading.Thread | None: ...


def init_app(app: Flask) -> None:
    """Give the app its runner: RQ's queues, or a thread pool of this process."""
    if app.config["THESET_JOBS"] == "rq":
        runner = RQRunner(
            app.extensions[redis_client.EXTENSION_KEY], app.config["JOB_RETRY_INTERVALS"]
        )
    else:
        runner = InlineRunner(app)
    app.extensions[EXTENSION_KEY] = runner


def get_runner(app: Flask | None = None) -> Runner:
    """The runner of `app`, or of the current app."""
    return (app or current_app).extensions[EXTENSION_KEY]


def enqueue(task: Task, *args, job_id: str, queue: str = "imports") -> bool:
    """Run `task(*args)` in the background unless a job `job_id` is already pending.

    Returns True when this call queued it.
    """
    return get_runner().enqueue(task, *args, job_id=job_id, queue=queue)


def is_pending(job_id: str) -> bool:
    """Whether job `job_id` is queued or running."""
    return get_runner().is_pending(job_id)


def is_last_attempt() -> bool:
    """Whether the running job has no retry left if it fails now."""
    return get_runner().is_last_attempt()
