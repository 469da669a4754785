"""Requests per second to one upstream, limited across every process through Redis."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("theset.providers")


class RedisRateLimiter:
    """At most `rate_per_second` requests per fixed 1-second window, shared through Redis."""

    def __init__(
        self,
        redis: Redis,
        key: str,
        rate_per_second: float,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.redis = redis
        self.key = key
        self.limit = max(1, int(rate_per_second))
        self.clock = clock
        self.sleep = sleep

    def acquire(self) -> None:
        """Block until one more request fits in the current window."""
        while True:
            now = self.clock()
            window = int(now)
            key = f"{self.key}:{window}"
            try:
                pipe = self.redis.pipeline()
                pipe.incr(key)
                pipe.expire(key, 2)
                count = pipe.execute()[0]
            except RedisError as exc:
                # A Redis outage must not stop the app talking upstream; upstream 429s still apply.
                log.warning("rate limiter %s unavailable, not limiting: %s", self.key, exc)
                return
            if count <= self.limit:
                return
            self.sleep(max(0.0, window + 1 - now))
