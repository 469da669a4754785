"""N concurrent cold views of one artist: how many upstream calls, how long each view waits.

Run: .venv/bin/python bench/cache_stampede.py [N]   (DATABASE_URL / REDIS_URL to use
PostgreSQL + Redis; default the embedded SQLite + in-process Redis). The upstream is
the local fake server in the real APIs' shapes, with its real HTTP round trips.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402

from tests.upstream_server import FakeUpstream  # noqa: E402
from theset import create_app  # noqa: E402
from theset.config import database_url  # noqa: E402
from theset.extensions import db  # noqa: E402
from theset.models import Artist, utcnow  # noqa: E402
from theset.redis_client import get_redis  # noqa: E402
from theset.services.artists import ensure_artist_fresh, import_artist  # noqa: E402
from theset.services.shows import ensure_artist_shows_fresh  # noqa: E402
from theset.upstream import get_upstream  # noqa: E402

ARTIST = "K8vZ91mDDPm"


def main(views: int) -> None:
    instance = tempfile.mkdtemp(prefix="theset-bench-")
    os.environ["THESET_INSTANCE_PATH"] = instance
    with FakeUpstream() as upstream:
        app = create_app(
            {
                **upstream.settings(),
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": database_url(os.environ.get("DATABASE_URL"), instance),
                "REDIS_URL": os.environ.get("REDIS_URL"),
            }
        )
        with app.app_context():
            flask_migrate.upgrade()
            artist_id = import_artist(get_upstream(), ARTIST).id
            db.session.execute(
                db.update(Artist).values(
                    tm_synced_at=utcnow() - timedelta(days=8),
                    shows_synced_at=utcnow() - timedelta(days=2),
                )
            )
            db.session.commit()
            for key in get_redis().scan_iter("theset:fresh:*"):
                get_redis().delete(key)
            get_upstream().spotify.app_token()
        upstream.calls.clear()
        barrier = threading.Barrier(views)
        latencies: list[float] = []

        def view() -> None:
            with app.app_context():
                barrier.wait()
                started = time.perf_counter()
                artist = db.session.get(Artist, artist_id)
                ensure_artist_fresh(get_upstream(), artist)
                ensure_artist_shows_fresh(get_upstream(), artist)
                latencies.append((time.perf_counter() - started) * 1000)

        threads = [threading.Thread(target=view) for _ in range(views)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with app.app_context():
            db.drop_all()
            db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()

    latencies.sort()
    backend = "postgresql+redis" if os.environ.get("DATABASE_URL") else "embedded"
    print(f"cache_stampede: {views} concurrent cold views of one artist ({backend})")
    print(
        f"  upstream calls: ticketmaster={upstream.count('ticketmaster')} "
        f"spotify={upstream.count('spotify')} (goal: 1 per resource: 2 TM, 1 Spotify)"
    )
    print(
        f"  view latency ms: p50={statistics.median(latencies):.1f} "
        f"p95={latencies[int(len(latencies) * 0.95) - 1]:.1f} max={latencies[-1]:.1f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
