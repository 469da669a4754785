"""The app's Redis: a real server when REDIS_URL is set, else an in-process stand-in.

The stand-in is one fakeredis server per process, so the cache, pub/sub and the
job queue all see the same data, exactly as they would on one real Redis.
"""

from __future__ import annotations

import fakeredis
import redis
from flask import Flask, current_app

_EMBEDDED_SERVER = fakeredis.FakeServer()

EXTENSION_KEY = "theset.redis"


def connect(url: str | None) -> redis.Redis:
    """A client for `url`, or for the process-wide stand-in when url is None."""
    if url is None:
        return fakeredis.FakeRedis(server=_EMBEDDED_SERVER)
    return redis.Redis.from_url(
        url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30
    )


def init_app(app: Flask) -> None:
    """Create the app's client from its REDIS_URL."""
    app.extensions[EXTENSION_KEY] = connect(app.config["REDIS_URL"])


def get_redis() -> redis.Redis:
    """The current app's Redis client."""
    return current_app.extensions[EXTENSION_KEY]
