"""The RQ path: a real `python worker.py` against real Redis imports and seeds."""

import os

import pytest
from sqlalchemy import func, select

from theset.extensions import db
from theset.jobs import catalog_job_id, is_pending
from theset.models import Setlist, SetlistSong, Show

from .conftest import TEST_DATABASE_URL, TEST_REDIS_URL, empty_database
from .processes import run_worker_burst

ZOE = "K8vZ91mDDPm"


def test_worker_refuses_to_start_without_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env["THESET_INSTANCE_PATH"] = str(tmp_path)
    result = run_worker_burst(env, timeout=60)
    assert result.returncode == 2
    assert "needs REDIS_URL" in result.stderr


@pytest.mark.skipif(not (TEST_DATABASE_URL and TEST_REDIS_URL), reason="needs real Redis")
def test_a_real_worker_imports_the_catalog_and_seeds_the_setlist(make_app, backend, tmp_path):
    if not backend.is_postgres:
        pytest.skip("a worker process cannot share the embedded backend")
    app = make_app(THESET_JOBS="rq")
    try:
        client = app.test_client()
        artist_page = client.get(f"/artists/tm/{ZOE}", follow_redirects=True).text
        show_id = int(artist_page.split('href="/shows/', 1)[1].split('"', 1)[0])
        assert "Building the setlist" in client.get(f"/shows/{show_id}").text
        client.get(f"/shows/{show_id}")  # a second visitor queues nothing more
        with app.app_context():
            artist_id = db.session.get(Show, show_id).artist_id
            assert is_pending(catalog_job_id(artist_id))
        env = {
            **os.environ,
            "DATABASE_URL": TEST_DATABASE_URL,
            "REDIS_URL": TEST_REDIS_URL,
            "THESET_INSTANCE_PATH": str(tmp_path),
        }
        result = run_worker_burst(env)
        assert result.returncode == 0, result.stderr[-2000:]
        log = result.stdout + result.stderr
        assert log.count("Job OK") == 1, log[-2000:]
        with app.app_context():
            setlist = db.session.scalar(select(Setlist).where(Setlist.show_id == show_id))
            assert setlist.status == "ready"
            assert (
                db.session.scalar(
                    select(func.count(SetlistSong.id)).where(SetlistSong.setlist_id == setlist.id)
                )
                == 5
            )
        assert client.get(f"/shows/{show_id}").text.count('class="song"') == 5
    finally:
        empty_database(app)
