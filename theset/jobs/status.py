"""What jobs leave in Redis for pages: a job's progress, and each periodic job's
last run (with its report) and next run. Both runners write the same records."""

from __future__ import annotations

import json
from datetime import datetime

import redis

from ..models import utcnow
from ..redis_client import get_redis

PROGRESS_TTL = 3600
LAST_RUN_KEY = "theset:periodic:last-run"
NEXT_RUN_KEY = "theset:periodic:next-run"


def _progress_key(job_id: str) -> str:
    return f"theset:progress:{job_id}"


def set_progress(job_id: str, done: int, total: int) -> None:
    """Record how far job `job_id` got, for pages that show it."""
    key = _progress_key(job_id)
    connection = get_redis()
    connection.hset(key, mapping={"done": done, "total": total})
    connection.expire(key, PROGRESS_TTL)


def get_progress(job_id: str) -> tuple[int, int] | None:
    """(done, total) of job `job_id`, or None when unknown."""
    values = get_redis().hgetall(_progress_key(job_id))
    if not values:
        return None
    return int(values[b"done"]), int(values[b"total"])


def record_run(connection: redis.Redis, name: str, report: str) -> None:
    """Note that periodic job `name` ran just now and what it reported."""
    connection.hset(LAST_RUN_KEY, name, json.dumps({"at": utcnow().isoformat(), "report": report}))


def record_next_runs(connection: redis.Redis, next_runs: dict[str, datetime]) -> None:
    """Note when the periodic jobs `next_runs` names are due next, for /admin."""
    connection.hset(NEXT_RUN_KEY, mapping={name: at.isoformat() for name, at in next_runs.items()})
