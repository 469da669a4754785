"""Background jobs: RQ queues in production, the same functions on a thread pool in demo mode.

Jobs take ids, open their own session (the app context they run in) and are
idempotent. A job id is stable per purpose, so the same work is never queued
twice. Progress lives in Redis for both modes, so pages can show it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from flask import Flask, current_app
from rq import Queue, Retry, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from .extensions import db
from .models import Artist, utcnow
from .providers.errors import ProviderError
from .redis_client import get_redis
from .services import fan_artists, maintenance, setlists, votes
from .services.artists import refresh_artist_details
from .services.catalog import Catalog, catalog_retry_key, catalog_state
from .services.shows import refresh_artist_shows
from .upstream import Upstream, get_upstream

log = logging.getLogger(__name__)

# Highest priority first: a worker drains imports before refreshes before popularity.
QUEUE_NAMES = ("imports", "refresh", "popularity")
INLINE_RETRY_INTERVALS = (0.5, 2.0)
PROGRESS_TTL = 3600
# A running RQ job beats every HEARTBEAT_EVERY seconds (theset.rq_worker); after
# ABANDONED_AFTER seconds of silence its worker is gone and the job may run again.
HEARTBEAT_EVERY = 5
ABANDONED_AFTER = HEARTBEAT_EVERY + 10
PENDING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}

_inline_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="theset-job")
_inline_pending: set[str] = set()
_inline_lock = threading.Lock()
_inline_attempt = threading.local()  # .retries_left of the inline job on this thread


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
        job = Job.fetch(job_id, connection=get_redis())
    except NoSuchJobError:
        return False
    status = job.get_status()
    if status == JobStatus.STARTED and _abandoned(job):
        return False  # its worker died mid-job (kill -9): the job may be queued again
    return status in PENDING


def _abandoned(job: Job) -> bool:
    beat = job.last_heartbeat
    return beat is not None and (utcnow() - beat).total_seconds() > ABANDONED_AFTER


def _enqueue_rq(func: Callable, args: tuple, job_id: str, queue: str) -> bool:
    connection = get_redis()
    intervals = current_app.config["JOB_RETRY_INTERVALS"]
    lock = f"theset:enqueue-lock:{job_id}"
    # The short lock makes check-then-enqueue atomic for concurrent visitors.
    if not connection.set(lock, "1", nx=True, ex=5):
        return False
    try:
        if is_pending(job_id):
            return False
        Queue(queue, connection=connection).enqueue(
            func,
            *args,
            job_id=job_id,
            retry=Retry(max=len(intervals), interval=list(intervals)),
            result_ttl=600,
            failure_ttl=7 * 86400,
        )
        return True
    finally:
        connection.delete(lock)


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
                _inline_attempt.retries_left = len(INLINE_RETRY_INTERVALS) - attempt
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


def is_last_attempt() -> bool:
    """Whether the running job has no retry left if it fails now."""
    if current_app.config["THESET_JOBS"] == "rq":
        job = get_current_job()
        return job is None or not job.retries_left
    return not getattr(_inline_attempt, "retries_left", 0)


def wait_for_inline_jobs(timeout: float = 30.0) -> bool:
    """Wait until no inline job is running (tests, shutdown); False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _inline_lock:
            if not _inline_pending:
                return True
        time.sleep(0.02)
    return False


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
    """Import the artist's catalog from Spotify, then seed their waiting setlists.

    When the last retry fails too, the waiting setlists are marked failed and the
    import waits out a growing back-off before a visit or the heal job tries again.
    """
    upstream = get_upstream()
    try:
        seeded = setlists.import_catalog_and_seed(upstream, artist_id)
    except ProviderError:
        if is_last_attempt():
            wait = upstream.cache.backoff.failed(catalog_retry_key(artist_id))
            failed = setlists.fail_waiting_setlists(artist_id)
            log.warning("artist %s: import failed; %d setlists wait %s", artist_id, failed, wait)
        raise
    upstream.cache.backoff.succeeded(catalog_retry_key(artist_id))
    log.info("artist %s: catalog imported, %d setlists seeded", artist_id, seeded)
    return seeded


def catalog_job_id(artist_id: int) -> str:
    """One catalog import per artist, however many fans open its shows at once."""
    return f"catalog-{artist_id}"


def queue_catalog_import(upstream: Upstream, artist_id: int) -> bool:
    """Queue the artist's catalog import unless it is queued, running, or failed too
    recently to be tried again; whether this call queued it."""
    if upstream.cache.backoff.waiting(catalog_retry_key(artist_id)):
        return False
    job_id = catalog_job_id(artist_id)
    if is_pending(job_id):
        return False
    return enqueue(import_catalog_and_seed, artist_id, job_id=job_id)


def heal_waiting_setlists() -> int:
    """Seed, or queue the catalog import for, every setlist still waiting for songs;
    how many imports were queued. Runs on a schedule, so setlists heal without a visit."""
    upstream = get_upstream()
    queued = 0
    for artist_id in dict.fromkeys(artist for _, artist in setlists.waiting_setlists()):
        state = catalog_state(db.session.get(Artist, artist_id))
        if state is Catalog.NEEDED:
            queued += queue_catalog_import(upstream, artist_id)
        elif state is Catalog.STORED:
            setlists.seed_waiting_setlists(artist_id)
    return queued


# Periodic jobs: `python worker.py` enqueues them with RQ's cron scheduler (theset.cron),
# the embedded default runs them on a thread (start_inline_schedules).


