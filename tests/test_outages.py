"""Backing services down: pages degrade with an explanation, votes still count."""

import shutil

import pytest
import redis
from simple_websocket import Client, ConnectionClosed

from theset.extensions import db

from .conftest import empty_database, rolled_back
from .factories import make_setlist, make_show, make_user
from .support.auth import signed_in_client
from .support.live import LiveServer, ready_setlist, receive_until
from .support.processes import PrivateRedis, wait_until
from .support.rows import votes_of

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def no_redis(make_app):
    app = make_app(REDIS_URL=DEAD_REDIS, RATELIMIT_STORAGE_URI="memory://")
    with rolled_back(app) as app:
        yield app


def test_pages_render_from_the_database_without_redis(no_redis):
    client = no_redis.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/artists/tm/K8vZ91mDDPm").status_code == 303
    page = client.get("/artists/zoe-marchetti")
    assert page.status_code == 200 and page.text.count('class="show-row"') == 5
    assert client.get("/search?q=marchetti").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["redis"].startswith("error")


def test_votes_still_commit_without_redis(no_redis):
    song = make_setlist(make_show(), songs=1)[0]
    db.session.commit()
    client = signed_in_client(no_redis)
    response = client.post(f"/setlist-songs/{song.id}/vote", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["votes"] == 1


def test_database_down_is_a_503_page(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    client = app.test_client()
    for path in ("/", "/artists", "/shows/1"):
        response = client.get(path)
        assert response.status_code == 503
        assert "database is unavailable" in response.text
    api = client.get("/api/shows/1", headers={"Accept": "application/json"})
    assert api.status_code == 503 and api.json["error"]["status"] == 503


def test_a_socket_opened_while_the_database_is_down_is_closed_to_retry_later(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with LiveServer(app) as server:
        ws = Client.connect(server.url.replace("http://", "ws://") + "/ws/shows/1")
        # The handshake is done: an HTTP error page written now would corrupt the stream
        # (the client reads it as frames: 1002). A close frame says "try again later", and
        # htmx's ws extension reconnects on it.
        with pytest.raises(ConnectionClosed) as closed:
            ws.receive(timeout=5)
    assert closed.value.reason == 1013


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_live_updates_resume_when_redis_is_back(make_app):
    private = PrivateRedis()
    private.start()
    app = make_app(REDIS_URL=private.url)
    with app.app_context():
        show_id, songs, fan_id = ready_setlist(songs=1)
        others = [make_user().id for _ in range(2)]
        db.session.commit()
    song = songs[0]
    sockets = []
    try:
        with LiveServer(app) as server:
            url = server.url.replace("http://", "ws://") + f"/ws/shows/{show_id}"
            ws = Client.connect(url)
            sockets.append(ws)
            ws.receive(timeout=5)
            vote = f"/setlist-songs/{song}/vote"
            assert signed_in_client(app, fan_id).post(vote).status_code == 303
            receive_until(ws, lambda m: votes_of(m).get(song) == 1)
            sockets.append(Client.connect(url))  # its first message is kept for the next ones
            assert votes_of(sockets[-1].receive(timeout=5))[song] == 1

            private.stop()
            assert signed_in_client(app, others[0]).post(vote).status_code == 303  # counted

            private.start()
            # The relay reconnects on its own within seconds of Redis coming back.
            watching = redis.Redis.from_url(private.url)
            wait_until(
                lambda: watching.execute_command("PUBSUB", "NUMPAT") >= 1,
                "the live relay to resubscribe",
                timeout=15,
                every=0.1,
            )
            # The vote made while Redis was down was never heard: nothing kept from before.
            sockets.append(Client.connect(url))
            assert votes_of(sockets[-1].receive(timeout=5))[song] == 2
            assert signed_in_client(app, others[1]).post(vote).status_code == 303
            receive_until(ws, lambda m: votes_of(m).get(song) == 3)
    finally:
        for socket in sockets:
            if socket.connected:
                socket.close()
        private.stop()
        empty_database(app)
