"""The demo transport answers like Ticketmaster Discovery v2 and the Spotify Web API."""

from __future__ import annotations

import base64
import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
import requests

from theset.demo.catalog import load_catalog, shift_days, shift_event
from theset.demo.transport import DemoTransport, mount_demo_transport

TM = "https://app.ticketmaster.com/discovery/v2"
API = "https://api.spotify.com/v1"
TOKEN_URL = "https://accounts.spotify.com/api/token"
CATALOG = load_catalog()


def tm(http, path, **params):
    return http.get(f"{TM}/{path}", params={"apikey": "any-key", **params})


def app_token(http) -> str:
    response = http.post(
        TOKEN_URL, data={"grant_type": "client_credentials"}, auth=("client-id", "client-secret")
    )
    return response.json()["access_token"]


def spotify(http, path, token=None, **params):
    token = token or app_token(http)
    return http.get(f"{API}/{path}", params=params, headers={"Authorization": f"Bearer {token}"})


def follow_tm_pages(http, first: requests.Response, resource: str) -> list[dict]:
    """Every item of a Discovery search, following the relative `next` links."""
    items, body = [], first.json()
    while True:
        items += body.get("_embedded", {}).get(resource, [])
        link = body["_links"].get("next")
        if not link:
            return items
        body = http.get(urljoin(TM, link["href"]), params={"apikey": "any-key"}).json()


def follow_spotify_pages(http, token: str, url: str) -> list[dict]:
    items = []
    while url:
        page = http.get(url, headers={"Authorization": f"Bearer {token}"}).json()
        page = page.get("artists", page)
        items += page["items"]
        url = page["next"]
    return items


def zoe(http) -> dict:
    body = tm(http, "attractions.json", keyword="Zoé Marchetti").json()
    return body["_embedded"]["attractions"][0]


# --- Ticketmaster --------------------------------------------------------------------------


def test_answers_are_real_responses_with_quota_headers(http):
    first = tm(http, "attractions.json", keyword="marchetti")
    second = tm(http, "attractions.json", keyword="marchetti")
    assert isinstance(first, requests.Response)
    assert first.status_code == 200 and first.headers["Content-Type"] == "application/json"
    for name in ("Rate-Limit", "Rate-Limit-Available", "Rate-Limit-Over", "Rate-Limit-Reset"):
        assert first.headers[name].isdigit()
    assert first.headers["Rate-Limit"] == "5000"
    assert (
        int(second.headers["Rate-Limit-Available"])
        == int(first.headers["Rate-Limit-Available"]) - 1
    )
    assert int(first.headers["Rate-Limit-Reset"]) > datetime.now(UTC).timestamp() * 1000


def attraction_names(http, keyword: str) -> list[str]:
    body = tm(http, "attractions.json", keyword=keyword, classificationName="music").json()
    return [a["name"] for a in body.get("_embedded", {}).get("attractions", [])]


def test_attraction_keyword_finds_the_name_and_pages_it(http):
    body = tm(http, "attractions.json", keyword="marchetti", classificationName="music").json()
    assert [a["name"] for a in body["_embedded"]["attractions"]] == ["Zoé Marchetti"]
    assert body["page"] == {"size": 20, "totalElements": 1, "totalPages": 1, "number": 0}
    assert "apikey" not in body["_links"]["self"]["href"]


@pytest.mark.parametrize(
    ("keyword", "names"),
    [
        ("Nig", ["The Nightjar Quintet", "Kōji & the Night Ferries"]),
        ("Nightja", ["The Nightjar Quintet"]),
        ("Zo", ["Zoé Marchetti"]),
        ("Marchet", ["Zoé Marchetti"]),
        ("lamplighter", ["Dr. Marlowe's Lamplighters"]),
    ],
)
def test_attraction_keyword_matches_the_beginnings_of_words(http, keyword, names):
    assert sorted(attraction_names(http, keyword)) == sorted(names)


@pytest.mark.parametrize(
    ("keyword", "name"),
    [
        ("ZOÉ", "Zoé Marchetti"),
        ("zoe", "Zoé Marchetti"),
        ("FJØ", "Fjøra"),
        ("fjora", "Fjøra"),
        ("grün", "GRÜNWALD"),
        ("Gruenwald", "GRÜNWALD"),  # an alias
        ("quinon", "Los Hermanos Quiñones"),
        ("Koji", "Kōji & the Night Ferries"),
        ("marlowe's", "Dr. Marlowe's Lamplighters"),
    ],
)
def test_attraction_keyword_folds_accents_and_case(http, keyword, name):
    assert attraction_names(http, keyword) == [name]


