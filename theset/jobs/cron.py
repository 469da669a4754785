"""Periodic jobs on RQ's cron scheduler, enqueued by one `python worker.py` at a time.

RQ's CronScheduler has no leader election: every scheduler enqueues every due job.
So each worker process runs a CronLeader on a thread, and only the holder of a
Redis lease (SET NX with a TTL of LEASE_TTL seconds, renewed every RENEW_EVERY)
drives its scheduler. When the leader dies its lease runs out and another worker
takes over, starting from the last enqueue time RQ records per cron job (its cron
job registry), so each job keeps its period across the failover.

The thread calls the scheduler's public steps (enqueue_jobs, save, heartbeat,
calculate_sleep_interval) rather than CronScheduler.start(), which installs signal
handlers: only the main thread may do that, and there the RQ worker runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import redis
from redis.exceptions import LockError
from rq import cron_job_registry
from rq.cron import CronJob, CronScheduler

from .status import record_next_runs
from .tasks import PERIODIC

log = logging.getLogger(__name__)

LEASE_KEY = "theset:cron:leader"
LEASE_TTL = 10  # seconds: how long the periodic jobs may wait for a new leader
RENEW_EVERY = 2  # seconds


class CronLeader:
    """A CronScheduler for PERIODIC that enqueues only while it holds the lease."""

    def __init__(self, connection: redis.Redis, periods: dict[str, int]) -> None:
        self.connection = connection
        self.scheduler = CronScheduler(connection)
        self.jobs: list[CronJob] = [
            self.scheduler.register(
                func,
                queue,
                interval=periods[name],
                name=name,
                result_ttl=86400,
                failure_ttl=7 * 86400,
            )
            for name, (func, _period, queue) in PERIODIC.items()
        ]
        # The scheduler's name (host:pid:…) as the lease's value says who leads.
        self.lease = connection.lock(LEASE_KEY, timeout=LEASE_TTL, thread_local=False)
        self.leading = False

    def run(self, stop: threading.Event) -> None:
        """Lead or stand by until `stop` is set; then hand the lease back."""
        wait = 0.0
        try:
            while not stop.wait(wait):
                wait = self.step()
        finally:
            self.resign()

    def step(self) -> float:
        """Renew or take the lease and enqueue what is due; the seconds until the next step."""
        try:
            if self._holds_lease():
                if self.scheduler.enqueue_jobs():
                    self.scheduler.save()
                    record_next_runs(self.connection, self._next_runs())
                self.scheduler.heartbeat()
                return min(self.scheduler.calculate_sleep_interval(), RENEW_EVERY)
        except redis.RedisError:
            log.exception("cron scheduler step failed; trying again")
        return RENEW_EVERY

    def _holds_lease(self) -> bool:
        if self.leading:
            try:
                return self.lease.reacquire()
            except LockError:
                log.warning("cron scheduler %s lost the lease", self.scheduler.name)
                self.leading = False
                self.scheduler.register_death()
        if self.lease.acquire(blocking=False, token=self.scheduler.name):
            self._resume()
            self.leading = True
        return self.leading

    def _resume(self) -> None:
        """Start from the last enqueue times in Redis, so the periods carry on."""
        for job in self.jobs:
            last = self.connection.zscore(cron_job_registry.get_registry_key(), job.name)
            if last is not None:
                job.set_enqueue_time(datetime.fromtimestamp(last, UTC))
        self.scheduler.register_birth()
        record_next_runs(self.connection, self._next_runs())
        log.info("cron scheduler %s leads the periodic jobs", self.scheduler.name)

    def _next_runs(self) -> dict[str, datetime]:
        return {job.name: job.next_enqueue_time or datetime.now(UTC) for job in self.jobs}

    def resign(self) -> None:
        """Hand the lease back, so another worker leads at once."""
        if self.leading:
            self.leading = False
            self.scheduler.register_death()
            try:
                self.lease.release()
            except LockError:
                pass  # it had run out already


@contextmanager
def cron_leader(connection: redis.Redis, periods: dict[str, int]) -> Iterator[CronLeader]:
    """A CronLeader running on a daemon thread until the block ends."""
    leader = CronLeader(connection, periods)
    stop = threading.Event()
    thread = threading.Thread(target=leader.run, args=(stop,), name="theset-cron", daemon=True)
    thread.start()
    try:
        yield leader
    finally:
        stop.set()
        thread.join(timeout=10)
