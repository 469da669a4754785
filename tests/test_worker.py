"""The RQ path: a real `python worker.py` against real Redis imports and seeds, and
picks up within seconds a job whose worker was killed."""

import os
import time

import pytest
from rq.job import Job
from sqlalchemy import func, select

from theset.extensions import db
from theset.jobs import is_pending
from theset.models import Setlist, SetlistSong, Show
from theset.redis_client import get_redis
from theset.services.catalog import catalog_job_id
from theset.services.setlists import IMPORT_CATALOG_TASK

from .conftest import empty_database, requires_real_backend
from .support.catalog import first_show_id
from .support.processes import kill_worker, rq_worker, run_worker_burst, wait_until, worker_env


def _song_count(app, show_id: int) -> int | None:
    """How many songs the show's setlist has once it is ready; None while it is not."""
    with app.app_context():
        setlist = db.session.scalar(select(Setlist).where(Setlist.show_id == show_id))
        if setlist is None or setlist.status != "ready":
            return None
        return db.session.scalar(
            select(func.count(SetlistSong.id)).where(SetlistSong.setlist_id == setlist.id)
        )


def test_worker_refuses_to_start_without_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env["THESET_INSTANCE_PATH"] = str(tmp_path)
    result = run_worker_burst(env, timeout=60)
    assert result.returncode == 2
    assert "needs REDIS_URL" in result.stderr


@requires_real_backend
def test_a_real_worker_imports_the_catalog_and_seeds_the_setlist(make_app, backend, tmp_path):
    if not backend.is_postgres:
        pytest.skip("a worker process cannot share the embedded backend")
    app = make_app(THESET_JOBS="rq")
    try:
        client = app.test_client()
        show_id = first_show_id(client)
        assert "Building the setlist" in client.get(f"/shows/{show_id}").text
        client.get(f"/shows/{show_id}")  # a second visitor queues nothing more
        with app.app_context():
            artist_id = db.session.get(Show, show_id).artist_id
            assert is_pending(catalog_job_id(artist_id))
            # Queued by the setlist service by name: the worker imports the task from it.
            job = Job.fetch(catalog_job_id(artist_id), connection=get_redis())
            assert job.func_name == IMPORT_CATALOG_TASK
        result = run_worker_burst(worker_env(tmp_path))
        assert result.returncode == 0, result.stderr[-2000:]
        log = result.stdout + result.stderr
        assert log.count("Job OK") == 1, log[-2000:]
        assert _song_count(app, show_id) == 5
        assert client.get(f"/shows/{show_id}").text.count('class="song"') == 5
    finally:
        empty_database(app)


@requires_real_backend
def test_a_job_whose_worker_was_killed_is_done_within_a_minute_of_a_new_worker(
    upstream_rq_app, upstream, tmp_path
):
    app, env = upstream_rq_app, worker_env(tmp_path, upstream)
    client = app.test_client()
    show_id = first_show_id(client)
    upstream.delays["/tracks"] = 1.0  # each album's tracks come slowly: the import takes a while
    assert "Building the setlist" in client.get(f"/shows/{show_id}").text
    with app.app_context():
        artist_id = db.session.get(Show, show_id).artist_id
        job = Job.fetch(catalog_job_id(artist_id), connection=get_redis())
    with rq_worker(env) as worker:
        wait_until(lambda: job.get_status(refresh=True) == "started", "the job to start", every=0.1)
        wait_until(lambda: upstream.asked("/tracks"), "the import to be under way", every=0.1)
        kill_worker(worker)  # kill -9 mid-import, work horse included
    time.sleep(5)
    with rq_worker(env):
        started = time.monotonic()
        songs = wait_until(lambda: _song_count(app, show_id), "the setlist to heal", timeout=60)
        print(f"healed {time.monotonic() - started:.1f} s after the new worker started")
    assert songs == 5  # seeded once, though the import ran twice
    api = client.get(f"/api/shows/{show_id}/setlist").get_json()
    assert api["status"] == "ready" and len(api["songs"]) == 5
