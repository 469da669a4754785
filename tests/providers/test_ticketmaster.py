"""TicketmasterClient against a fake Discovery API serving the recorded bodies."""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime
from datetime import time as time_of_day

import pytest

from theset.providers.counter import daily_call_count
from theset.providers.errors import NotFound, RateLimited, Unavailable, UpstreamConfigError
from theset.providers.ticketmaster.objects import (
    parse_attraction,
    parse_event,
    parse_venue,
    spotify_id_from_url,
)

from .fake_upstream import (
    TM_KEY,
    json_response,
    sent,
    tm_event_pager,
    tm_fault,
    tm_sample,
)

BASE = "/discovery/v2"


# Searching artists.


def test_search_attractions_sends_the_documented_query(upstream, tm):
    upstream.expect_request(f"{BASE}/attractions.json").respond_with_json(
        tm_sample("attraction_search.json")
    )
    found = tm.search_attractions("John Maus")

    (request,) = sent(upstream, f"{BASE}/attractions.json")
    assert request.args.to_dict() == {
        "apikey": TM_KEY,
        "keyword": "John Maus",
        "classificationName": "music",
        "size": "20",
        "sort": "relevance,desc",
    }
    assert [a.id for a in found] == ["K8vZ917Cfh0", "K8vZ9171ulV", "K8vZ91750H7"]
    maus = found[0]
    assert maus.name == "John Maus"
    assert maus.url == "https://www.ticketmaster.com/john-maus-tickets/artist/1581059"
    assert maus.spotify_id == "4R073T3AVJKqAsbzLmLW9u"  # the ?autoplay=true query is ignored
    assert maus.musicbrainz_id == "4c48078c-af4e-4ca3-9838-5841d91826e1"  # setlist.fm's key
    assert maus.genres == ("Alternative", "Indie Rock")
    assert maus.upcoming_events == 2
    assert maus.image_url.endswith("_RETINA_PORTRAIT_16_9.jpg")  # widest 16:9


def test_search_attractions_drops_artists_without_upcoming_events(upstream, tm):
    body = tm_sample("attraction_search.json")
    attractions = body["_embedded"]["attractions"]
    attractions[0]["upcomingEvents"] = {"_total": 0, "_filtered": 0}
    del attractions[1]["upcomingEvents"]
    upstream.expect_request(f"{BASE}/attractions.json").respond_with_json(body)
    assert [a.id for a in tm.search_attractions("x")] == ["K8vZ91750H7"]


def test_search_attractions_caps_the_page_size(upstream, tm):
    upstream.expect_request(f"{BASE}/attractions.json").respond_with_json(
        tm_sample("attraction_search.json")
    )
    tm.search_attractions("x", size=500)
    assert sent(upstream, f"{BASE}/attractions.json")[0].args["size"] == "199"


def test_empty_results_have_no_embedded(upstream, tm):
    empty = tm_sample("event_search_empty.json")
    assert "_embedded" not in empty
    upstream.expect_request(f"{BASE}/attractions.json").respond_with_json(empty)
    upstream.expect_request(f"{BASE}/events.json").respond_with_json(empty)
    assert tm.search_attractions("nobody") == []
    assert tm.upcoming_events("K8vZ917Cfh0") == []
    assert len(sent(upstream, f"{BASE}/events.json")) == 1


def test_get_attraction(upstream, tm):
    upstream.expect_request(f"{BASE}/attractions/K8vZ917Cfh0.json").respond_with_json(
        tm_sample("attraction_detail.json")
    )
    attraction = tm.get_attraction("K8vZ917Cfh0")
    assert attraction.spotify_id == "4R073T3AVJKqAsbzLmLW9u"
    assert sent(upstream, f"{BASE}/attractions/K8vZ917Cfh0.json")[0].args["apikey"] == TM_KEY


def test_old_attraction_without_links_or_genres(upstream, tm):
    upstream.expect_request(f"{BASE}/attractions/K8vZ917Kew0.json").respond_with_json(
        tm_sample("attraction_detail_2016_recorded.json")
    )
    attraction = tm.get_attraction("K8vZ917Kew0")
    assert attraction.spotify_id is None
    assert attraction.genres == ()  # "Undefined" is not a genre
    assert attraction.upcoming_events == 0
    # 16:9 wins over a wider 3:2 image.
    assert attraction.image_url.endswith("_EVENT_DETAIL_PAGE_16_9.jpg")


