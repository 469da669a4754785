"""The seed's TTL policy in one place: what is fresh, who refreshes, what happens on failure.

The tables hold the data and a freshness stamp per source (the durable cache).
Redis keys with exactly the policy's TTLs say what is fresh, so `TTL key` shows
the policy. A refresh is single-flight: one caller takes a Redis lock and calls
upstream while the others wait briefly for its result. When upstream fails the
last good rows are served, flagged stale; with no rows at all the caller gets
`DataUnavailable`. A failure is remembered for a short while so that a failing
upstream is not called on every view.
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
from .providers.errors import NotFound, ProviderError

log = logging.getLogger(__name__)

ARTIST_DETAILS_TTL = timedelta(days=7)
SHOWS_TTL = timedelta(hours=24)
USER_ARTISTS_TTL = timedelta(hours=1)
SEARCH_TTL = timedelta(seconds=60)
# After a failed refresh, serve the last good data without asking upstream again.
FAILURE_BACKOFF = timedelta(seconds=30)
LOCK_TIMEOUT = timedelta(seconds=30)


class DataUnavailable(Exception):
    """Upstream failed and nothing is stored to fall back on."""

    def __init__(self, what: str, cause: Exception | None = None) -> None:
        super().__init__(f"{what} is unavailable right now")
        self.what = what
        self.cause = cause


@dataclass(frozen=True)
class Freshness:
    """How a read was served: `stale` is True when upstream failed and old rows were used."""

    stale: bool = False
    refreshed: bool = False


FRESH = Freshness()


def fresh_key(kind: str, ident: object) -> str:
    """The Redis key that marks `kind` data of `ident` as fresh."""
    return f"theset:fresh:{kind}:{ident}"


class TTLCache:
    """Freshness keys, single-flight refreshes and stale-on-error over one Redis."""

    def __init__(
        self,
        redis_client: redis.Redis,
        *,
        wait: float = 5.0,
        poll: float = 0.05,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.redis = redis_client
        self.wait = wait
        self.poll = poll
        self.clock = clock

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
        `refresh` calls upstream and commits the rows; NotFound passes through.
        `force` refreshes even fresh data (a fan's "Refresh now").
        """
        try:
            if force:
                self.redis.delete(key, f"{key}:failed")
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
            if self.redis.exists(f"{key}:failed"):
                return Freshness(stale=True)
        elif self.redis.exists(f"{key}:failed"):
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
            raise
        except ProviderError as error:
            log.warning("refresh of %s failed: %s", key, error)
            self._remember_failure(key)
            if synced_at is None:
                raise DataUnavailable(key, error) from error
            return Freshness(stale=True)
        return Freshness(refreshed=True)

    def _wait_for_other(self, key: str, synced_at: datetime | None) -> Freshness:
        """Another caller is refreshing: wait for its result, or use the last good rows."""
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            if self.redis.exists(key):
                return Freshness(refreshed=True)
            if self.redis.exists(f"{key}:failed"):
                break
            time.sleep(self.poll)
        if synced_at is None:
            raise DataUnavailable(key)
        return Freshness(stale=True)

    def _remember_failure(self, key: str) -> None:
        try:
            self.redis.set(f"{key}:failed", "1", ex=FAILURE_BACKOFF)
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
        self.redis.delete(key, f"{key}:failed")


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)