@pytest.mark.parametrize("keyword", ["Zoe Mar", "zoe  marchetti", "mar zoe", "Marchetti, Zoé"])
def test_every_typed_word_begins_a_word_of_the_name_in_any_order(http, keyword):
    assert attraction_names(http, keyword) == ["Zoé Marchetti"]


@pytest.mark.parametrize("keyword", ["archetti", "Zoe Quintet", "Nightjars", "zz"])
def test_a_word_that_begins_no_word_of_the_name_finds_nothing(http, keyword):
    body = tm(http, "attractions.json", keyword=keyword).json()
    assert "_embedded" not in body
    assert body["page"]["totalElements"] == 0 and body["page"]["totalPages"] == 0


def test_the_exact_name_comes_before_names_that_begin_alike(http):
    assert attraction_names(http, "the nightjar quintet")[0] == "The Nightjar Quintet"
    assert attraction_names(http, "Wattle & Ash") == ["Wattle & Ash"]


def test_attraction_pages_follow_next_links_to_the_end(http):
    first = tm(http, "attractions.json", classificationName="music", size=5)
    assert first.json()["page"]["totalPages"] == -(-len(CATALOG.attractions) // 5)
    assert set(first.json()["_links"]) == {"first", "self", "next", "last"}
    items = follow_tm_pages(http, first, "attractions")
    assert [a["id"] for a in items] == [a["id"] for a in CATALOG.attractions]


def test_attraction_by_id_with_or_without_json_suffix(http):
    wanted = zoe(http)
    assert tm(http, f"attractions/{wanted['id']}.json").json() == wanted
    assert tm(http, f"attractions/{wanted['id']}").json() == wanted
    assert wanted["externalLinks"]["spotify"][0]["url"].startswith("https://open.spotify.com/")


def test_unknown_ids_answer_404_with_an_errors_list(http):
    for path in ("attractions/nope.json", "events/nope.json", "venues/nope", "bogus.json"):
        response = tm(http, path)
        assert response.status_code == 404
        error = response.json()["errors"][0]
        assert error["status"] == "404" and error["code"] == "DIS1004"
        assert error["_links"]["about"]["href"].endswith("#DIS1004")


def test_missing_api_key_answers_401_fault(http):
    response = http.get(f"{TM}/events.json", params={"keyword": "zoe"})
    assert response.status_code == 401
    assert response.json() == {
        "fault": {
            "faultstring": "Invalid ApiKey",
            "detail": {"errorcode": "oauth.v2.InvalidApiKey"},
        }
    }


def test_artist_events_are_upcoming_sorted_and_embed_venue_and_attractions(http):
    artist = zoe(http)
    first = tm(http, "events.json", attractionId=artist["id"], sort="date,asc", size=2)
    events = follow_tm_pages(http, first, "events")
    assert len(events) == artist["upcomingEvents"]["_total"]
    moments = [e["dates"]["start"]["dateTime"] for e in events]
    assert moments == sorted(moments) and moments[0] > datetime.now(UTC).isoformat()
    for event in events:
        assert artist["id"] in {a["id"] for a in event["_embedded"]["attractions"]}
        assert event["_embedded"]["venues"][0]["timezone"] == event["dates"]["timezone"]
        assert tm(http, f"events/{event['id']}.json").json() == event


def test_start_date_time_filters_events(http):
    artist = zoe(http)
    later = (datetime.now(UTC) + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
    every = tm(http, "events.json", attractionId=artist["id"]).json()["page"]["totalElements"]
    body = tm(http, "events.json", attractionId=artist["id"], startDateTime=later).json()
    assert 0 < body["page"]["totalElements"] < every
    assert all(e["dates"]["start"]["dateTime"] >= later for e in body["_embedded"]["events"])
    bad = tm(http, "events.json", startDateTime="tomorrow")
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "DIS1015"


def test_paging_deeper_than_a_thousand_items_is_refused(http):
    assert tm(http, "events.json", size=20, page=49).status_code == 200
    response = tm(http, "events.json", size=20, page=50)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "DIS1035" and "Max paging depth" in error["detail"]
    too_big = tm(http, "events.json", size=200)
    assert too_big.status_code == 400 and too_big.json()["errors"][0]["code"] == "DIS1036"


def test_a_page_past_the_end_is_empty_without_embedded(http):
    body = tm(http, "events.json", size=199, page=3).json()
    assert "_embedded" not in body and body["page"]["number"] == 3
    assert "prev" in body["_links"] and "next" not in body["_links"]


def test_venue_by_id_has_string_coordinates(http):
    venue_id = CATALOG.venues[0]["id"]
    venue = tm(http, f"venues/{venue_id}.json").json()
    assert venue["type"] == "venue" and isinstance(venue["location"]["latitude"], str)


def is_past(raw: dict) -> bool:
    return date.fromisoformat(raw["dates"]["start"]["localDate"]) < CATALOG.anchor


def test_event_edge_cases_are_served(http):
    events = follow_tm_pages(http, tm(http, "events.json", size=50), "events")
    assert len(events) == len([raw for raw in CATALOG.raw_events if not is_past(raw)])
    codes = [e["dates"]["status"]["code"] for e in events]
    assert codes.count("cancelled") == 1 and codes.count("rescheduled") == 1
    assert any(e["dates"]["start"]["timeTBA"] for e in events)
    assert any(len(e["_embedded"]["attractions"]) == 2 for e in events)


# --- date shift ----------------------------------------------------------------------------


def test_shift_moves_local_dates_and_recomputes_utc_across_daylight_saving():
    event = next(
        e
        for e in CATALOG.raw_events
        if e["dates"]["timezone"] == "America/New_York"
        and e["dates"]["start"]["localDate"] < "2027-03-01"
        and "localTime" in e["dates"]["start"]
    )
    before = copy.deepcopy(event)
    today = CATALOG.anchor + timedelta(days=120)  # winter dates move into summer time
    moved = shift_event(event, CATALOG.anchor, today)
    assert event == before  # pure
    start = moved["dates"]["start"]
    original = date.fromisoformat(event["dates"]["start"]["localDate"])
    assert start["localDate"] == (original + timedelta(days=120)).isoformat()
    assert start["localTime"] == event["dates"]["start"]["localTime"]
    local = datetime.combine(
        date.fromisoformat(start["localDate"]),
        time.fromisoformat(start["localTime"]),
        ZoneInfo("America/New_York"),
    )
    assert start["dateTime"] == local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    old_hour = event["dates"]["start"]["dateTime"][11:13]
    assert start["dateTime"][11:13] != old_hour  # UTC offset changed with DST


def test_shift_moves_initial_start_and_sales_and_keeps_tba_without_time():
    today = date(2030, 6, 15)
    days = shift_days(CATALOG.anchor, today)
    rescheduled = next(
        e for e in CATALOG.raw_events if e["dates"]["status"]["code"] == "rescheduled"
    )
    moved = shift_event(rescheduled, CATALOG.anchor, today)
    initial = date.fromisoformat(rescheduled["dates"]["initialStartDate"]["localDate"])
    assert (
        moved["dates"]["initialStartDate"]["localDate"]
        == (initial + timedelta(days=days)).isoformat()
    )
    sale = datetime.fromisoformat(rescheduled["sales"]["public"]["startDateTime"])
    assert datetime.fromisoformat(moved["sales"]["public"]["startDateTime"]) == sale + timedelta(
        days=days
    )
    tba = next(e for e in CATALOG.raw_events if e["dates"]["start"]["timeTBA"])
    start = shift_event(tba, CATALOG.anchor, today)["dates"]["start"]
    assert "dateTime" not in start and "localTime" not in start


def test_shift_is_zero_on_the_anchor_and_negative_before_it():
    event = CATALOG.raw_events[0]
    assert shift_event(event, CATALOG.anchor, CATALOG.anchor) == event
    assert shift_days(CATALOG.anchor, CATALOG.anchor - timedelta(days=3)) == -3


def test_with_todays_date_every_show_not_past_or_cancelled_is_upcoming(http):
    now = datetime.now(UTC)
    for raw in CATALOG.raw_events:
        if is_past(raw):
            continue
        event = tm(http, f"events/{raw['id']}.json").json()
        if event["dates"]["status"]["code"] == "cancelled":
            continue
        start = event["dates"]["start"]
        if "dateTime" in start:
            assert datetime.fromisoformat(start["dateTime"]) > now + timedelta(days=2)
        else:
            assert date.fromisoformat(start["localDate"]) > now.date()


def test_past_shows_are_served_by_id_only_and_happened_days_ago(http):
    now = datetime.now(UTC)
    listed = {e["id"] for e in follow_tm_pages(http, tm(http, "events.json", size=50), "events")}
    past = [raw for raw in CATALOG.raw_events if is_past(raw)]
    assert past
    for raw in past:
        event = tm(http, f"events/{raw['id']}.json").json()
        started = datetime.fromisoformat(event["dates"]["start"]["dateTime"])
        assert now - timedelta(days=21) < started < now - timedelta(hours=3)
        assert event["id"] not in listed


def test_the_transport_clock_decides_the_shift():
    session = requests.Session()
    fixed = datetime(2031, 2, 3, 12, 0, tzinfo=UTC)
    mount_demo_transport(session, clock=lambda: fixed)
    raw = CATALOG.raw_events[0]
    event = session.get(f"{TM}/events/{raw['id']}.json", params={"apikey": "k"}).json()
    expected = date.fromisoformat(raw["dates"]["start"]["localDate"]) + timedelta(
        days=shift_days(CATALOG.anchor, fixed.date())
    )
    assert event["dates"]["start"]["localDate"] == expected.isoformat()


# --- Spotify accounts ----------------------------------------------------------------------


def test_client_credentials_need_basic_auth(http):
    response = http.post(
        TOKEN_URL, data={"grant_type": "client_credentials"}, auth=("client-id", "client-secret")
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    refused = http.post(TOKEN_URL, data={"grant_type": "client_credentials"})
    assert refused.status_code == 401
    assert refused.json() == {"error": "invalid_client", "error_description": "Invalid client"}


def test_demo_fan_tokens_come_from_code_and_refresh_grants(http):
    basic = "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    code = http.post(
        TOKEN_URL,
        headers={"Authorization": basic},
        data={
            "grant_type": "authorization_code",
            "code": "demo-code:demo_mara",
            "redirect_uri": "http://127.0.0.1:5000/auth/spotify/callback",
        },
    ).json()
    assert code["access_token"] == "demo-user-token:demo_mara"
    refreshed = http.post(
        TOKEN_URL,
        headers={"Authorization": basic},
        data={"grant_type": "refresh_token", "refresh_token": code["refresh_token"]},
    )
    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] == "demo-user-token:demo_mara"
    assert "refresh_token" not in refreshed.json()
    unknown = http.post(
        TOKEN_URL,
        headers={"Authorization": basic},
        data={"grant_type": "refresh_token", "refresh_token": "stolen"},
    )
    assert unknown.status_code == 400 and unknown.json()["error"] == "invalid_grant"


# --- Spotify Web API -----------------------------------------------------------------------


def test_api_calls_need_a_bearer_token(http):
    response = http.get(f"{API}/artists/{CATALOG.artists[0]['id']}")
    assert response.status_code == 401
    assert response.json() == {"error": {"status": 401, "message": "No token provided"}}


def test_artist_by_id_and_id_errors(http):
    artist = CATALOG.artists[0]
    assert spotify(http, f"artists/{artist['id']}").json() == artist
    invalid = spotify(http, "artists/not-an-id")
    assert invalid.status_code == 400
    assert invalid.json() == {"error": {"status": 400, "message": "Invalid base62 id"}}
    missing = spotify(http, "artists/" + "0" * 22)
    assert missing.status_code == 404
    assert missing.json() == {"error": {"status": 404, "message": "Resource not found"}}


def test_search_lists_near_misses_after_the_exact_name(http):
    body = spotify(http, "search", q="Los Hermanos Quiñones", type="artist").json()["artists"]
    names = [a["name"] for a in body["items"]]
    assert names == ["Los Hermanos Quiñones", "Los Hermanos Quiñones Jr."]
    assert body["href"].startswith(f"{API}/search?") and body["next"] is None
    assert (
        spotify(http, "search", q="Kestrel Avenue", type="artist").json()["artists"]["items"][0][
            "name"
        ]
        == "The Kestrel Avenue Experience"
    )
    filtered = spotify(http, "search", q='artist:"Zoé Marchetti"', type="artist").json()
    assert filtered["artists"]["items"][0]["name"] == "Zoé Marchetti"


def test_search_limits_and_paging(http):
    token = app_token(http)
    too_many = spotify(http, "search", token, q="a", type="artist", limit=11)
    assert too_many.status_code == 400
    assert too_many.json() == {"error": {"status": 400, "message": "Invalid limit"}}
    first = spotify(http, "search", token, q="the", type="artist", limit=1).json()["artists"]
    assert first["limit"] == 1 and first["total"] >= 2 and first["previous"] is None
    items = follow_spotify_pages(http, token, first["next"])
    assert len(items) + 1 == first["total"]


def test_artist_albums_page_with_next_links(http):
    token = app_token(http)
    artist = next(a for a in CATALOG.artists if a["name"] == "Zoé Marchetti")
    first = spotify(
        http, f"artists/{artist['id']}/albums", token, include_groups="album,single"
    ).json()
    assert first["limit"] == 5 and first["offset"] == 0 and first["total"] > 5
    assert first["next"].startswith(f"{API}/artists/{artist['id']}/albums?offset=5&limit=5")
    albums = first["items"] + follow_spotify_pages(http, token, first["next"])
    assert len(albums) == first["total"]
    assert {a["album_group"] for a in albums} == {"album", "single"}
    assert [a["album_group"] for a in albums] == sorted(
        (a["album_group"] for a in albums), key=["album", "single"].index
    )
    assert spotify(http, f"artists/{artist['id']}/albums", token, limit=11).status_code == 400


def test_include_groups_filters_and_features_appear_on(http):
    token = app_token(http)
    mirela = next(a for a in CATALOG.artists if a["name"] == "Mirela Vântu")
    appears = spotify(
        http, f"artists/{mirela['id']}/albums", token, include_groups="appears_on"
    ).json()
    assert [a["name"] for a in appears["items"]] == ["Stahlwerk"]
    hermanos = next(a for a in CATALOG.artists if a["name"] == "Los Hermanos Quiñones")
    groups = {
        a["album_group"]
        for a in follow_spotify_pages(
            http, token, f"{API}/artists/{hermanos['id']}/albums?limit=10"
        )
    }
    assert "compilation" in groups


def test_album_tracks_page_up_to_fifty(http):
    token = app_token(http)
    album = next(a for a in CATALOG.album_by_id.values() if a["total_tracks"] >= 7)
    first = spotify(http, f"albums/{album['id']}/tracks", token, limit=2).json()
    assert first["href"] == f"{API}/albums/{album['id']}/tracks?offset=0&limit=2"
    tracks = first["items"] + follow_spotify_pages(http, token, first["next"])
    assert [t["track_number"] for t in tracks] == list(range(1, album["total_tracks"] + 1))
    assert spotify(http, f"albums/{album['id']}/tracks", token, limit=51).status_code == 400
    assert spotify(http, f"albums/{'1' * 22}/tracks", token).status_code == 404


def test_top_tracks_are_forbidden_for_a_development_mode_app(http):
    response = spotify(http, f"artists/{CATALOG.artists[0]['id']}/top-tracks", market="US")
    assert response.status_code == 403
    assert response.json() == {"error": {"status": 403, "message": "Forbidden"}}


def test_unknown_api_paths_answer_404(http):
    response = spotify(http, "browse/new-releases")
    assert response.status_code == 404 and response.json()["error"]["status"] == 404


def test_me_needs_a_demo_fan_token(http):
    me = spotify(http, "me", "demo-user-token:demo_tomas").json()
    assert me["id"] == "demo_tomas" and me["type"] == "user" and me["email"]
    assert spotify(http, "me").status_code == 401
    assert spotify(http, "me", "demo-user-token:stranger").status_code == 401


def test_followed_artists_use_cursor_paging(http):
    token = "demo-user-token:demo_mara"
    user = CATALOG.users["demo_mara"]
    first = spotify(http, "me/following", token, type="artist", limit=3).json()["artists"]
    assert first["total"] == len(user["followed_artist_ids"])
    assert first["cursors"]["after"] == first["items"][-1]["id"]
    items = first["items"] + follow_spotify_pages(http, token, first["next"])
    assert [a["id"] for a in items] == user["followed_artist_ids"]
    last = spotify(http, "me/following", token, type="artist", limit=50).json()["artists"]
    assert last["next"] is None and last["cursors"]["after"] is None


def test_top_artists_use_offset_paging(http):
    token = "demo-user-token:demo_priya"
    user = CATALOG.users["demo_priya"]
    first = spotify(http, "me/top/artists", token, limit=5, time_range="long_term").json()
    items = first["items"] + follow_spotify_pages(http, token, first["next"])
    assert [a["id"] for a in items] == user["top_artist_ids"]
    bad = spotify(http, "me/top/artists", token, time_range="forever")
    assert bad.status_code == 400


# --- concurrency ---------------------------------------------------------------------------


def test_one_transport_serves_many_threads():
    transport = DemoTransport()
    session = requests.Session()
    for prefix in ("https://app.ticketmaster.com/", "https://api.spotify.com/"):
        session.mount(prefix, transport)

    def call(number: int) -> int:
        if number % 2:
            return session.get(f"{TM}/events.json", params={"apikey": "k", "size": 5}).status_code
        return session.get(
            f"{API}/artists/{CATALOG.artists[number % 10]['id']}",
            headers={"Authorization": "Bearer x"},
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(call, range(200))) == {200}
    last = session.get(f"{TM}/venues.json", params={"apikey": "k"})
    assert last.headers["Rate-Limit-Available"] == str(5000 - 101)
