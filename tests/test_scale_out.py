"""Scale-out: two gunicorn servers and two RQ workers on one PostgreSQL and one Redis.

Fans spread over both servers; the jobs their first visits queue run on either
worker; every vote counts once, and sockets on both servers hear every change.
"""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from rq import Worker
from rq.job import Job
from simple_websocket import Client
from sqlalchemy import func, select

from theset.extensions import db
from theset.models import Artist, SetlistSong, Vote
from theset.redis_client import get_redis
from theset.services.catalog import catalog_job_id

from .conftest import TEST_DATABASE_URL, TEST_REDIS_URL, empty_database
from .support.auth import csrf_token, signed_in_client
from .support.live import receive_until
from .support.processes import app_env, gunicorn, rq_worker, wait_until
from .support.rows import votes_of

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="needs PostgreSQL and Redis shared by several processes",
)

# Demo artists with upcoming shows and at least five studio songs on Spotify.
ARTISTS = ["K8vZ91mDDPm", "K8vZ914msYE", "K8vZ91bFI1B", "K8vZ91Vos6w"]
FANS = 20


@pytest.fixture
def cluster(committed_app, backend, tmp_path):
    """Base URLs of two web servers, with two workers running, all on the test backend."""
    if not backend.is_postgres:
        pytest.skip("the embedded backend cannot be shared by several processes")
    env = app_env(committed_app.config["SECRET_KEY"], tmp_path)
    try:
        with gunicorn(env) as (one, _), gunicorn(env) as (two, _):
            with rq_worker(env), rq_worker(env):
                yield one, two
    finally:
        empty_database(committed_app)


def _first_visits(servers) -> list[int]:
    """Import each artist on one server, then open its first show on both at once."""
    show_ids = []
    for n, tm_id in enumerate(ARTISTS):
        page = requests.get(f"{servers[n % 2]}/artists/tm/{tm_id}", timeout=30)
        assert page.status_code == 200, (tm_id, page.status_code)
        show_id = int(page.text.split('href="/shows/', 1)[1].split('"', 1)[0])
        with ThreadPoolExecutor(8) as pool:
            urls = [f"{server}/shows/{show_id}" for server in servers * 4]
            visits = pool.map(lambda url: requests.get(url, timeout=30), urls)
            assert [visit.status_code for visit in visits] == [200] * 8
        show_ids.append(show_id)
    return show_ids


def _setlist(server: str, show_id: int) -> dict:
    return requests.get(f"{server}/api/shows/{show_id}/setlist", timeout=10).json()


def _signed_in(app, servers) -> list[tuple[requests.Session, str]]:
    """FANS signed-in fans, each a browser session with its CSRF token."""
    fans = []
    for _ in range(FANS):
        browser = requests.Session()
        cookie = signed_in_client(app).get_cookie("session").value
        browser.cookies.set("session", cookie, domain="127.0.0.1", path="/")
        token = csrf_token(browser.get(f"{servers[0]}/", timeout=10).text)
        fans.append((browser, token))
    return fans


def test_votes_jobs_and_live_updates_stay_correct_across_processes(cluster, committed_app):
    servers = cluster
    show_ids = _first_visits(servers)

    # Jobs: each artist's catalog import ran once, on one of the two workers.
    setlists = [
        wait_until(
            lambda s=show_id: (answer := _setlist(servers[1], s))["status"] == "ready" and answer,
            f"the setlist of show {show_id}",
            timeout=60,
        )
        for show_id in show_ids
    ]
    assert [len(setlist["songs"]) for setlist in setlists] == [5] * len(ARTISTS)
    with committed_app.app_context():
        workers = Worker.all(connection=get_redis())
        assert len(workers) == 2
        assert sum(worker.failed_job_count for worker in workers) == 0
        # One run per artist's import job (the workers also run cron jobs: do not count those).
        runs = [
            len(Job.fetch(catalog_job_id(artist_id), connection=get_redis()).results())
            for artist_id in db.session.scalars(select(Artist.id))
        ]
        assert runs == [1] * len(ARTISTS)

    # Live updates: a socket on each server watches the first show.
    show_id, songs = show_ids[0], [song["id"] for song in setlists[0]["songs"]]
    sockets = [
        Client.connect(server.replace("http://", "ws://") + f"/ws/shows/{show_id}")
        for server in servers
    ]
    try:
        for ws in sockets:
            ws.receive(timeout=10)

        # Votes: every fan votes for every song, each vote sent to either server, and
        # the first vote sent twice at once (a double click landing on both servers).
        fans = _signed_in(committed_app, servers)
        ballots = [(fan, song, random.choice(servers)) for fan in fans for song in songs]
        ballots += [(fan, songs[0], server) for fan in fans for server in servers]
        random.shuffle(ballots)

        def cast(ballot):
            (browser, token), song, server = ballot
            answer = browser.post(
                f"{server}/setlist-songs/{song}/vote",
                headers={"X-CSRFToken": token, "Accept": "application/json"},
                timeout=30,
            )
            return answer.status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            assert set(pool.map(cast, ballots)) == {200}

        with committed_app.app_context():
            counters = dict(
                db.session.execute(
                    select(SetlistSong.id, SetlistSong.votes).where(SetlistSong.id.in_(songs))
                ).all()
            )
            rows = dict(
                db.session.execute(
                    select(Vote.setlist_song_id, func.count(Vote.id))
                    .where(Vote.setlist_song_id.in_(songs))
                    .group_by(Vote.setlist_song_id)
                ).all()
            )
        assert counters == rows == {song: FANS for song in songs}

        # Every socket ends up showing every song at its final count.
        for ws in sockets:
            latest: dict[int, int] = {}

            def caught_up(message, latest=latest):
                latest.update(votes_of(message))
                return all(latest.get(song) == FANS for song in songs)

            receive_until(ws, caught_up, timeout=20)
    finally:
        for ws in sockets:
            ws.close()
