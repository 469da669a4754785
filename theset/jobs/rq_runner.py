"""Jobs on RQ: queued in Redis, run by `python worker.py` (theset.jobs.worker)."""

from __future__ import annotations

from collections.abc import Callable

import redis
from rq import Queue, Retry, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from ..models import utcnow

# Highest priority first: a worker drains imports before refreshes before popularity.
QUEUE_NAMES = ("imports", "refresh", "popularity")
# A running RQ job beats every HEARTBEAT_EVERY seconds (theset.jobs.worker); after
# ABANDONED_AFTER seconds of silence its worker is gone and the job may run again.
HEARTBEAT_EVERY = 5
ABANDONED_AFTER = HEARTBEAT_EVERY + 10
PENDING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def queues_for(connection: redis.Redis) -> list[Queue]:
    """The app's RQ queues on `connection`, in priority order."""
    return [Queue(name, connection=connection) for name in QUEUE_NAMES]


class RQRunner:
    """Queues jobs on RQ, each with retries after `retry_intervals` seconds."""

    def __init__(self, connection: redis.Redis, retry_intervals: tuple[int, ...]) -> None:
        self.connection = connection
        self.retry_intervals = retry_intervals

    def enqueue(self, task: Callable | str, *args, job_id: str, queue: str = "imports") -> bool:
        """Queue `task(*args)` on `queue` unless job `job_id` is pending; whether it was queued."""
        lock = f"theset:enqueue-lock:{job_id}"
        # The short lock makes check-then-enqueue atomic for concurrent visitors.
        if not self.connection.set(lock, "1", nx=True, ex=5):
            return False
        try:
            if self.is_pending(job_id):
                return False
            Queue(queue, connection=self.connection).enqueue(
                task,
                *args,
                job_id=job_id,
                retry=Retry(max=len(self.retry_intervals), interval=list(self.retry_intervals)),
                result_ttl=600,
                failure_ttl=7 * 86400,
            )
            return True
        finally:
            self.connection.delete(lock)

    def is_pending(self, job_id: str) -> bool:
        """Whether job `job_id` is queued or running (on a worker that is alive)."""
        try:
            job = Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return False
        status = job.get_status()
        if status == JobStatus.STARTED and _abandoned(job):
            return False  # its worker died mid-job (kill -9): the job may be queued again
        return status in PENDING

    def is_last_attempt(self) -> bool:
        """Whether the job this worker runs has no retry left if it fails now."""
        job = get_current_job()
        return job is None or not job.retries_left

    def wait(self, timeout: float = 30.0) -> bool:
        """No job runs in this process (workers run them): nothing to wait for."""
        return True

    def start_periodic(self, schedule: dict[str, tuple[Callable, int]]) -> None:
        """`python worker.py` runs the periodic jobs (theset.jobs.cron), not this process."""


def _abandoned(job: Job) -> bool:
    beat = job.last_heartbeat
    return beat is not None and (utcnow() - beat).total_seconds() > ABANDONED_AFTER
