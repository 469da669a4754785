"""Keep one stored row fresh through the TTL cache, reloading it after a refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from ..cache import Freshness, fresh_key
from ..extensions import db
from ..upstream import Upstream


def keep_fresh(
    upstream: Upstream,
    row,
    kind: str,
    ttl: timedelta,
    synced_at: datetime | None,
    refresh: Callable[[Upstream, int], None],
    *,
    force: bool = False,
) -> Freshness:
    """Run `refresh(upstream, row.id)` when `kind` data of `row` is older than `ttl`."""
    freshness = upstream.cache.ensure_fresh(
        fresh_key(kind, row.id), ttl, synced_at, lambda: refresh(upstream, row.id), force=force
    )
    if freshness.refreshed:
        db.session.refresh(row)
    return freshness
