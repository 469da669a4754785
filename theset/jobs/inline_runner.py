"""Jobs on a thread pool of the web process: the embedded default, without RQ.

The runner belongs to one app: its pool, the ids of its pending jobs and the retries
left to the job on each thread live on it, in `app.extensions`.
"""

from __future__ import annotations

import logging
import pkgutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask import Flask

from ..models import utcnow
from ..providers.errors import ProviderError
from ..redis_client import get_redis
from .status import record_next_runs

log = logging.getLogger(__name__)

# Seconds before each retry of a job that failed on an upstream; then it has failed.
RETRY_INTERVALS = (0.5, 2.0)


class InlineRunner:
    """Runs each job on a thread of this process, retrying upstream failures."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="theset-job")
        self.pending: set[str] = set()
        self.lock = threading.Lock()
        self.attempt = threading.local()  # .retries_left of the job on this thread

    def enqueue(self, task: Callable | str, *args, job_id: str, queue: str = "") -> bool:
        """Run `task(*args)` on the pool unless job `job_id` is pending; whether it was queued.
        (One pool serves every queue.)"""
        with self.lock:
            if job_id in self.pending:
                return False
            self.pending.add(job_id)
        if self.app.config.get("JOBS_EAGER"):
            # Tests whose data lives in one rolled-back connection run jobs in their own thread.
            self._run(task, args, job_id)
        else:
            self.pool.submit(self._run, task, args, job_id)
        return True

    def _run(self, task: Callable | str, args: tuple, job_id: str) -> None:
        try:
            func = pkgutil.resolve_name(task) if isinstance(task, str) else task
            with self.app.app_context():
                for attempt, wait in enumerate((*RETRY_INTERVALS, None)):
                    self.attempt.retries_left = len(RETRY_INTERVALS) - attempt
                    try:
                        func(*args)
                        return
                    except ProviderError as error:
                        if wait is None:
                            raise
                        log.warning(
                            "job %s failed (try %d), retrying: %s", job_id, attempt + 1, error
                        )
                        time.sleep(wait)
        except Exception:
            log.exception("job %s failed", job_id)
        finally:
            with self.lock:
                self.pending.discard(job_id)

    def is_pending(self, job_id: str) -> bool:
        """Whether job `job_id` is queued or running."""
        with self.lock:
            return job_id in self.pending

    def running(self) -> list[str]:
        """The ids of the jobs queued or running now."""
        with self.lock:
            return sorted(self.pending)

    def is_last_attempt(self) -> bool:
        """Whether the job on this thread has no retry left if it fails now."""
        return not getattr(self.attempt, "retries_left", 0)

    def wait(self, timeout: float = 30.0) -> bool:
        """Wait until no job is running (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if not self.pending:
                    return True
            time.sleep(0.02)
        return False

    def start_periodic(self, schedule: dict[str, tuple[Callable, int]]) -> threading.Thread:
        """Run each periodic job of `schedule` (name: function, seconds apart) on a thread."""

        def loop() -> None:
            first = {name: min(60, every) for name, (_func, every) in schedule.items()}
            due = {name: utcnow() + timedelta(seconds=seconds) for name, seconds in first.items()}
            while True:
                with self.app.app_context():
                    record_next_runs(get_redis(), due)
                time.sleep(min(5, *(every for _func, every in schedule.values())))
                for name, (func, every) in schedule.items():
                    if utcnow() >= due[name]:
                        due[name] = utcnow() + timedelta(seconds=every)
                        self._run(func, (), f"periodic-{name}")

        thread = threading.Thread(target=loop, name="theset-periodic", daemon=True)
        thread.start()
        return thread
