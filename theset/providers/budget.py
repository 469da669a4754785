"""A daily upstream quota shared out by kind of traffic, counted in Redis per UTC day.

Each kind may spend its share of the quota: when one is spent, calls of that kind
are refused before they are sent (QuotaSpent, a ProviderError, so readers serve
stored data flagged stale) while the other kinds go on. A call's kind is the one
its caller is `charged_to`; anything else (jobs, commands) is background work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

from .counter import count_one, daily_counter_key
from .errors import QuotaSpent

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("theset.providers")

SEARCH, IMPORT, REFRESH, BACKGROUND = "search", "import", "refresh", "background"
# Search is live only; imports are rarer; page refreshes and the hourly background
# refresh keep stored data fresh between them. The shares add up to the whole quota.
SHARES = {SEARCH: 0.35, IMPORT: 0.15, REFRESH: 0.25, BACKGROUND: 0.25}
TICKETMASTER_DAILY_QUOTA = 5000  # calls a day (the Discovery API's default)

_kind: ContextVar[str] = ContextVar("theset_upstream_kind", default=BACKGROUND)


@contextmanager
def charged_to(kind: str) -> Iterator[None]:
    """Charge the upstream calls made inside the block to `kind`'s share."""
    token = _kind.set(kind)
    try:
        yield
    finally:
        _kind.reset(token)


class DailyBudget:
    """`quota` calls a day to `provider`, split into `shares` (a kind with none may not call)."""

    def __init__(
        self, redis: Redis, provider: str, quota: int, shares: dict[str, float] = SHARES
    ) -> None:
        self.redis = redis
        self.provider = provider
        self.quota = quota
        self.shares = shares

    def key(self, kind: str, day: date | None = None) -> str:
        return f"{daily_counter_key(self.provider, day)}:{kind}"

    def allowance(self, kind: str) -> int:
        """How many calls `kind` may make a day."""
        return int(self.quota * self.shares.get(kind, 0))

    def spend(self) -> None:
        """Count one call of the current kind, or raise QuotaSpent when its share is spent.

        Without Redis nothing is counted or refused, like the other counters.
        """
        kind = _kind.get()
        key = self.key(kind)
        try:
            spent = count_one(self.redis, key)
            if spent > self.allowance(kind):
                self.redis.decr(key)  # the refused call was not made
                raise QuotaSpent(
                    self.provider, f"today's share for {kind} ({self.allowance(kind)}) is spent"
                )
        except RedisError as error:
            log.warning("%s budget not counted: %s", self.provider, error.__class__.__name__)

    def spent(self, day: date | None = None) -> dict[str, int]:
        """Calls made on `day` (UTC today by default) by kind."""
        values = self.redis.mget([self.key(kind, day) for kind in self.shares])
        return {kind: int(value or 0) for kind, value in zip(self.shares, values, strict=True)}
