"""Issue 19's bounds hold on the production stack: gunicorn and a worker on PostgreSQL and
Redis, against the fake upstream."""

import pytest
import requests
from simple_websocket import Client

from theset.extensions import db
from theset.live.slots import SOCKETS_PER_ADDRESS
from theset.models import Artist
from theset.providers.budget import REFRESH

from .conftest import TEST_DATABASE_URL, TEST_REDIS_URL, empty_database
from .support.catalog import ZOE, spend_share, stale_artist
from .support.live import closed_within, ready_setlist
from .support.processes import app_env, gunicorn, rq_worker

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="needs PostgreSQL and Redis shared by gunicorn and the worker",
)


@pytest.fixture
def stack(committed_app, backend, upstream, tmp_path):
    """The base URL of gunicorn, with a worker running, on the fake upstream."""
    if not backend.is_postgres:
        pytest.skip("the embedded backend cannot be shared by several processes")
    env = app_env(committed_app.config["SECRET_KEY"], tmp_path, **upstream.environment())
    try:
        with gunicorn(env) as (url, _server), rq_worker(env):
            yield url
    finally:
        empty_database(committed_app)


def test_sockets_are_bounded_in_size_speech_and_number(stack, committed_app):
    with committed_app.app_context():
        show_id, _songs, _fan = ready_setlist()
    url = stack.replace("http://", "ws://") + f"/ws/shows/{show_id}"
    big, talker = Client.connect(url), Client.connect(url)
    for ws in (big, talker):
        ws.receive(timeout=5)
    try:
        big.send("x" * 1_000_000)
    except (ConnectionError, OSError):
        pass  # closed while still sending
    talker.send("hello")
    assert closed_within(big, 3) and big.close_reason == 1009
    assert closed_within(talker, 3) and talker.close_reason == 1008
    sockets = [Client.connect(url) for _ in range(SOCKETS_PER_ADDRESS)]
    try:
        for ws in sockets:
            assert ws.receive(timeout=5) is not None
        extra = Client.connect(url)
        assert closed_within(extra, 3) and extra.close_reason == 1008
    finally:
        for ws in sockets:
            if ws.connected:
                ws.close()


def test_unknown_ids_cost_a_handful_of_calls_then_429(stack, upstream):
    upstream.calls.clear()
    browser = requests.Session()
    statuses = [
        browser.get(f"{stack}/artists/tm/K8vZ9nope{n:03}", timeout=10).status_code
        for n in range(100)
    ]
    assert set(statuses[:10]) == {404} and set(statuses[10:]) == {429}
    assert upstream.count("ticketmaster") <= 10


def test_a_spent_refresh_share_serves_stored_data_and_search_goes_on(
    stack, committed_app, upstream
):
    assert requests.get(f"{stack}/artists/tm/{ZOE}", timeout=30).status_code == 200
    with committed_app.app_context():
        artist = stale_artist(db.session.scalar(db.select(Artist.id).where(Artist.tm_id == ZOE)))
        spend_share(REFRESH)
    upstream.calls.clear()
    page = requests.get(f"{stack}/artists/{artist.slug}", timeout=30)
    assert page.status_code == 200 and "may be out of date" in page.text
    assert upstream.count("ticketmaster") == 0
    assert requests.get(f"{stack}/search?q=marchetti", timeout=30).status_code == 200
    assert upstream.count("ticketmaster") == 1
