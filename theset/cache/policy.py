"""The TTLs and waits of the cache policy, and the keys that mark data fresh."""

from __future__ import annotations

from datetime import timedelta

ARTIST_DETAILS_TTL = timedelta(days=7)
SHOWS_TTL = timedelta(hours=24)
USER_ARTISTS_TTL = timedelta(hours=1)
SEARCH_TTL = timedelta(seconds=60)
# After failed refreshes, serve the last good data without asking upstream again for
# 30 s, then 1 min, 2 min, … at most an hour: soon after a blip, rarely during an outage.
RETRY_FIRST = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
# An id upstream answered "not found" for is not asked about again for this long.
MISSING_TTL = timedelta(minutes=10)
LOCK_TIMEOUT = timedelta(seconds=30)


def fresh_key(kind: str, ident: object) -> str:
    """The Redis key that marks `kind` data of `ident` as fresh."""
    return f"theset:fresh:{kind}:{ident}"


def milliseconds(delta: timedelta) -> int:
    """`delta` in whole milliseconds, as Redis's PX takes it."""
    return int(delta.total_seconds() * 1000)
