"""The seed's TTL policy in one place: what is fresh, who refreshes, what happens on failure.

The tables hold the data and a freshness stamp per source (the durable cache).
Redis keys with exactly the policy's TTLs say what is fresh, so `TTL key` shows
the policy. A refresh is single-flight: one caller takes a Redis lock and calls
upstream while the others wait briefly for its result. When upstream fails the
last good rows are served, flagged stale; with no rows at all the caller gets
`DataUnavailable`. A failure is remembered for a short while so that a failing
upstream is not called on every view; the wait grows with each failure in a
row (`Backoff`). An id upstream does not know is remembered for a while too.

policy.py holds the TTLs and waits, ttl.py the single-flight refresh (`TTLCache`),
backoff.py the waits after failures.
"""

from .backoff import Backoff
from .policy import (
    ARTIST_DETAILS_TTL,
    RETRY_CAP,
    RETRY_FIRST,
    SEARCH_TTL,
    SHOWS_TTL,
    USER_ARTISTS_TTL,
    fresh_key,
)
from .ttl import DataUnavailable, Freshness, TTLCache

__all__ = [
    "ARTIST_DETAILS_TTL",
    "RETRY_CAP",
    "RETRY_FIRST",
    "SEARCH_TTL",
    "SHOWS_TTL",
    "USER_ARTISTS_TTL",
    "Backoff",
    "DataUnavailable",
    "Freshness",
    "TTLCache",
    "fresh_key",
]
