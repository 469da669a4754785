"""Background jobs: RQ queues in production, the same functions on a thread pool in demo mode.

Jobs take ids, open their own session (the app context they run in) and are
idempotent. A job id is stable per purpose, so the same work is never queued
twice. Progress lives in Redis for both modes, so pages can show it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import redis
from flask import Flask, current_app
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from .providers.errors import ProviderError
from .redis_client import get_redis
from .services import fan_artists
from .services.catalog import import_catalog
from .services.setlists import seed_waiting_setlists
from .upstream import get_upstream

log = logging.getLogger(__name__)

# Highest priority first: a worker drains imports before refreshes before popularity.
QUEUE_NAMES = ("imports", "refresh", "popularity")
RETRY_INTERVALS = (5, 30, 120)  # seconds, for RQ
INLINE_RETRY_INTERVALS = (0.5, 2.0)
PROGRESS_TTL = 3600
PENDING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}

_inline_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="theset-job")
_inline_pending: set[str] = set()
_inline_lock = threading.Lock()


def queues_for(connection: redis.Redis) -> list[Queue]:
    """The app's RQ queues on `connection`, in priority order."""
    return [Queue(name, connection=connection) for name in QUEUE_NAMES]


def enqueue(func: Callable, *args, job_id: str, queue: str = "imports") -> bool:
    """Run `func(*args)` in the background unless a job `job_id` is already pending.

    Returns True when this call queued it.
    """
    app = current_app._get_current_object()
    if app.config["THESET_JOBS"] == "rq":
        return _enqueue_rq(func, args, job_id, queue)
    return _enqueue_inline(app, func, args, job_id)


def is_pending(job_id: str) -> bool:
    """Whether job `job_id` is queued or running."""
    if current_app.config["THESET_JOBS"] != "rq":
        with _inline_lock:
            return job_id in _inline_pending
    try:
        return Job.fetch(job_id, connection=get_redis()).get_status() in PENDING
    except NoSuchJobError:
        return False


def _enqueue_rq(func: Callable, args: tuple, job_id: str, queue: str) -> bool:
    connection = get_redis()
    # The short lock makes check-then-enqueue atomic for concurrent visitors.
    if not connection.set(f"theset:enqueue-lock:{job_id}", "1", nx=True, ex=5):
        return False
    if is_pending(job_id):
        return False
    Queue(queue, connection=connection).enqueue(
        func,
        *args,
        job_id=job_id,
        retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
        result_ttl=600,
        failure_ttl=7 * 86400,
    )
    return True


def _enqueue_inline(app: Flask, func: Callable, args: tuple, job_id: str) -> bool:
    with _inline_lock:
        if job_id in _inline_pending:
            return False
        _inline_pending.add(job_id)
    if app.config.get("JOBS_EAGER"):
        # Tests whose data lives in one rolled-back connection run jobs in their own thread.
        _run_inline(app, func, args, job_id)
    else:
        _inline_pool.submit(_run_inline, app, func, args, job_id)
    return True


def _run_inline(app: Flask, func: Callable, args: tuple, job_id: str) -> None:
    try:
        with app.app_context():
            for attempt, wait in enumerate((*INLINE_RETRY_INTERVALS, None)):
                try:
                    func(*args)
                    return
                except ProviderError as error:
                    if wait is None:
                        raise
                    log.warning("job %s failed (try %d), retrying: %s", job_id, attempt + 1, error)
                    time.sleep(wait)
    except Exception:
        log.exception("job %s failed", job_id)
    finally:
        with _inline_lock:
            _inline_pending.discard(job_id)


def set_progress(job_id: str, done: int, total: int) -> None:
    """Record how far job `job_id` got, for pages that show it."""
    key = f"theset:progress:{job_id}"
    connection = get_redis()
    connection.hset(key, mapping={"done": done, "total": total})
    connection.expire(key, PROGRESS_TTL)


def get_progress(job_id: str) -> tuple[int, int] | None:
    """(done, total) of job `job_id`, or None when unknown."""
    values = get_redis().hgetall(f"theset:progress:{job_id}")
    if not values:
        return None
    return int(values[b"done"]), int(values[b"total"])


# Job functions: module-level, so RQ can import them by name; they take ids only.


def find_fan_shows(user_id: int) -> None:
    """Look up the fan's artists on Ticketmaster and refresh their shows, with progress."""
    job_id = fan_artists.shows_job_id(user_id)
    set_progress(job_id, 0, 1)
    fan_artists.find_fan_shows(
        get_upstream(), user_id, lambda done, total: set_progress(job_id, done, total)
    )


def import_catalog_and_seed(artist_id: int) -> int:
    """Import the artist's catalog from Spotify, then seed their waiting setlists."""
    imported = import_catalog(get_upstream(), artist_id)
    seeded = seed_waiting_setlists(artist_id)
    log.info("artist %s: %d songs imported, %d setlists seeded", artist_id, imported, seeded)
    return seeded


def catalog_job_id(artist_id: int) -> str:
    """One catalog import per artist, however many fans open its shows at once."""
    return f"catalog-{artist_id}"
