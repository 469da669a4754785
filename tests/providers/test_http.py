"""The shared machinery: retries, timeouts, 429s, JSON decoding, rate limiter, call counter."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import fakeredis
import pytest
import redis
import requests
from werkzeug import Response

from theset.providers.counter import daily_call_count, daily_counter_key
from theset.providers.errors import NotFound, ProviderError, RateLimited, Unavailable
from theset.providers.http import ApiClient, parse_retry_after
from theset.providers.rate_limit import RedisRateLimiter

from .fake_upstream import ResettingServer, closed_port, sent, slow


def make_client(sleeps, **options) -> ApiClient:
    return ApiClient(**{"backoff": 0.01, "timeout": (0.5, 0.5), "sleep": sleeps, **options})


def test_returns_the_decoded_object(upstream, sleeps):
    upstream.expect_request("/thing").respond_with_json({"ok": True})
    assert make_client(sleeps).request("GET", upstream.url_for("/thing")) == {"ok": True}
    assert sleeps == []


def test_5xx_is_retried_with_growing_jittered_backoff(upstream, sleeps):
    for _ in range(2):
        upstream.expect_oneshot_request("/thing").respond_with_data("oops", status=502)
    upstream.expect_oneshot_request("/thing").respond_with_json({"ok": True})

    assert make_client(sleeps).request("GET", upstream.url_for("/thing")) == {"ok": True}
    assert len(sent(upstream, "/thing")) == 3
    assert 0.01 <= sleeps[0] <= 0.02
    assert 0.02 <= sleeps[1] <= 0.04


def test_5xx_after_two_retries_is_unavailable(upstream, sleeps):
    upstream.expect_request("/thing").respond_with_data("<html>down</html>", status=503)
    with pytest.raises(Unavailable) as caught:
        make_client(sleeps).request("GET", upstream.url_for("/thing"))
    assert caught.value.status == 503
    assert len(sent(upstream, "/thing")) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_4xx_is_never_retried(upstream, sleeps, status):
    upstream.expect_request("/thing").respond_with_data("plain text reason", status=status)
    with pytest.raises(ProviderError) as caught:
        make_client(sleeps).request("GET", upstream.url_for("/thing"))
    assert caught.value.status == status
    assert "plain text reason" in caught.value.message  # 4xx keeps the text
    assert len(sent(upstream, "/thing")) == 1
    assert sleeps == []


def test_404_maps_to_not_found(upstream, sleeps):
    upstream.expect_request("/thing").respond_with_json({"error": "nope"}, status=404)
    with pytest.raises(NotFound):
        make_client(sleeps).request("GET", upstream.url_for("/thing"))


def test_read_timeout_is_retried_then_unavailable(upstream, sleeps):
    upstream.expect_request("/slow").respond_with_handler(slow(0.5, {"ok": True}))
    client = make_client(sleeps, timeout=(0.5, 0.1))
    with pytest.raises(Unavailable, match="ReadTimeout"):
        client.request("GET", upstream.url_for("/slow"))
    assert len(sleeps) == 2  # two retries, then give up


def test_timeout_then_success(upstream, sleeps):
    upstream.expect_oneshot_request("/slow").respond_with_handler(slow(0.5, {"late": True}))
    upstream.expect_oneshot_request("/slow").respond_with_json({"ok": True})
    client = make_client(sleeps, timeout=(0.5, 0.1))
    assert client.request("GET", upstream.url_for("/slow")) == {"ok": True}


def test_connection_reset_is_retried_then_unavailable(sleeps):
    with ResettingServer() as server:
        with pytest.raises(Unavailable, match="ConnectionError"):
            make_client(sleeps).request("GET", f"{server.url}/thing")
    assert server.connections == 3


def test_connection_refused_is_unavailable_without_leaking_the_query(sleeps):
    url = f"http://127.0.0.1:{closed_port()}/thing?apikey=secret"
    with pytest.raises(Unavailable) as caught:
        make_client(sleeps).request("GET", url)
    assert "secret" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    "body",
    ['{"truncated": ', "<html>not json</html>", "", "[1, 2]", '"a string"'],
)
def test_2xx_without_a_json_object_is_unavailable(upstream, sleeps, body):
    upstream.expect_request("/thing").respond_with_data(body, content_type="application/json")
    with pytest.raises(Unavailable, match="malformed JSON"):
        make_client(sleeps).request("GET", upstream.url_for("/thing"))
    assert len(sent(upstream, "/thing")) == 1  # a bad body is not retried


def test_429_with_short_retry_after_waits_and_retries_once(upstream, sleeps):
    upstream.expect_oneshot_request("/thing").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    upstream.expect_oneshot_request("/thing").respond_with_json({"ok": True})
    assert make_client(sleeps).request("GET", upstream.url_for("/thing")) == {"ok": True}
    assert sleeps == [1.0]


def test_429_twice_is_rate_limited(upstream, sleeps):
    upstream.expect_request("/thing").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    with pytest.raises(RateLimited) as caught:
        make_client(sleeps).request("GET", upstream.url_for("/thing"))
    assert caught.value.retry_after == 1.0
    assert len(sent(upstream, "/thing")) == 2


def test_429_with_long_retry_after_raises_at_once(upstream, sleeps):
    upstream.expect_request("/thing").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "30"}
    )
    with pytest.raises(RateLimited) as caught:
        make_client(sleeps, max_rate_limit_wait=2.0).request("GET", upstream.url_for("/thing"))
    assert caught.value.retry_after == 30.0
    assert sleeps == []
    assert len(sent(upstream, "/thing")) == 1


def test_parse_retry_after():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("-5") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("inf") is None
    in_ten = format_datetime(datetime.now(UTC) + timedelta(seconds=10), usegmt=True)
    assert 8 <= parse_retry_after(in_ten) <= 10


def test_a_given_session_is_the_only_transport(sleeps):
    """Demo mode mounts an adapter on the session: every call must go through it."""

    class Canned(requests.adapters.BaseAdapter):
        def __init__(self):
            super().__init__()
            self.urls = []

        def send(self, request, **kwargs):
            self.urls.append(request.url)
            response = requests.Response()
            response.status_code = 200
            response._content = b'{"canned": true}'
            response.request = request
            response.url = request.url
            return response

        def close(self):
            pass

    adapter = Canned()
    session = requests.Session()
    session.mount("https://upstream.test/", adapter)
    client = make_client(sleeps, session=session)
    assert client.request("GET", "https://upstream.test/x", params={"a": "1"}) == {"canned": True}
    assert adapter.urls == ["https://upstream.test/x?a=1"]


# The rate limiter and the call counter, on every Redis backend.


def redis_down() -> fakeredis.FakeRedis:
    """A client whose every command raises redis.ConnectionError."""
    server = fakeredis.FakeServer()
    server.connected = False
    return fakeredis.FakeRedis(server=server)


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_rate_limiter_waits_for_the_next_window(redis_db):
    clock = FakeClock(1_000_000.25)
    limiter = RedisRateLimiter(redis_db, "theset:ratelimit:test", 2, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    limiter.acquire()
    assert clock.sleeps == []
    limiter.acquire()  # third in the same second: wait for the next one
    assert clock.sleeps == [pytest.approx(0.75)]
    assert int(clock.now) == 1_000_001
    assert 0 < redis_db.ttl("theset:ratelimit:test:1000001") <= 2


def test_rate_limiter_is_shared_between_clients(redis_db):
    clock = FakeClock(2_000_000.5)
    first = RedisRateLimiter(redis_db, "theset:ratelimit:test", 1, clock=clock, sleep=clock.sleep)
    second = RedisRateLimiter(redis_db, "theset:ratelimit:test", 1, clock=clock, sleep=clock.sleep)
    first.acquire()
    second.acquire()
    assert clock.sleeps == [pytest.approx(0.5)]


def test_rate_limiter_does_not_block_when_redis_is_down(caplog):
    down = redis_down()
    limiter = RedisRateLimiter(down, "theset:ratelimit:test", 1, sleep=pytest.fail)
    with caplog.at_level(logging.WARNING, logger="theset.providers"):
        limiter.acquire()
        limiter.acquire()
    assert "not limiting" in caplog.text
    with pytest.raises(redis.ConnectionError):
        down.ping()


def test_calls_are_counted_per_utc_day(upstream, sleeps, redis_db):
    upstream.expect_oneshot_request("/thing").respond_with_data("", status=500)
    upstream.expect_request("/thing").respond_with_json({})
    client = make_client(sleeps, redis=redis_db)
    client.provider = "test"
    client.request("GET", upstream.url_for("/thing"))
    client.request("GET", upstream.url_for("/thing"))

    key = daily_counter_key("test")
    assert key == f"theset:upstream:test:calls:{datetime.now(UTC).date().isoformat()}"
    assert daily_call_count(redis_db, "test") == 3  # a retry is a call too
    assert 2 * 86400 - 10 <= redis_db.ttl(key) <= 2 * 86400
    assert daily_call_count(redis_db, "test", date(2000, 1, 1)) == 0


def test_counting_does_not_fail_calls_when_redis_is_down(upstream, sleeps, caplog):
    upstream.expect_request("/thing").respond_with_handler(lambda r: Response("{}", 200))
    down = redis_down()
    client = make_client(sleeps, redis=down)
    client.rate_limit_key = None
    with caplog.at_level(logging.WARNING, logger="theset.providers"):
        assert client.request("GET", upstream.url_for("/thing")) == {}
    assert "could not count" in caplog.text
