"""Fault injection: every page, with Ticketmaster and Spotify failing every way they fail.

The fake upstream answers 500, 503, 429 with Retry-After, too slowly (timeout),
with a reset connection, or with JSON cut short. Pages with data we stored show
it with a notice that it may be out of date; pages with nothing to show explain
why with a 4xx/5xx that is never a 500.
"""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from theset.extensions import db
from theset.models import Artist, Show, User, utcnow
from theset.redis_client import get_redis
from theset.upstream import get_upstream

from .conftest import rolled_back
from .support.auth import spotify_sign_in
from .support.upstream_server import FAULTS, SLOW_ANSWER

ZOE = "K8vZ91mDDPm"
NEVER_IMPORTED = "K8vZ915DIQ9"  # Saint Alder: in the catalog, never imported here
STALE = "may be out of date"
ALL_FAULTS = [500, 503, *FAULTS]


@pytest.fixture
def faulty_app(make_app, upstream):
    settings = upstream.settings()
    # The "timeout" fault answers after SLOW_ANSWER s: give up well before that.
    settings["UPSTREAM_OPTIONS"] = {"backoff": 0.001, "timeout": (0.5, SLOW_ANSWER / 2)}
    with rolled_back(make_app(**settings)) as app:
        yield app


def _visit_everything_while_healthy(web, upstream) -> int:
    """Import an artist, open a show (its setlist is seeded), fill a fan's dashboard."""
    artist_page = web.get(f"/artists/tm/{ZOE}", follow_redirects=True)
    assert artist_page.status_code == 200
    show_id = int(artist_page.text.split('href="/shows/', 1)[1].split('"', 1)[0])
    assert web.get(f"/shows/{show_id}").text.count('class="song"') == 5
    spotify_sign_in(web, upstream)
    assert "Zoé Marchetti" in web.get("/dashboard").text
    return show_id


def _make_everything_stale() -> None:
    """Stored rows older than every TTL, and no TTL keys or cached answers in Redis."""
    long_ago = utcnow() - timedelta(days=30)
    db.session.execute(
        update(Artist).values(
            tm_synced_at=long_ago,
            spotify_synced_at=long_ago,
            shows_synced_at=long_ago,
            catalog_synced_at=long_ago,
        )
    )
    db.session.execute(update(Show).values(tm_synced_at=long_ago))
    db.session.execute(update(User).values(artists_synced_at=long_ago))
    db.session.commit()
    get_redis().flushdb()


def _close_circuits() -> None:
    """Let the next call through, so each page meets the fault itself (not an open circuit)."""
    upstream = get_upstream()
    upstream.ticketmaster.breaker.succeeded()
    upstream.spotify.breaker.succeeded()


def _pages(show_id: int) -> list[tuple[str, set[int], str | None]]:
    """(path, acceptable statuses, text the answer must hold) for every page."""
    return [
        ("/", {200}, "Popular artists"),
        ("/artists", {200}, "Zoé Marchetti"),
        ("/artists/zoe-marchetti", {200}, STALE),
        (f"/shows/{show_id}", {200}, STALE),
        ("/dashboard", {200}, STALE),
        (f"/embed/shows/{show_id}", {200}, 'class="song"'),
        (f"/oembed?url=http://localhost/shows/{show_id}&format=json", {200}, "iframe"),
        (f"/artists/tm/{ZOE}", {303}, None),  # imported already: no call needed
        (f"/artists/tm/{NEVER_IMPORTED}", {502, 503}, "Ticketmaster"),
        ("/search?q=marchetti", {502, 503}, "Ticketmaster"),
        ("/api/search?q=marchetti", {502, 503}, '"error"'),
        ("/api/artists/zoe-marchetti", {200}, '"shows"'),
        (f"/api/shows/{show_id}", {200}, '"venue"'),
        (f"/api/shows/{show_id}/setlist", {200}, '"ready"'),
        ("/admin", {403}, None),
        ("/healthz", {200}, '"ok"'),
    ]


@pytest.mark.parametrize("fault", ALL_FAULTS)
def test_no_page_fails_with_a_500_whatever_the_upstreams_do(faulty_app, upstream, fault, caplog):
    caplog.set_level(logging.INFO)  # what production logs
    web = faulty_app.test_client()
    show_id = _visit_everything_while_healthy(web, upstream)
    _make_everything_stale()
    upstream.fail("ticketmaster", fault)
    upstream.fail("spotify", fault)
    called_before = upstream.count("ticketmaster") + upstream.count("spotify")
    answers = {}
    for path, statuses, text in _pages(show_id):
        _close_circuits()
        for fragment in (False, True):
            response = web.get(path, headers={"HX-Request": "true"} if fragment else {})
            answers[path, fragment] = response.status_code
            assert not _secrets_in(response.text, faulty_app), path
            assert response.status_code in statuses, (path, fragment, response.status_code)
            if text and not (fragment and response.status_code >= 400):
                assert text in response.text, (path, fragment)
    assert 500 not in answers.values()
    assert not _secrets_in(caplog.text, faulty_app)
    # The faults were really met: the stale pages asked both upstreams again.
    assert upstream.count("ticketmaster") + upstream.count("spotify") > called_before


def _secrets_in(text: str, app) -> list[str]:
    """Which credentials (API key, client secret, a fan's tokens, SECRET_KEY) `text` holds."""
    secrets = [
        app.config["TICKETMASTER_API_KEY"],
        app.config["SPOTIFY_CLIENT_SECRET"],
        app.config["SECRET_KEY"],
        "demo-user-token:",
        "demo-user-refresh:",
    ]
    return [secret for secret in secrets if secret in text]


@pytest.mark.parametrize("fault", ["timeout", "reset"])
def test_an_open_circuit_stops_calling_a_failing_upstream(faulty_app, upstream, fault):
    web = faulty_app.test_client()
    _visit_everything_while_healthy(web, upstream)
    upstream.fail("ticketmaster", fault)
    upstream.fail("spotify", fault)
    for _ in range(3):  # each view fails after its retries: the circuit opens
        _make_everything_stale()
        assert STALE in web.get("/artists/zoe-marchetti").text
    calls = upstream.count("ticketmaster") + upstream.count("spotify")
    for _ in range(5):
        _make_everything_stale()
        page = web.get("/artists/zoe-marchetti")
        assert page.status_code == 200 and STALE in page.text
    assert upstream.count("ticketmaster") + upstream.count("spotify") == calls


def test_pages_are_fresh_again_once_the_upstreams_recover(faulty_app, upstream):
    """After the failure back-off, the next view refreshes the stored data."""
    web = faulty_app.test_client()
    _visit_everything_while_healthy(web, upstream)
    _make_everything_stale()
    upstream.fail("ticketmaster", "malformed")
    upstream.fail("spotify", "malformed")
    assert STALE in web.get("/artists/zoe-marchetti").text
    upstream.recover()
    _close_circuits()
    for key in get_redis().scan_iter("theset:fresh:*:failed"):  # the 30 s back-off is over
        get_redis().delete(key)
    page = web.get("/artists/zoe-marchetti")
    assert page.status_code == 200 and STALE not in page.text
    with faulty_app.app_context():
        synced = db.session.scalar(select(Artist.shows_synced_at).filter_by(slug="zoe-marchetti"))
        assert synced > utcnow() - timedelta(minutes=1)
