"""Stampedes over HTTP: 50 fans at once on one artist, spread over two gunicorn servers.

Run: .venv/bin/python bench/cache_stampede.py [fans]   (PostgreSQL + Redis, see
bench/harness.py). Ticketmaster and Spotify are the local fake in the real APIs'
shapes (tests/support/upstream_server.py), over real HTTP; the servers run outside demo mode.
1. Cold: `fans` concurrent first selections of a never-seen artist
   (GET /artists/tm/<id>, half on each server).
2. Stale: the artist's stored details and shows made older than their TTLs (and the
   Redis freshness keys dropped), then `fans` concurrent views of its page.
For each: the upstream calls per resource (goal: 1 each) and each request's latency.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import redis
from harness import (
    DATABASE_URL,
    REDIS_URL,
    commit_and_date,
    fresh_database,
    gunicorn,
    percentile,
)

from tests.support.processes import visitor
from tests.support.upstream_server import FakeUpstream

ARTIST = "K8vZ915DIQ9"  # Saint Alder: linked to Spotify by Ticketmaster
RESOURCES = {
    "Ticketmaster attraction": ("/discovery/v2/attractions/",),
    "Ticketmaster events": ("/discovery/v2/events",),
    "Spotify artist": ("/v1/artists/", "!albums"),
}


def calls(upstream: FakeUpstream) -> dict[str, int]:
    """Upstream calls per resource since the counts were cleared."""
    counted = {}
    for name, (prefix, *exclude) in RESOURCES.items():
        counted[name] = sum(
            path.startswith(prefix) and not any(word[1:] in path for word in exclude)
            for path in upstream.requests
        )
    return counted


def stampede(servers: list[str], path: str, fans: int) -> list[float]:
    """`fans` requests for `path` at once, alternating servers, each from its own address
    (as many fans are; the per-address rate limits apply); each one's latency in ms."""

    def one(n: int) -> float:
        started = time.perf_counter()
        answer = visitor(n).get(f"{servers[n % 2]}{path}", allow_redirects=False, timeout=30)
        assert answer.status_code in (200, 303), answer.status_code
        return (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(max_workers=fans) as pool:
        return list(pool.map(one, range(fans)))


def make_stale() -> None:
    with psycopg.connect(DATABASE_URL.replace("+psycopg", "")) as connection:
        connection.execute(
            "UPDATE artists SET tm_synced_at = now() - interval '8 days',"
            " spotify_synced_at = now() - interval '8 days',"
            " shows_synced_at = now() - interval '2 days'"
        )
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter("theset:fresh:*"):
        connection.delete(key)


def report(title: str, upstream: FakeUpstream, latencies: list[float]) -> None:
    counted = ", ".join(f"{name} {count}" for name, count in calls(upstream).items())
    print(f"  {title}: upstream calls: {counted} (goal: 1 each)")
    print(
        f"    latency: p50 {percentile(latencies, 0.5):.0f} ms, "
        f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms"
    )


def main(fans: int) -> None:
    fresh_database()
    with FakeUpstream() as upstream:
        settings = upstream.environment()
        with gunicorn(2, **settings) as one, gunicorn(2, **settings) as two:
            upstream.calls.clear()
            upstream.requests.clear()
            cold = stampede([one, two], f"/artists/tm/{ARTIST}", fans)
            cold_calls = list(upstream.requests)
            make_stale()
            upstream.requests.clear()
            stale = stampede([one, two], "/artists/saint-alder", fans)
            stale_calls = list(upstream.requests)
    print(f"cache_stampede: {commit_and_date()}")
    print(f"  {fans} fans at once, half on each of 2 gunicorn servers (2 gevent workers each)")
    upstream.requests[:] = cold_calls
    report("cold first selections", upstream, cold)
    upstream.requests[:] = stale_calls
    report("stale artist page views", upstream, stale)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
