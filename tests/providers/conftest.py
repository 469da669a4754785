"""Fixtures for the provider clients: a fake upstream server, Redis backends, fast clients."""

from __future__ import annotations

import os

import fakeredis
import pytest
import redis

from theset.providers.setlistfm import SetlistFmClient
from theset.providers.spotify import SpotifyClient
from theset.providers.ticketmaster import TicketmasterClient

from ..support.http_fake import http_fake
from .fake_upstream import SETLISTFM_KEY, SPOTIFY_ID, SPOTIFY_SECRET, TM_KEY

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
REDIS_BACKENDS = ["fakeredis"] + (["redis"] if TEST_REDIS_URL else [])

# Tiny timings so retries and timeouts cost milliseconds, not seconds.
FAST = {"backoff": 0.001, "timeout": (0.5, 0.5)}


@pytest.fixture(scope="session")
def _upstream_server():
    with http_fake() as server:
        yield server


@pytest.fixture
def upstream(_upstream_server):
    """The fake upstream: register handlers on it, read what the client sent from `.log`."""
    _upstream_server.clear()
    yield _upstream_server
    _upstream_server.check_assertions()  # fails on requests no handler expected
    _upstream_server.clear()


@pytest.fixture(params=REDIS_BACKENDS)
def redis_db(request):
    """fakeredis, and also a real Redis when TEST_REDIS_URL is set."""
    if request.param == "fakeredis":
        yield fakeredis.FakeRedis()
        return
    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


class Sleeps(list):
    """A stand-in for time.sleep that records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_tm(upstream, sleeps):
    """Build a TicketmasterClient pointed at the fake upstream."""

    def build(**options) -> TicketmasterClient:
        options = {**FAST, "sleep": sleeps, **options}
        return TicketmasterClient(TM_KEY, base_url=upstream.url_for("/discovery/v2"), **options)

    return build


@pytest.fixture
def tm(make_tm) -> TicketmasterClient:
    return make_tm()


@pytest.fixture
def make_spotify(upstream, sleeps):
    """Build a SpotifyClient pointed at the fake upstream (API under /v1, accounts under /)."""

    def build(**options) -> SpotifyClient:
        options = {**FAST, "sleep": sleeps, **options}
        return SpotifyClient(
            SPOTIFY_ID,
            SPOTIFY_SECRET,
            api_base=upstream.url_for("/v1"),
            accounts_base=upstream.url_for("/").rstrip("/"),
            **options,
        )

    return build


@pytest.fixture
def spotify(make_spotify) -> SpotifyClient:
    return make_spotify()


@pytest.fixture
def make_setlistfm(upstream, sleeps):
    """Build a SetlistFmClient pointed at the fake upstream (under /rest/1.0)."""

    def build(**options) -> SetlistFmClient:
        options = {**FAST, "sleep": sleeps, **options}
        return SetlistFmClient(SETLISTFM_KEY, base_url=upstream.url_for("/rest/1.0"), **options)

    return build


@pytest.fixture
def setlistfm(make_setlistfm) -> SetlistFmClient:
    return make_setlistfm()
