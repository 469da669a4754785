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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402

from tests.stampede import cold_views  # noqa: E402
from tests.upstream_server import FakeUpstream  # noqa: E402
from theset import create_app  # noqa: E402
from theset.config import database_url  # noqa: E402
from theset.extensions import db  # noqa: E402

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
        latencies, errors = cold_views(app, upstream, ARTIST, views)
        assert not errors, errors
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