def test_unknown_id_is_not_found(upstream, tm):
    upstream.expect_request(f"{BASE}/attractions/unknown.json").respond_with_json(
        tm_sample("error_not_found.json"), status=404
    )
    with pytest.raises(NotFound, match="DIS1004"):
        tm.get_attraction("unknown")
    assert len(sent(upstream, f"{BASE}/attractions/unknown.json")) == 1


def test_ids_cannot_change_the_path(upstream, tm):
    upstream.expect_request(f"{BASE}/events/a/../b.json").respond_with_json(
        tm_sample("event_detail.json")
    )
    tm.get_event("a/../b")
    (request,) = sent(upstream, f"{BASE}/events/a/../b.json")  # as decoded by the server
    assert request.environ["REQUEST_URI"].startswith(f"{BASE}/events/a%2F..%2Fb.json?")


# Errors.


def test_invalid_key_is_a_loud_config_error_without_the_key(upstream, tm, caplog):
    upstream.expect_request(f"{BASE}/attractions.json").respond_with_json(
        tm_sample("error_invalid_key.json"), status=401
    )
    with caplog.at_level(logging.ERROR, logger="theset.providers"):
        with pytest.raises(UpstreamConfigError, match="oauth.v2.InvalidApiKey"):
            tm.search_attractions("x")
    assert [r.levelno for r in caplog.records if r.name == "theset.providers"] == [logging.ERROR]
    assert TM_KEY not in caplog.text
    assert len(sent(upstream, f"{BASE}/attractions.json")) == 1


def test_quota_429_waits_for_a_near_rate_limit_reset_then_succeeds(upstream, tm, sleeps):
    reset_ms = int((time.time() + 1.0) * 1000)
    upstream.expect_oneshot_request(f"{BASE}/events/x.json").respond_with_response(
        json_response(
            tm_sample("error_rate_limit.json"),
            429,
            {"Rate-Limit-Reset": str(reset_ms), "Rate-Limit-Available": "0"},
        )
    )
    upstream.expect_oneshot_request(f"{BASE}/events/x.json").respond_with_json(
        tm_sample("event_detail.json")
    )
    assert tm.get_event("x").id == "Z698xZQpZaa4-"
    assert len(sleeps) == 1 and 0.5 < sleeps[0] <= 1.0  # epoch milliseconds, not seconds


def test_quota_429_with_a_distant_reset_raises_without_leaking_the_key(upstream, tm, sleeps):
    body = tm_fault(
        "policies.ratelimit.QuotaViolation",
        f"Rate limit quota violation. Quota limit  exceeded. Identifier : {TM_KEY}",
    )
    reset_ms = int((time.time() + 3600) * 1000)
    upstream.expect_request(f"{BASE}/events/x.json").respond_with_response(
        json_response(body, 429, {"Rate-Limit-Reset": str(reset_ms)})
    )
    with pytest.raises(RateLimited) as caught:
        tm.get_event("x")
    assert 3590 < caught.value.retry_after <= 3600
    assert "QuotaViolation" in str(caught.value)
    assert TM_KEY not in str(caught.value)
    assert sleeps == []


def test_spike_arrest_waits_a_second_not_until_the_daily_reset(upstream, tm, sleeps):
    reset_ms = int((time.time() + 8 * 3600) * 1000)  # the daily quota's reset, irrelevant here
    upstream.expect_oneshot_request(f"{BASE}/events/x.json").respond_with_response(
        json_response(
            tm_fault("policies.ratelimit.SpikeArrestViolation", "Spike arrest violation"),
            429,
            {"Rate-Limit-Reset": str(reset_ms)},
        )
    )
    upstream.expect_oneshot_request(f"{BASE}/events/x.json").respond_with_json(
        tm_sample("event_detail.json")
    )
    tm.get_event("x")
    assert sleeps == [1.0]


def test_500_then_success(upstream, tm, sleeps):
    upstream.expect_oneshot_request(f"{BASE}/venues/v.json").respond_with_data(
        "<html>Internal Server Error</html>", status=500, content_type="text/html"
    )
    upstream.expect_oneshot_request(f"{BASE}/venues/v.json").respond_with_json(
        tm_sample("venue_detail.json")
    )
    assert tm.get_venue("v").name == "Shea's Performing Arts Center"
    assert len(sleeps) == 1