def refresh_popularity_job() -> None:
    """Daily: Spotify popularity where allowed, our own activity score for all."""
    _run_periodic("popularity", lambda: maintenance.refresh_popularity(get_upstream()))


def refresh_stale_job() -> None:
    """Hourly: refresh artists and shows fans looked at that are older than their TTL."""
    _run_periodic("refresh-stale", lambda: maintenance.refresh_stale(get_upstream(), get_redis()))


def reconcile_votes_job() -> None:
    """Nightly: recompute every vote counter from the votes table."""
    _run_periodic("reconcile-votes", votes.reconcile_votes)


def clean_up_job() -> None:
    """Nightly: drop old view stamps and the live state of shows that are over."""
    _run_periodic("clean-up", lambda: maintenance.clean_up(get_redis()))


def heal_setlists_job() -> None:
    """Every few minutes: setlists waiting for a catalog are seeded or their import queued."""
    _run_periodic("heal-setlists", heal_waiting_setlists)


# One line per periodic job: its name, function, period and queue.
PERIODIC = {
    "popularity": (refresh_popularity_job, timedelta(days=1), "popularity"),
    "refresh-stale": (refresh_stale_job, timedelta(hours=1), "refresh"),
    "reconcile-votes": (reconcile_votes_job, timedelta(days=1), "refresh"),
    "clean-up": (clean_up_job, timedelta(days=1), "refresh"),
    "heal-setlists": (heal_setlists_job, timedelta(minutes=5), "imports"),
}
LAST_RUN_KEY = "theset:periodic:last-run"
NEXT_RUN_KEY = "theset:periodic:next-run"


def periods(scale: float) -> dict[str, int]:
    """Seconds between runs of each periodic job, times `scale` (THESET_PERIODS_SCALE)."""
    return {
        name: max(1, round(period.total_seconds() * scale))
        for name, (_func, period, _queue) in PERIODIC.items()
    }


def _run_periodic(name: str, work: Callable) -> None:
    result = work()
    get_redis().hset(
        LAST_RUN_KEY, name, json.dumps({"at": utcnow().isoformat(), "report": str(result)})
    )
    log.info("periodic %s done: %s", name, result)


def record_next_runs(connection: redis.Redis, next_runs: dict[str, datetime]) -> None:
    """Note when the periodic jobs `next_runs` names are due next, for /admin."""
    connection.hset(NEXT_RUN_KEY, mapping={name: at.isoformat() for name, at in next_runs.items()})


@dataclass(frozen=True)
class PeriodicStatus:
    """One periodic job as /admin shows it."""

    name: str
    last_run: datetime | None
    report: str
    next_run: datetime | None


def last_runs() -> list[PeriodicStatus]:
    """Each periodic job's last run, what it reported, and its next run."""
    connection = get_redis()
    last, upcoming = connection.hgetall(LAST_RUN_KEY), connection.hgetall(NEXT_RUN_KEY)
    statuses = []
    for name in PERIODIC:
        run = json.loads(last[name.encode()]) if name.encode() in last else {}
        next_run = upcoming.get(name.encode())
        statuses.append(
            PeriodicStatus(
                name=name,
                last_run=datetime.fromisoformat(run["at"]) if run else None,
                report=run.get("report", ""),
                next_run=datetime.fromisoformat(next_run.decode()) if next_run else None,
            )
        )
    return statuses


def start_inline_schedules(app: Flask) -> threading.Thread:
    """Without RQ (the embedded default), run the periodic jobs on a thread of this process."""
    seconds = periods(app.config["THESET_PERIODS_SCALE"])

    def loop() -> None:
        due = {name: utcnow() + timedelta(seconds=min(60, seconds[name])) for name in PERIODIC}
        while True:
            with app.app_context():
                record_next_runs(get_redis(), due)
            time.sleep(min(5, *seconds.values()))
            for name, (func, _period, _queue) in PERIODIC.items():
                if utcnow() >= due[name]:
                    due[name] = utcnow() + timedelta(seconds=seconds[name])
                    _run_inline(app, func, (), f"periodic-{name}")

    thread = threading.Thread(target=loop, name="theset-periodic", daemon=True)
    thread.start()
    return thread


def refresh_artist(artist_id: int) -> None:
    """An admin's "sync now": the artist's details, shows and catalog, at once."""
    upstream = get_upstream()
    refresh_artist_details(upstream, artist_id)
    refresh_artist_shows(upstream, artist_id)
    setlists.import_catalog_and_seed(upstream, artist_id)


def queue_overview() -> dict:
    """Queue lengths and failed jobs (RQ), or the jobs running inline."""
    if current_app.config["THESET_JOBS"] != "rq":
        with _inline_lock:
            return {
                "mode": "inline",
                "running": sorted(_inline_pending),
                "queues": {},
                "failed": [],
            }
    connection = get_redis()
    queues = queues_for(connection)
    failed = []
    for queue in queues:
        registry = queue.failed_job_registry
        for job in Job.fetch_many(registry.get_job_ids(0, 49), connection=connection):
            if job is not None:
                error = (job.latest_result().exc_string if job.latest_result() else "") or ""
                failed.append(
                    {
                        "id": job.id,
                        "queue": queue.name,
                        "call": job.func_name,
                        "error": error.strip()[-400:],
                    }
                )
    return {
        "mode": "rq",
        "running": [],
        "queues": {queue.name: len(queue) for queue in queues},
        "failed": failed,
    }
