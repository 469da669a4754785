"""The demo transport answers setlist.fm's setlist search like setlist.fm API 1.0."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import requests

from theset.demo.catalog import load_catalog
from theset.demo.transport import mount_demo_transport
from theset.providers.setlistfm import SetlistFmClient

SEARCH = "https://api.setlist.fm/rest/1.0/search/setlists"
CATALOG = load_catalog()
ZOE_MBID = "8c8ce755-7e79-4d74-8d4e-badb06a85ef4"


def search(http, **params):
    return http.get(
        SEARCH, params=params, headers={"x-api-key": "demo", "Accept": "application/json"}
    )


def days_ago(days: int) -> str:
    """The date `days` before today, as setlist.fm writes it (dd-MM-yyyy)."""
    return (datetime.now(UTC).date() - timedelta(days=days)).strftime("%d-%m-%Y")


def test_a_past_show_is_found_by_musicbrainz_id_and_date_in_the_search_shape(http):
    response = search(http, artistMbid=ZOE_MBID, date=days_ago(3), p=1)
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("type", "itemsPerPage", "page", "total")} == {
        "type": "setlists",
        "itemsPerPage": 20,
        "page": 1,
        "total": 1,
    }
    (setlist,) = body["setlist"]
    assert setlist["eventDate"] == days_ago(3)
    assert setlist["artist"] == setlist["artist"] | {"mbid": ZOE_MBID, "name": "Zoé Marchetti"}
    assert setlist["venue"]["name"] == "The Foundry Rooms"
    assert setlist["venue"]["city"]["name"] == "Manchester"
    assert f"/{days_ago(3)[-4:]}/" in setlist["url"]
    main, encore = setlist["sets"]["set"]
    assert main["song"][0] == {"name": "Ouverture", "tape": True}
    assert {"name": "Néons (Live)"} in main["song"]
    assert encore["encore"] == 1 and encore["song"][-1] == {"name": "Marée basse"}


def test_the_artist_is_found_by_name_with_case_and_accents_folded(http):
    body = search(http, artistName="los hermanos quinones", date=days_ago(12)).json()
    assert [s["artist"]["name"] for s in body["setlist"]] == ["Los Hermanos Quiñones"]


def test_another_date_or_artist_or_a_page_past_the_last_is_setlistfms_404(http):
    for params in (
        {"artistMbid": ZOE_MBID, "date": days_ago(4)},
        {"artistName": "Fjøra", "date": days_ago(1)},  # played, but nobody entered it
        {"artistName": "Nobody", "date": days_ago(3)},
        {"artistMbid": ZOE_MBID, "date": days_ago(3), "p": 2},
    ):
        response = search(http, **params)
        assert response.status_code == 404, params
        assert response.json() | {"timestamp": ""} == {
            "code": 404,
            "status": "Not Found",
            "message": "not found",
            "timestamp": "",
        }


def test_without_a_key_it_is_forbidden(http):
    response = http.get(SEARCH, params={"artistName": "Zoé Marchetti"})
    assert response.status_code == 403
    assert response.json()["code"] == 403


def test_the_transport_clock_moves_the_setlists_dates():
    session = requests.Session()
    fixed = datetime(2031, 2, 3, 12, 0, tzinfo=UTC)
    mount_demo_transport(session, clock=lambda: fixed)
    client = SetlistFmClient("demo", session=session)
    found = client.setlists_on(date(2031, 1, 26), artist_name="The Nightjar Quintet")
    (setlist,) = found
    assert setlist.event_date == date(2031, 1, 26) and "/2031/" in setlist.url
    assert client.setlists_on(date(2031, 1, 26), artist_name="Zoé Marchetti") == []


def test_the_real_client_reads_every_demo_setlist(http):
    client = SetlistFmClient("demo", session=http)
    today = datetime.now(UTC).date()
    nightjar = client.setlists_on(
        today - timedelta(days=8), artist_mbid="b4a03bb0-8c77-4c83-87f8-a4b78702c3ac"
    )
    songs = nightjar[0].songs
    assert [song.set_number for song in songs].count(2) == 6  # a second set
    assert any(song.name == "" for song in songs)  # a song nobody identified
    cover = next(song for song in songs if song.cover)
    assert (cover.name, cover.cover) == ("Copperline Stomp", "Dr. Marlowe's Lamplighters")
    assert songs[-1].encore == 1 and songs[-1].info == "Extended drum solo"