def test_malformed_json_is_unavailable(upstream, tm):
    upstream.expect_request(f"{BASE}/venues/v.json").respond_with_data(
        '{"name": "Shea', content_type="application/hal+json"
    )
    with pytest.raises(Unavailable):
        tm.get_venue("v")


# Events and paging.


def test_upcoming_events_follows_three_pages(upstream, tm):
    upstream.expect_request(f"{BASE}/events.json").respond_with_handler(tm_event_pager(5))
    events = tm.upcoming_events("K8vZ9171ulV", page_size=2)

    assert [e.id for e in events] == [f"ev-{i}" for i in range(5)]
    requests = sent(upstream, f"{BASE}/events.json")
    assert [r.args.to_dict() for r in requests] == [
        {
            "apikey": TM_KEY,
            "attractionId": "K8vZ9171ulV",
            "sort": "date,asc",
            "size": "2",
            "page": str(page),
        }
        for page in range(3)
    ]


def test_upcoming_events_never_pages_past_the_1000_item_window(upstream, make_tm):
    tm = make_tm(timeout=(1, 5))  # 199-event pages take a moment to build
    upstream.expect_request(f"{BASE}/events.json").respond_with_handler(tm_event_pager(5000))
    events = tm.upcoming_events("K8vZ9171ulV", limit=5000)

    pages = [
        (int(r.args["page"]), int(r.args["size"])) for r in sent(upstream, f"{BASE}/events.json")
    ]
    assert pages == [(page, 199) for page in range(6)]  # 5 * 199 = 995 < 1000 <= 6 * 199
    assert len(events) == 6 * 199


def test_upcoming_events_stops_at_the_limit(upstream, tm):
    upstream.expect_request(f"{BASE}/events.json").respond_with_handler(tm_event_pager(50))
    events = tm.upcoming_events("K8vZ9171ulV", limit=7, page_size=3)
    assert len(events) == 7
    assert len(sent(upstream, f"{BASE}/events.json")) == 3


def test_events_from_the_recorded_search_page(upstream, tm):
    upstream.expect_request(f"{BASE}/events.json").respond_with_json(tm_sample("event_search.json"))
    events = tm.upcoming_events("K8vZ9171ulV", limit=3)

    melt = events[0]
    assert melt.attraction_ids == ()  # recorded without _embedded.attractions
    assert melt.status == "onsale"
    assert melt.local_date == date(2022, 9, 13)
    assert melt.local_time == time_of_day(19, 0)
    assert melt.starts_at == datetime(2022, 9, 13, 23, 0, tzinfo=UTC)
    assert melt.timezone == "America/New_York"
    assert melt.venue is not None and isinstance(melt.venue.latitude, float)
    # Only fallback art: still an image, and not the 2048 px one.
    assert melt.image_url.endswith("_RETINA_PORTRAIT_16_9.jpg")
    assert events[2].attraction_ids == ("K8vZ91750H7", "K8vZ9174y8V", "K8vZ917_ryf")


def test_get_event(upstream, tm):
    upstream.expect_request(f"{BASE}/events/Z698xZQpZaa4-.json").respond_with_json(
        tm_sample("event_detail.json")
    )
    event = tm.get_event("Z698xZQpZaa4-")
    assert event.starts_at == datetime(2024, 10, 30, 18, 0, tzinfo=UTC)
    assert event.timezone == "Europe/Warsaw"
    assert event.initial_starts_at is None
    assert not event.date_tba and not event.time_tba
    assert event.image_url.endswith("_RETINA_PORTRAIT_16_9.jpg")


def test_get_venue_parses_string_coordinates(upstream, tm):
    upstream.expect_request(f"{BASE}/venues/KovZpZAFdl7A.json").respond_with_json(
        tm_sample("venue_detail.json")
    )
    venue = tm.get_venue("KovZpZAFdl7A")
    assert venue == parse_venue(tm_sample("venue_detail.json"))
    assert (venue.latitude, venue.longitude) == (42.89181767, -78.87263371)
    assert (venue.address, venue.city, venue.state, venue.country, venue.postal_code) == (
        "646 Main Street",
        "Buffalo",
        "NY",
        "US",
        "14202",
    )
    assert venue.timezone == "America/New_York"


