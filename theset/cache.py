"""The seed's TTL policy in one place: what is fresh, who refreshes, what happens on failure.

The tables hold the data and a freshness stamp per source (the durable cache).
Redis keys with exactly the policy's TTLs say what is fresh, so `TTL key` shows
the policy. A refresh is single-flight: one caller takes a Redis lock and calls
upstream while the others wait briefly for its result. When upstream fails the
last good rows are served, flagged stale; with no rows at all the caller gets
`DataUnavailable`. A failure is remembered for a short while so that a failing
upstream is not called on every view; the wait grows with each failure in a
row (`Backoff`). An id upstream does not know is remembered for a while too.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from redis.exceptions import RedisError

from .models import utcnow
from .providers.errors import NotFound, ProviderError, QuotaSpent

log = logging.getLogger(__name__)

ARTIST_DETAILS_TTL = timedelta(days=7)
SHOWS_TTL = timedelta(hours=24)
USER_ARTISTS_TTL = timedelta(hours=1)
SEARCH_TTL = timedelta(seconds=60)
# After failed refreshes, serve the last good data without asking upstream again for
# 30 s, then 1 min, 2 min, … at most an hour: soon after a blip, rarely during an outage.
RETRY_FIRST = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
# An id upstream answered "not found" for is not asked about again for this long.
MISSING_TTL = timedelta(minutes=10)
LOCK_TIMEOUT = timedelta(seconds=30)


class DataUnavailable(Exception):
    """Upstream failed and nothing is stored to fall back on."""

    def __init__(self, what: str, cause: Exception | None = None) -> None:
        super().__init__(f"{what} is unavailable right now")
        self.what = what
        self.cause = cause

    @property
    def quota_spent(self) -> bool:
        """Whether upstream was not called because today's share of its quota is spent."""
        return isinstance(self.cause, QuotaSpent)


@dataclass(frozen=True)
class Freshness:
    """How a read was served: `stale` is True when upstream failed and old rows were used."""

    stale: bool = False
    refreshed: bool = False


FRESH = Freshness()


def fresh_key(kind: str, ident: object) -> str:
    """The Redis key that marks `kind` data of `ident` as fresh."""
    return f"theset:fresh:{kind}:{ident}"


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
            self.redis.set(f"{key}:failed", retry_at, px=max(_ms(wait), 1))
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


class TTLCache:
    """Freshness keys, single-flight refreshes and stale-on-error over one Redis."""

    def __init__(
        self,
        redis_client: redis.Redis,
        *,
        wait: float = 5.0,
        poll: float = 0.05,
        clock: Callable[[], datetime] = utcnow,
        backoff: Backoff | None = None,
    ) -> None:
        self.redis = redis_client
        self.wait = wait
        self.poll = poll
        self.clock = clock
        self.backoff = backoff or Backoff(redis_client, clock=clock)

    def ensure_fresh(
        self,
        key: str,
        ttl: timedelta,
        synced_at: datetime | None,
        refresh: Callable[[], object],
        *,
        force: bool = False,
    ) -> Freshness:
        """Make the data behind `key` fresh, calling `refresh` at most once across processes.

        `synced_at` is the table's freshness stamp (None: nothing stored yet).
        `refresh` calls upstream and commits the rows; NotFound passes through, and is
        remembered for MISSING_TTL (waiters and later callers get it without a call).
        `force` refreshes even fresh data (a fan's "Refresh now").
        """
        try:
            if force:
                self.redis.delete(key, f"{key}:failed", f"{key}:missing")
                synced_at = None if synced_at is None else synced_at - ttl
            return self._ensure_fresh(key, ttl, synced_at, refresh)
        except RedisError as error:
            # Redis down: the tables' stamps alone decide, without single-flight.
            log.warning("cache bypassed for %s: %s", key, error.__class__.__name__)
            if synced_at is not None and self.clock() - synced_at < ttl:
                return FRESH
            return self._refresh_or_fall_back(key, synced_at, refresh)

    def _ensure_fresh(self, key, ttl, synced_at, refresh) -> Freshness:
        if self.redis.exists(key):
            return FRESH
        if synced_at is not None:
            remaining = ttl - (self.clock() - synced_at)
            if remaining > timedelta(seconds=1):
                # Redis lost the key (restart, flush) but the rows are fresh: restore it.
                self.redis.set(key, synced_at.isoformat(), ex=remaining)
                return FRESH
            if self.backoff.waiting(key):
                return Freshness(stale=True)
        else:
            self._raise_if_missing(key)
            if self.backoff.waiting(key):
                raise DataUnavailable(key)

        token = uuid.uuid4().hex
        if self.redis.set(f"{key}:lock", token, nx=True, px=_ms(LOCK_TIMEOUT)):
            try:
                if self.redis.exists(key):
                    return Freshness(refreshed=True)  # refreshed while we took the lock
                freshness = self._refresh_or_fall_back(key, synced_at, refresh)
                if not freshness.stale:
                    self.redis.set(key, self.clock().isoformat(), ex=ttl)
                return freshness
            finally:
                self._release(f"{key}:lock", token)
        return self._wait_for_other(key, synced_at)

    def _refresh_or_fall_back(self, key, synced_at, refresh) -> Freshness:
        try:
            refresh()
        except NotFound:
            self._remember(f"{key}:missing", MISSING_TTL)
            raise
        except ProviderError as error:
            wait = self.backoff.failed(key)
            log.warning("refresh of %s failed, next try in %s: %s", key, wait, error)
            if synced_at is None:
                raise DataUnavailable(key, error) from error
            return Freshness(stale=True)
        self.backoff.succeeded(key)
        return Freshness(refreshed=True)

    def _raise_if_missing(self, key: str) -> None:
        if self.redis.exists(f"{key}:missing"):
            raise NotFound("upstream", f"{key} is not known upstream", status=404)

    def _wait_for_other(self, key: str, synced_at: datetime | None) -> Freshness:
        """Another caller is refreshing: wait for its result, or use the last good rows."""
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            if self.redis.exists(key):
                return Freshness(refreshed=True)
            if synced_at is None:
                self._raise_if_missing(key)
            if self.backoff.waiting(key):
                break
            time.sleep(self.poll)
        if synced_at is None:
            raise DataUnavailable(key)
        return Freshness(stale=True)

    def _remember(self, key: str, ttl: timedelta) -> None:
        try:
            self.redis.set(key, "1", ex=ttl)
        except RedisError:
            pass

    def _release(self, lock: str, token: str) -> None:
        # Only the holder deletes its lock; a lock that timed out may belong to another.
        if self.redis.get(lock) == token.encode():
            self.redis.delete(lock)

    def remember(self, key: str, ttl: timedelta, compute: Callable[[], list | dict]):
        """A JSON value kept `ttl` under `key`, computed on a miss (micro-cache)."""
        try:
            cached = self.redis.get(key)
        except RedisError:
            cached = None
        if cached is not None:
            return json.loads(cached)
        value = compute()
        try:
            self.redis.set(key, json.dumps(value), ex=ttl)
        except RedisError as error:
            log.warning("could not cache %s: %s", key, error.__class__.__name__)
        return value

    def mark_fresh(self, key: str, ttl: timedelta) -> None:
        """Record that the data behind `key` was just refreshed by other means."""
        try:
            self.redis.set(key, self.clock().isoformat(), ex=ttl)
        except RedisError as error:
            log.warning("could not mark %s fresh: %s", key, error.__class__.__name__)

    def invalidate(self, key: str) -> None:
        """Forget that `key` is fresh, so the next read refreshes it."""
        self.redis.delete(key, f"{key}:failed", f"{key}:missing")


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)
