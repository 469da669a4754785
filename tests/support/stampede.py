"""Many visitors opening one artist whose stored data just went stale, all at once.

For tests/test_imports.py, which counts the upstream calls they cost (bench/cache_stampede.py
measures the same over HTTP).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from theset.extensions import db
from theset.models import Artist, utcnow
from theset.redis_client import get_redis
from theset.services.artists import ensure_artist_fresh, import_artist
from theset.services.shows import ensure_artist_shows_fresh
from theset.upstream import get_upstream

from .upstream_server import FakeUpstream


def cold_views(app, upstream: FakeUpstream, tm_id: str, views: int):
    """Import the artist, let its details and shows go stale, then have `views` threads
    view it at the same moment. The upstream's counts start at zero before the views.
    Returns each view's latency in ms and the errors raised."""
    with app.app_context():
        artist_id = import_artist(get_upstream(), tm_id).id
        db.session.execute(
            db.update(Artist).values(
                tm_synced_at=utcnow() - timedelta(days=8),
                spotify_synced_at=utcnow() - timedelta(days=8),
                shows_synced_at=utcnow() - timedelta(days=2),
            )
        )
        db.session.commit()
        for key in get_redis().scan_iter("theset:fresh:*"):
            get_redis().delete(key)
        get_upstream().spotify.app_token()  # the shared app token is not a resource
    upstream.calls.clear()
    barrier = threading.Barrier(views)
    latencies: list[float] = []
    errors: list[Exception] = []

    def view() -> None:
        with app.app_context():
            try:
                barrier.wait()
                started = time.perf_counter()
                artist = db.session.get(Artist, artist_id)
                ensure_artist_fresh(get_upstream(), artist)
                ensure_artist_shows_fresh(get_upstream(), artist)
                latencies.append((time.perf_counter() - started) * 1000)
            except Exception as error:  # collected for the caller
                errors.append(error)

    threads = [threading.Thread(target=view) for _ in range(views)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors
