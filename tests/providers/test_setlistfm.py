"""SetlistFmClient against a fake setlist.fm API serving the recorded bodies."""

from __future__ import annotations

from datetime import date

import pytest

from theset.providers.counter import daily_call_count
from theset.providers.errors import QuotaSpent, RateLimited, UpstreamConfigError
from theset.providers.setlistfm.client import SETLISTFM_DAILY_QUOTA
from theset.providers.setlistfm.objects import parse_setlist

from .fake_upstream import (
    SETLISTFM_KEY,
    json_response,
    sent,
    setlistfm_sample,
    setlistfm_setlists,
)

SEARCH = "/rest/1.0/search/setlists"
MYGO_MBID = "be91faa6-5277-4b73-b97c-10786db10598"
MYGO_NIGHT = date(2024, 7, 27)


def recorded() -> dict:
    return setlistfm_sample("search_setlists_recorded.json")


def page_of(setlists: list[dict], page: int, total: int, per_page: int = 20) -> dict:
    return {
        "type": "setlists",
        "itemsPerPage": per_page,
        "page": page,
        "total": total,
        "setlist": setlists,
    }


def test_setlists_on_a_day_sends_the_documented_request(upstream, setlistfm):
    upstream.expect_request(SEARCH).respond_with_json(recorded())

    (found,) = setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)

    (request,) = sent(upstream, SEARCH)
    assert request.args.to_dict() == {"artistMbid": MYGO_MBID, "date": "27-07-2024", "p": "1"}
    assert request.headers["x-api-key"] == SETLISTFM_KEY
    assert request.headers["Accept"] == "application/json"  # the default answer is XML
    assert request.headers["Accept-Language"] == "en"
    assert request.headers["User-Agent"].startswith("TheSet/")  # refused (403) without one
    assert found.id == "63ab8213"
    assert found.event_date == MYGO_NIGHT
    assert found.artist_mbid == MYGO_MBID
    assert found.artist_name == "MyGO!!!!!"
    assert (found.venue_name, found.city) == ("Musashino no Mori Sougou Sports Plaza", "Choufu")
    assert found.url.startswith("https://www.setlist.fm/setlist/mygo/2024/")
    assert found.tour == 'MyGO!!!!! 6th LIVE "Mitsuketa Keshiki, Tazusaete"'


def test_the_songs_keep_their_order_set_and_encore(upstream, setlistfm):
    upstream.expect_request(SEARCH).respond_with_json(recorded())

    (found,) = setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)

    assert [song.position for song in found.songs] == list(range(1, 17))
    assert found.songs[0].name == "Mayoi Uta"
    assert found.songs[13].name == "Panorama"
    assert found.songs[5].info == "Live debut"
    main_set, encore = found.songs[:14], found.songs[14:]
    assert {(song.set_number, song.encore) for song in main_set} == {(1, 0)}
    assert [(song.name, song.set_number, song.encore) for song in encore] == [
        ("Hitoshizuku", 2, 1),
        ("Otoichie", 2, 1),
    ]


def test_tape_cover_and_unidentified_songs_are_read():
    raw = recorded()["setlist"][0]
    raw["sets"]["set"][0]["song"] = [
        {"name": "Intro", "tape": True},
        {"name": "Heroes", "cover": {"mbid": "x", "name": "David Bowie"}},
        {"name": ""},
    ]
    intro, heroes, unknown = parse_setlist(raw).songs[:3]
    assert (intro.tape, intro.cover) == (True, None)
    assert (heroes.tape, heroes.cover) == (False, "David Bowie")
    assert unknown.name == ""


def test_the_documented_unwrapped_set_array_is_read_too():
    raw = recorded()["setlist"][0]
    raw["set"] = raw.pop("sets")["set"]
    assert len(parse_setlist(raw).songs) == 16


def test_by_name_when_the_musicbrainz_id_is_unknown(upstream, setlistfm):
    upstream.expect_request(SEARCH).respond_with_json(recorded())

    setlistfm.setlists_on(MYGO_NIGHT, artist_name="MyGO!!!!!")

    (request,) = sent(upstream, SEARCH)
    assert request.args.to_dict() == {"artistName": "MyGO!!!!!", "date": "27-07-2024", "p": "1"}


def test_an_empty_search_answers_404_which_means_nothing_found(upstream, setlistfm):
    upstream.expect_request(SEARCH).respond_with_json(
        setlistfm_sample("error_not_found_empty_search.json"), status=404
    )
    assert setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID) == []


def test_pages_are_followed_until_the_total(upstream, setlistfm):
    pages = {"1": setlistfm_setlists(20), "2": setlistfm_setlists(5, start=20)}
    upstream.expect_request(SEARCH).respond_with_handler(
        lambda request: json_response(page_of(pages[request.args["p"]], int(request.args["p"]), 25))
    )
    found = setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)
    assert [s.id for s in found] == [f"s-{index}" for index in range(25)]
    assert [request.args["p"] for request in sent(upstream, SEARCH)] == ["1", "2"]


def test_paging_stops_after_a_few_pages(upstream, setlistfm):
    upstream.expect_request(SEARCH).respond_with_handler(
        lambda request: json_response(
            page_of(setlistfm_setlists(20), int(request.args["p"]), total=10_000)
        )
    )
    found = setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)
    assert len(sent(upstream, SEARCH)) == 3
    assert len(found) == 60


def test_a_rejected_key_is_a_configuration_error_without_the_key(upstream, setlistfm):
    upstream.expect_request(SEARCH).respond_with_json(
        {"code": 403, "status": "Forbidden", "message": "Forbidden"}, status=403
    )
    with pytest.raises(UpstreamConfigError) as error:
        setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)
    assert error.value.status == 403 and SETLISTFM_KEY not in str(error.value)


def test_429_waits_once_for_a_short_retry_after(upstream, setlistfm, sleeps):
    answers = iter(
        [
            json_response({"code": 429, "message": "Too Many Requests"}, 429, {"Retry-After": "1"}),
            json_response(recorded()),
        ]
    )
    upstream.expect_request(SEARCH).respond_with_handler(lambda request: next(answers))
    assert len(setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)) == 1
    assert sleeps == [1.0]


def test_429_again_is_rate_limited(upstream, setlistfm):
    upstream.expect_request(SEARCH).respond_with_json(
        {"code": 429, "status": "Too Many Requests", "message": "slow down"}, status=429
    )
    with pytest.raises(RateLimited) as error:
        setlistfm.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)
    assert error.value.message == "slow down"


def test_calls_are_rate_limited_to_two_a_second_and_counted(upstream, make_setlistfm, redis_db):
    upstream.expect_request(SEARCH).respond_with_json(recorded())
    client = make_setlistfm(redis=redis_db)
    for _ in range(3):
        client.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)
    assert client.limiter.limit == 2
    assert daily_call_count(redis_db, "setlistfm") == 3


def test_the_daily_budget_is_the_whole_standard_quota(upstream, make_setlistfm, redis_db):
    upstream.expect_request(SEARCH).respond_with_json(recorded())
    client = make_setlistfm(redis=redis_db)
    assert client.budget.allowance("background") == SETLISTFM_DAILY_QUOTA == 1440
    redis_db.set(client.budget.key("background"), SETLISTFM_DAILY_QUOTA)
    with pytest.raises(QuotaSpent):
        client.setlists_on(MYGO_NIGHT, artist_mbid=MYGO_MBID)
    assert sent(upstream, SEARCH) == []
