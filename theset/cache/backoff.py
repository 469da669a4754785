"""The back-off after failed refreshes, so a failing upstream is not called on every view."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import redis
from redis.exceptions import RedisError

from ..models import utcnow
from .policy import RETRY_CAP, RETRY_FIRST, milliseconds

log = logging.getLogger("theset.cache")


class Backoff:
    """Growing waits between tries of something that keeps failing, kept in Redis.

    `key:failed` exists while the next try must wait (its value: when it may run);
    `key:failures` counts the failures in a row.
    """

    def __init__(
        self,
        redis_client: redis.Redis,
        first: timedelta = RETRY_FIRST,
        cap: timedelta = RETRY_CAP,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.redis = redis_client
        self.first = first
        self.cap = cap
        self.clock = clock

    def waiting(self, key: str) -> bool:
        """Whether `key` failed too recently to be tried again (never, without Redis)."""
        try:
            return bool(self.redis.exists(f"{key}:failed"))
        except RedisError:
            return False

    def failed(self, key: str) -> timedelta:
        """Record one more failure of `key`; how long until it may be tried again."""
        try:
            failures = self.redis.incr(f"{key}:failures")
            self.redis.expire(f"{key}:failures", self.cap * 4)
            wait = min(self.first * 2 ** min(failures - 1, 30), self.cap)
            retry_at = (self.clock() + wait).isoformat()
            self.redis.set(f"{key}:failed", retry_at, px=max(milliseconds(wait), 1))
        except RedisError:
            return self.first
        return wait

    def succeeded(self, key: str) -> None:
        """`key` worked: the next failure waits the shortest time again."""
        try:
            self.redis.delete(f"{key}:failed", f"{key}:failures")
        except RedisError as error:
            log.warning("could not clear the back-off of %s: %s", key, error.__class__.__name__)

    def retry_at(self, key: str) -> datetime | None:
        """When `key` may be tried again, or None when it may be tried now (or unknown)."""
        try:
            value = self.redis.get(f"{key}:failed")
        except RedisError:
            return None
        return None if value is None else datetime.fromisoformat(value.decode())
