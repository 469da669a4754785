"""The RQ worker of `python worker.py`, tuned so a job lost with its worker runs again in seconds.

RQ's defaults notice a dead worker's job only after minutes: a running job beats every
30 s with a 90 s TTL, the registries are cleaned every 10 minutes, and the scheduler
lock (needed to enqueue the job's delayed retry) outlives its dead owner by 61 s.
Here a running job beats every HEARTBEAT_EVERY seconds with a TTL of ABANDONED_AFTER
(the rule `RQRunner.is_pending` applies too); every worker cleans the registries at its
start and every MAINTENANCE_EVERY seconds, where StartedJobRegistry.cleanup retries a
job whose heartbeat ran out (our jobs carry a Retry); and a scheduler lock whose owner
stopped beating is released, so a live worker's scheduler takes it over.
"""

from __future__ import annotations

from redis import Redis
from rq import Worker
from rq.exceptions import SchedulerNotFound
from rq.job import Job
from rq.scheduler import RQScheduler
from rq.scripts import release_lock
from rq.utils import now

from .rq_runner import ABANDONED_AFTER, HEARTBEAT_EVERY

MAINTENANCE_EVERY = 10  # seconds
SCHEDULER_SILENT_AFTER = 10  # seconds; RQ's scheduler beats every second


class RecoveringWorker(Worker):
    """An RQ worker that finds and retries abandoned jobs within seconds."""

    def __init__(self, queues, **kwargs) -> None:
        super().__init__(
            queues,
            job_monitoring_interval=HEARTBEAT_EVERY,
            maintenance_interval=MAINTENANCE_EVERY,
            # RQ waits on the queues for worker_ttl - 15 s between maintenance checks.
            worker_ttl=MAINTENANCE_EVERY + 15,
            **kwargs,
        )

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        """A running job's heartbeat lasts ABANDONED_AFTER seconds, not RQ's interval + 60."""
        return ABANDONED_AFTER

    def run_maintenance_tasks(self) -> None:
        """Free the scheduler locks of dead schedulers, then RQ's maintenance (which
        cleans the registries and restarts this worker's scheduler when it can)."""
        for name in self.queue_names():
            release_silent_scheduler_lock(self.connection, RQScheduler.get_locking_key(name))
        super().run_maintenance_tasks()


def release_silent_scheduler_lock(connection: Redis, key: str) -> bool:
    """Delete scheduler lock `key` when its owner has not beaten for a while; True if deleted."""
    owner = connection.get(key)
    if owner is None:
        return False
    try:
        beat = RQScheduler.fetch(owner.decode(), connection).last_heartbeat
    except SchedulerNotFound:
        return False  # just starting, or long gone (its lock expires with it)
    if beat is not None and (now() - beat).total_seconds() <= SCHEDULER_SILENT_AFTER:
        return False
    return release_lock(connection, key, owner.decode())
