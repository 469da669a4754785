"""Upstream calls counted in Redis per UTC day: every call to a provider (for the admin
page), and the calls of each kind of traffic (for the budget)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("theset.providers")

COUNTER_TTL = 2 * 86400  # a day's counts outlive the day, so the admin page can read them


def daily_counter_key(provider: str, day: date | None = None) -> str:
    """The Redis key counting calls to `provider` on `day` (UTC today by default)."""
    day = day or datetime.now(UTC).date()
    return f"theset:upstream:{provider}:calls:{day.isoformat()}"


def daily_call_count(redis: Redis, provider: str, day: date | None = None) -> int:
    """How many calls to `provider` were sent on `day` (UTC), for the admin page."""
    return int(redis.get(daily_counter_key(provider, day)) or 0)


def count_one(redis: Redis, key: str) -> int:
    """Add one to the day's counter at `key` and return its new value."""
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, COUNTER_TTL)
    return pipe.execute()[0]


def count_call(redis: Redis, provider: str) -> None:
    """Count one call to `provider` today; with Redis down the call is made uncounted."""
    try:
        count_one(redis, daily_counter_key(provider))
    except RedisError as exc:
        log.warning("could not count a %s call: %s", provider, exc)
