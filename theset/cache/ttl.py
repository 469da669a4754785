"""Single-flight refreshes of data kept fresh by Redis keys, stale rows served on failure."""

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

from ..models import utcnow
from ..providers.errors import NotFound, ProviderError, QuotaSpent
from .backoff import Backoff
from .policy import LOCK_TIMEOUT, MISSING_TTL, milliseconds

log = logging.getLogger("theset.cache")


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
        if self.redis.set(f"{key}:lock", token, nx=True, px=milliseconds(LOCK_TIMEOUT)):
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
