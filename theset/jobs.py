"""Background jobs: RQ queues in production, the same functions inline in demo mode."""

from __future__ import annotations

import redis
from rq import Queue

# Highest priority first: a worker drains imports before refreshes before popularity.
QUEUE_NAMES = ("imports", "refresh", "popularity")


def queues_for(connection: redis.Redis) -> list[Queue]:
    """The app's RQ queues on `connection`, in priority order."""
    return [Queue(name, connection=connection) for name in QUEUE_NAMES]
