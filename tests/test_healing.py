"""Self-healing: a passing upstream fault never leaves an artist or a setlist broken.

Ticketmaster and Spotify are faked over HTTP in the real shapes; the fake fails on
demand. Errors are never stored as facts: once the upstream is back, the same data
flow (a fan's visit, or the scheduled heal job) repairs what the fault left behind.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from rq import SimpleWorker
from sqlalchemy import func, select

from theset.extensions import db
from theset.jobs import inline_runner, tasks
from theset.jobs.rq_runner import queues_for
from theset.models import Artist, User, UserArtist
from theset.redis_client import get_redis
from theset.upstream import get_upstream

from .conftest import empty_database, rolled_back
from .support.auth import signed_in_client, spotify_sign_in, wait_for_shows
from .support.catalog import first_show_id
from .support.concurrency import at_once
from .support.processes import app_env, gunicorn, visitor

ZOE = "K8vZ91mDDPm"  # Ticketmaster links the attraction to Spotify
ZOE_SPOTIFY = "leWmEKBTyvseeBNXhMUnFL"
QUINONES = "K8vZ914msYE"  # matched on Spotify by exact name only
KESTREL = "K8vZ91Iac41"  # no Spotify artist at all
SAINT_ALDER = "K8vZ915DIQ9"
TINY_BACKOFF = (timedelta(milliseconds=1), timedelta(milliseconds=1))


@pytest.fixture
def healing_app(make_app, upstream, monkeypatch):
    """The app on the fake upstream, with retries and back-offs over in a moment."""
    monkeypatch.setattr(inline_runner, "RETRY_INTERVALS", (0.01, 0.01))
    with rolled_back(make_app(**upstream.settings(), RETRY_BACKOFF=TINY_BACKOFF)) as app:
        yield app


def _recover(app, upstream) -> None:
    """The upstream answers again, and our circuit breakers' cool-down is over."""
    upstream.recover()
    with app.app_context():
        for client in (get_upstream().ticketmaster, get_upstream().spotify):
            client.breaker.open_until = 0.0


def _setlist(web, show_id: int) -> dict:
    answer = web.get(f"/api/shows/{show_id}/setlist")
    assert answer.status_code == 200
    return answer.get_json()


@pytest.mark.parametrize("tm_id", [ZOE, QUINONES], ids=["linked", "name-matched"])
def test_spotify_down_at_the_first_import_heals_without_an_operator(healing_app, upstream, tm_id):
    web = healing_app.test_client()
    upstream.fail("spotify", 500)
    show_id = first_show_id(web, tm_id)
    for _ in range(3):  # fans keep opening the show while Spotify is down
        page = web.get(f"/shows/{show_id}")
        assert page.status_code == 200
        setlist = _setlist(web, show_id)
        assert setlist["status"] != "ready", "ready and empty while Spotify is down"
    assert setlist == {"show_id": show_id, "status": "failed", "songs": []}
    assert "Spotify is not answering" in page.text
    assert "every 2s" not in page.text  # it no longer polls every 2 s
    artist = db.session.scalar(select(Artist).where(Artist.tm_id == tm_id))
    assert artist.spotify_match_checked_at is None, "a failed search stored as 'no match'"
    assert artist.catalog_synced_at is None, "a failed import stored as a catalog"
    if tm_id == ZOE:
        assert artist.spotify_id == ZOE_SPOTIFY  # Ticketmaster's link, kept despite Spotify

    _recover(healing_app, upstream)
    if tm_id == ZOE:
        web.get(f"/shows/{show_id}")  # the next fan's visit
    else:
        tasks.heal_setlists_job()  # no visit at all: the schedule heals it
    setlist = _setlist(web, show_id)
    assert setlist["status"] == "ready"
    assert len(setlist["songs"]) == 5
    db.session.expire_all()
    artist = db.session.scalar(select(Artist).where(Artist.tm_id == tm_id))
    assert artist.spotify_id is not None and artist.spotify_synced_at is not None


def test_on_rq_the_last_failed_retry_marks_the_setlist_failed_and_a_visit_heals_it(
    make_app, backend, upstream
):
    if not backend.is_postgres:
        pytest.skip("RQ runs on the real Redis backend")
    settings = {**upstream.settings(), "RETRY_BACKOFF": TINY_BACKOFF}
    app = make_app(**settings, THESET_JOBS="rq", JOB_RETRY_INTERVALS=(0, 0))

    def run_jobs() -> None:
        with app.app_context():
            queues = queues_for(get_redis())
            SimpleWorker(queues, connection=get_redis()).work(burst=True)

    try:
        web = app.test_client()
        upstream.fail("spotify", 500)
        show_id = first_show_id(web, ZOE)
        assert _setlist(web, show_id)["status"] == "building"
        run_jobs()  # the import and both its retries fail
        assert upstream.asked("/v1/artists/", "/albums") + upstream.asked("/api/token") >= 3
        assert _setlist(web, show_id)["status"] == "failed"
        _recover(app, upstream)
        assert _setlist(web, show_id)["status"] == "failed"  # this visit queued the import
        run_jobs()
        setlist = _setlist(web, show_id)
        assert setlist["status"] == "ready" and len(setlist["songs"]) == 5
    finally:
        empty_database(app)


def test_admin_lists_a_failed_import_and_when_it_is_tried_again(healing_app, upstream):
    admin = signed_in_client(healing_app, is_admin=True)
    upstream.fail("spotify", 500)
    admin.get(f"/shows/{first_show_id(admin, ZOE)}")
    page = admin.get("/admin").text
    assert "Failed catalog imports" in page
    assert "Zoé Marchetti</a>: 1 setlist waiting; tried again" in page