def test_venue_with_unusable_coordinates():
    raw = tm_sample("venue_detail.json")
    raw["location"] = {"latitude": "not a number", "longitude": "-999"}
    venue = parse_venue(raw)
    assert venue.latitude is None and venue.longitude is None
    del raw["location"], raw["state"]
    assert parse_venue(raw).state is None


def test_event_without_venue_images_or_time():
    raw = tm_sample("event_detail.json")
    del raw["_embedded"], raw["images"], raw["dates"]["timezone"]
    raw["dates"]["start"] = {
        "localDate": "2026-07-01",
        "dateTBD": False,
        "dateTBA": False,
        "timeTBA": True,
        "noSpecificTime": False,
    }
    raw["brandNewField"] = {"anything": [1, 2]}
    event = parse_event(raw)
    assert event.venue is None and event.attraction_ids == ()
    assert event.image_url is None
    assert event.local_date == date(2026, 7, 1)
    assert event.local_time is None and event.starts_at is None
    assert event.time_tba and not event.date_tba
    assert event.timezone is None


def test_event_timezone_falls_back_to_the_venue():
    raw = tm_sample("event_detail_2016_recorded.json")
    del raw["dates"]["timezone"]
    assert parse_event(raw).timezone == "America/New_York"


def test_rescheduled_event_keeps_its_initial_start():
    raw = tm_sample("event_detail.json")
    raw["dates"]["status"] = {"code": "rescheduled"}
    raw["dates"]["initialStartDate"] = {
        "localDate": "2024-09-01",
        "dateTime": "2024-09-01T18:00:00Z",
    }
    event = parse_event(raw)
    assert event.status == "rescheduled"
    assert event.initial_starts_at == datetime(2024, 9, 1, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("onsale", "onsale"),
        ("offsale", "offsale"),
        ("canceled", "cancelled"),
        ("cancelled", "cancelled"),
        ("postponed", "postponed"),
        ("rescheduled", "rescheduled"),
        ("somethingNew", "unknown"),
        (None, "unknown"),
    ],
)
def test_status_is_normalised(code, status):
    raw = tm_sample("event_detail.json")
    raw["dates"]["status"] = {"code": code} if code else {}
    assert parse_event(raw).status == status


@pytest.mark.parametrize(
    ("url", "spotify_id"),
    [
        (
            "https://open.spotify.com/artist/4R073T3AVJKqAsbzLmLW9u?autoplay=true",
            "4R073T3AVJKqAsbzLmLW9u",
        ),
        (
            "https://open.spotify.com/intl-de/artist/3EhbVgyfGd7HkpsagwL9GS",
            "3EhbVgyfGd7HkpsagwL9GS",
        ),
        ("https://open.spotify.com/album/3EhbVgyfGd7HkpsagwL9GS", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_spotify_id_from_url(url, spotify_id):
    assert spotify_id_from_url(url) == spotify_id


@pytest.mark.parametrize(
    "links, musicbrainz_id",
    [
        (
            [{"id": "not-an-id"}, {"id": " 4C48078C-AF4E-4CA3-9838-5841D91826E1 "}],
            "4c48078c-af4e-4ca3-9838-5841d91826e1",
        ),
        ([{"url": "https://musicbrainz.org/artist/x"}], None),
        ("drifted", None),
    ],
)
def test_the_musicbrainz_id_is_the_first_well_formed_one(links, musicbrainz_id):
    raw = tm_sample("attraction_detail.json")
    raw["externalLinks"]["musicbrainz"] = links
    assert parse_attraction(raw).musicbrainz_id == musicbrainz_id


# Shared limits.


def test_calls_are_counted_and_rate_limited_through_redis(upstream, make_tm, redis_db):
    upstream.expect_request(f"{BASE}/venues/v.json").respond_with_json(
        tm_sample("venue_detail.json")
    )
    tm = make_tm(redis=redis_db)
    for _ in range(3):
        tm.get_venue("v")
    assert daily_call_count(redis_db, "ticketmaster") == 3
    windows = redis_db.keys("theset:ratelimit:ticketmaster:*")
    assert windows and sum(int(redis_db.get(key)) for key in windows) == 3
