"""How many live sockets each client address holds, counted in Redis across processes.

Production runs several gunicorn processes behind one Redis: a count per process
would let one address hold the cap once per process. Each open socket holds a lease
in a sorted set per address (member: the socket's token, score: when the lease ends)
and renews it while open, so the leases of a process that died simply run out.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from redis.exceptions import RedisError

log = logging.getLogger(__name__)

SOCKETS_PER_ADDRESS = 20
LEASE_SECONDS = 60  # open sockets renew theirs every 10 s
KEY_PREFIX = "theset:sockets:"


class Slot:
    """One socket's place among its address's sockets."""

    def __init__(self, slots: SocketSlots, address: str, token: str) -> None:
        self.slots = slots
        self.address = address
        self.token = token

    def renew(self) -> None:
        """Keep the place while the socket stays open."""
        self.slots.hold(self.address, self.token)

    def give_back(self) -> None:
        """Free the place (the socket closed)."""
        try:
            self.slots.redis.zrem(self.slots.key(self.address), self.token)
        except RedisError as error:
            log.warning("socket place not given back: %s", error.__class__.__name__)


class SocketSlots:
    """At most `cap` open sockets per client address."""

    def __init__(self, redis, cap: int, clock: Callable[[], float] = time.time) -> None:
        self.redis = redis
        self.cap = cap
        self.clock = clock

    def key(self, address: str) -> str:
        return f"{KEY_PREFIX}{address}"

    def take(self, address: str) -> Slot | None:
        """A place for one more socket of `address`, or None when it holds `cap` already."""
        token = uuid.uuid4().hex
        held = self.hold(address, token)
        if held > self.cap:
            Slot(self, address, token).give_back()
            return None
        return Slot(self, address, token)

    def hold(self, address: str, token: str) -> int:
        """Hold (or renew) `token`'s lease; how many live leases the address has now.

        Without Redis nobody is refused: live updates matter more than the cap then.
        """
        key, now = self.key(address), self.clock()
        try:
            pipe = self.redis.pipeline()
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zadd(key, {token: now + LEASE_SECONDS})
            pipe.zcard(key)
            pipe.expire(key, LEASE_SECONDS)
            return pipe.execute()[2]
        except RedisError as error:
            log.warning("sockets per address not counted: %s", error.__class__.__name__)
            return 0
