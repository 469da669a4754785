"""The TTL policy: freshness keys, single-flight, stale-on-error, Redis outages."""

import threading
import time
from datetime import timedelta

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from theset.cache import (
    ARTIST_DETAILS_TTL,
    SHOWS_TTL,
    USER_ARTISTS_TTL,
    DataUnavailable,
    TTLCache,
    fresh_key,
)
from theset.models import utcnow
from theset.providers.errors import NotFound, Unavailable
from theset.redis_client import connect


@pytest.fixture
def redis(backend):
    client = connect(backend.config["REDIS_URL"])
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def cache(redis):
    return TTLCache(redis, wait=2.0, poll=0.01)


def test_the_policy_is_seven_days_a_day_and_an_hour():
    assert ARTIST_DETAILS_TTL == timedelta(days=7)
    assert SHOWS_TTL == timedelta(hours=24)
    assert USER_ARTISTS_TTL == timedelta(hours=1)


def test_a_refresh_sets_the_key_with_exactly_the_ttl(cache, redis):
    calls = []
    freshness = cache.ensure_fresh("k", SHOWS_TTL, None, lambda: calls.append(1))
    assert freshness.refreshed and not freshness.stale
    assert calls == [1]
    assert redis.ttl("k") == 86400
    assert cache.ensure_fresh("k", SHOWS_TTL, utcnow(), lambda: calls.append(2)).stale is False
    assert calls == [1]


def test_fresh_rows_restore_a_lost_key_without_calling_upstream(cache, redis):
    synced = utcnow() - timedelta(days=2)
    freshness = cache.ensure_fresh("k", ARTIST_DETAILS_TTL, synced, pytest.fail)
    assert not freshness.refreshed and not freshness.stale
    assert 5 * 86400 - 5 <= redis.ttl("k") <= 5 * 86400


def test_upstream_failure_serves_the_last_good_rows_flagged_stale(cache, redis):
    def failing():
        raise Unavailable("ticketmaster", "HTTP 500")

    old = utcnow() - timedelta(days=30)
    assert cache.ensure_fresh("k", ARTIST_DETAILS_TTL, old, failing).stale is True
    assert not redis.exists("k")
    # Within the back-off window upstream is not asked again.
    assert cache.ensure_fresh("k", ARTIST_DETAILS_TTL, old, pytest.fail).stale is True


def test_upstream_failure_with_nothing_stored_is_unavailable(cache):
    def failing():
        raise Unavailable("spotify", "timeout")

    with pytest.raises(DataUnavailable):
        cache.ensure_fresh("k", ARTIST_DETAILS_TTL, None, failing)
    with pytest.raises(DataUnavailable):
        cache.ensure_fresh("k", ARTIST_DETAILS_TTL, None, pytest.fail)


def test_not_found_passes_through(cache):
    def gone():
        raise NotFound("ticketmaster", "DIS1004")

    with pytest.raises(NotFound):
        cache.ensure_fresh("k", SHOWS_TTL, None, gone)


def test_fifty_concurrent_misses_make_one_upstream_call(cache):
    calls = []
    start = threading.Barrier(50)
    results = []

    def slow_refresh():
        calls.append(1)
        time.sleep(0.3)

    def view():
        start.wait()
        results.append(cache.ensure_fresh("k", SHOWS_TTL, None, slow_refresh))

    threads = [threading.Thread(target=view) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(results) == 50
    assert not any(result.stale for result in results)


class _DownRedis:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RedisConnectionError("down")

        return fail


def test_redis_down_falls_back_to_the_tables_stamps():
    cache = TTLCache(_DownRedis())
    assert cache.ensure_fresh("k", SHOWS_TTL, utcnow(), pytest.fail).refreshed is False
    calls = []
    stale = utcnow() - timedelta(days=2)
    assert cache.ensure_fresh("k", SHOWS_TTL, stale, lambda: calls.append(1)).refreshed
    assert calls == [1]


def test_remember_keeps_a_json_value_for_its_ttl(cache, redis):
    calls = []

    def compute():
        calls.append(1)
        return [{"a": 1}]

    assert cache.remember("s", timedelta(seconds=60), compute) == [{"a": 1}]
    assert cache.remember("s", timedelta(seconds=60), compute) == [{"a": 1}]
    assert calls == [1]
    assert 55 <= redis.ttl("s") <= 60


def test_fresh_keys_are_namespaced():
    assert fresh_key("artist", 7) == "theset:fresh:artist:7"