def test_spotify_details_missed_at_import_are_fetched_on_the_next_view(healing_app, upstream):
    web = healing_app.test_client()
    upstream.fail("spotify", 503)
    web.get(f"/artists/tm/{ZOE}")
    artist = db.session.scalar(select(Artist).where(Artist.tm_id == ZOE))
    assert artist.spotify_synced_at is None and artist.popularity is None
    _recover(healing_app, upstream)
    page = web.get("/artists/zoe-marchetti")
    assert "may be out of date" not in page.text
    db.session.refresh(artist)
    assert artist.spotify_synced_at is not None and artist.popularity == 61


def test_no_spotify_match_is_a_fact_only_after_spotify_answered(healing_app, upstream):
    web = healing_app.test_client()
    upstream.fail("spotify", "timeout")
    show_id = first_show_id(web, KESTREL)
    assert _setlist(web, show_id)["status"] == "failed"
    assert "could not find" not in web.get(f"/shows/{show_id}").text
    _recover(healing_app, upstream)
    page = web.get(f"/shows/{show_id}")
    assert "We could not find Kestrel" in page.text
    assert _setlist(web, show_id) == {"show_id": show_id, "status": "ready", "songs": []}


def test_the_api_lists_an_artists_shows_right_after_selection(healing_app):
    web = healing_app.test_client()
    assert web.get(f"/artists/tm/{ZOE}").status_code == 303
    shows = web.get("/api/artists/zoe-marchetti").get_json()["shows"]
    assert len(shows) >= 3


def test_concurrent_cold_selections_make_one_attraction_call(make_app, upstream):
    app = make_app(**upstream.settings())
    try:
        choose = lambda: app.test_client().get(f"/artists/tm/{SAINT_ALDER}").status_code  # noqa: E731
        assert at_once(*[choose] * 30) == [303] * 30
        assert upstream.asked(f"/attractions/{SAINT_ALDER}") == 1
        assert upstream.asked("/events") <= 1
        with app.app_context():
            assert db.session.scalar(select(func.count(Artist.id))) == 1
    finally:
        empty_database(app)


def test_concurrent_cold_selections_on_two_servers_make_one_attraction_call(
    committed_app, backend, upstream, tmp_path
):
    if not backend.is_postgres:
        pytest.skip("the embedded backend cannot be shared by several processes")
    env = app_env(committed_app.config["SECRET_KEY"], tmp_path, **upstream.environment())
    try:
        with gunicorn(env) as (one, _), gunicorn(env) as (two, _):
            upstream.calls.clear()
            upstream.requests.clear()
            servers = [one, two] * 15
            with ThreadPoolExecutor(max_workers=30) as pool:
                answers = list(
                    pool.map(
                        lambda n: (
                            visitor(n)
                            .get(
                                f"{servers[n]}/artists/tm/{SAINT_ALDER}",
                                allow_redirects=False,
                                timeout=30,
                            )
                            .status_code
                        ),
                        range(len(servers)),
                    )
                )
        assert answers == [303] * 30
        assert upstream.asked(f"/attractions/{SAINT_ALDER}") == 1
        assert upstream.asked("/events") <= 1
    finally:
        empty_database(committed_app)


def _one_zoe(app) -> Artist:
    """The single row of Zoé Marchetti, linked to both sources and to the fan."""
    with app.app_context():
        rows = db.session.scalars(
            select(Artist).where((Artist.tm_id == ZOE) | (Artist.spotify_id == ZOE_SPOTIFY))
        ).all()
        assert [(row.tm_id, row.spotify_id) for row in rows] == [(ZOE, ZOE_SPOTIFY)]
        links = db.session.scalars(
            select(UserArtist.artist_id)
            .join(User, User.id == UserArtist.user_id)
            .where(User.spotify_id == "demo_mara")
        ).all()
        assert rows[0].id in links
        return rows[0]


def test_signing_in_then_selecting_from_search_gives_one_artist(fan_app, upstream):
    fan = fan_app.test_client()
    upstream.fail("ticketmaster", 503)  # the dashboard cannot link the fan's artists yet
    spotify_sign_in(fan, upstream)
    assert fan.get("/dashboard").status_code == 200
    wait_for_shows(fan_app)
    _recover(fan_app, upstream)
    assert fan_app.test_client().get(f"/artists/tm/{ZOE}").status_code == 303
    _one_zoe(fan_app)


def test_selecting_from_search_then_signing_in_gives_one_artist(fan_app, upstream):
    upstream.fail("spotify", 500)  # imported without Spotify details
    assert fan_app.test_client().get(f"/artists/tm/{ZOE}").status_code == 303
    _recover(fan_app, upstream)
    fan = fan_app.test_client()
    spotify_sign_in(fan, upstream)
    assert fan.get("/dashboard").status_code == 200
    wait_for_shows(fan_app)
    _one_zoe(fan_app)


def test_sign_in_racing_search_gives_no_500_and_one_artist(fan_app, upstream):
    fan, searcher = fan_app.test_client(), fan_app.test_client()

    def sign_in():
        spotify_sign_in(fan, upstream)
        return fan.get("/dashboard").status_code

    statuses = at_once(sign_in, lambda: searcher.get(f"/artists/tm/{ZOE}").status_code)
    wait_for_shows(fan_app)
    assert statuses == [200, 303]
    assert searcher.get(f"/artists/tm/{ZOE}").status_code == 303
    _one_zoe(fan_app)
