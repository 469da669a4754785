"""A cached artist page against GET /healthz, 50 connections, gunicorn with 2 gevent workers.

Run: .venv/bin/python bench/artist_page.py [seconds]   (needs wrk; PostgreSQL + Redis, see
bench/harness.py). The artist is imported first, so every view is served from the tables
with fresh TTL keys. Goals: artist page / healthz >= 0.3, with 0 upstream calls.
"""

from __future__ import annotations

import sys

import redis
from harness import CONNECTIONS, REDIS_URL, app, fresh_database, gunicorn, summary, wrk


def upstream_calls(connection: redis.Redis) -> int:
    return sum(int(connection.get(key) or 0) for key in connection.scan_iter("theset:upstream:*"))


def main(seconds: float) -> None:
    fresh_database()
    client = app().test_client()
    assert client.get("/artists/tm/K8vZ91mDDPm").status_code == 303
    assert client.get("/artists/zoe-marchetti").status_code == 200
    connection = redis.Redis.from_url(REDIS_URL)
    with gunicorn(workers=2) as url:
        wrk(f"{url}/artists/zoe-marchetti", 2)  # warm-up
        before = upstream_calls(connection)
        health = wrk(f"{url}/healthz", seconds)
        page = wrk(f"{url}/artists/zoe-marchetti", seconds)
        calls = upstream_calls(connection) - before
    print(
        f"artist_page: {CONNECTIONS} connections (wrk), gunicorn 2 gevent workers, "
        f"PostgreSQL + Redis, {seconds:g}s each"
    )
    print(f"  GET /healthz:       {summary(health)}")
    print(f"  GET cached artist:  {summary(page)}")
    print(
        f"  ratio artist/healthz: {page['rate'] / health['rate']:.2f} (goal >= 0.3); "
        f"upstream calls during the run: {calls} (goal 0)"
    )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
