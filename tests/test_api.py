"""The read-only JSON API: payloads as INTERFACE.md names them, errors, ETags, and the
OpenAPI document checked against the app by schemathesis."""

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from sqlalchemy import select

from theset.api.openapi import openapi_document
from theset.extensions import db
from theset.models import Setlist, Show, Vote, utcnow
from theset.services import setlists

from .conftest import rolled_back
from .factories import (
    make_actual,
    make_artist,
    make_setlist,
    make_show,
    make_track,
    make_user,
    make_vote,
)

ZOE = "K8vZ91mDDPm"
SHOW_KEYS = {
    "id",
    "tm_id",
    "name",
    "starts_at",
    "local_date",
    "local_time",
    "status",
    "ticket_url",
    "image_url",
    "url",
    "venue",
}
ARTIST_KEYS = {
    "id",
    "slug",
    "name",
    "tm_id",
    "spotify_id",
    "image_url",
    "genres",
    "popularity",
    "followers",
    "url",
}


def _error(response, status: int) -> None:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert set(response.json) == {"error"}
    assert response.json["error"]["status"] == status and response.json["error"]["message"]


# /api/search


def test_search_answers_the_interface_fields(client):
    response = client.get("/api/search?q=marchetti")
    assert response.status_code == 200
    artists = response.json["artists"]
    assert set(response.json) == {"artists"}
    assert [set(artist) for artist in artists] == [
        {"tm_id", "name", "image_url", "upcoming_shows", "url"}
    ]
    zoe = artists[0]
    assert zoe["tm_id"] == ZOE and zoe["name"] == "Zoé Marchetti"
    assert zoe["upcoming_shows"] == 5
    assert zoe["url"] == f"http://localhost/artists/tm/{ZOE}"
    assert client.get(zoe["url"]).status_code == 303  # selecting imports the artist


def test_search_with_no_match_is_an_empty_list(client):
    assert client.get("/api/search?q=zzzqqqxxx").json == {"artists": []}


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?q=" + "a" * 101])
def test_search_without_a_usable_query_is_a_400(client, query):
    _error(client.get(f"/api/search{query}"), 400)


def test_search_with_ticketmaster_down_is_a_503(upstream_app, upstream):
    upstream.fail("ticketmaster", 500)
    _error(upstream_app.test_client().get("/api/search?q=marchetti"), 503)


def test_search_is_rate_limited_like_the_search_page(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    with rolled_back(app):
        client = app.test_client()
        statuses = [client.get("/api/search?q=marchetti").status_code for _ in range(31)]
        assert statuses == [200] * 30 + [429]
        limited = client.get("/api/search?q=marchetti")
        _error(limited, 429)
        assert int(limited.headers["Retry-After"]) >= 1


# /api/artists/<slug> and /api/shows/<id>


def test_artist_with_upcoming_shows(client, session):
    artist = make_artist(name="Night Ferries", slug="night-ferries", genres=["indie"])
    soon = make_show(artist=artist, starts_at=utcnow() + timedelta(days=3))
    later = make_show(artist=artist, starts_at=utcnow() + timedelta(days=10))
    make_show(artist=artist, starts_at=utcnow() - timedelta(days=3))  # past: not listed
    session.commit()
    body = client.get("/api/artists/night-ferries").json
    assert set(body) == ARTIST_KEYS | {"shows"}
    assert body["name"] == "Night Ferries" and body["genres"] == ["indie"]
    assert body["url"] == "http://localhost/artists/night-ferries"
    assert [show["id"] for show in body["shows"]] == [soon.id, later.id]
    first = body["shows"][0]
    assert set(first) == SHOW_KEYS
    assert first["url"] == f"http://localhost/shows/{soon.id}"
    assert first["venue"]["name"] == soon.venue.name
    assert first["starts_at"].startswith(soon.starts_at.strftime("%Y-%m-%dT%H:%M:%S"))


def test_unknown_artist_is_a_404(client):
    _error(client.get("/api/artists/nobody-at-all"), 404)


def test_show_with_venue_and_artist(client, session):
    show = make_show(name="Ferries at the Pier")
    session.commit()
    body = client.get(f"/api/shows/{show.id}").json
    assert set(body) == SHOW_KEYS | {"artist"}
    assert body["name"] == "Ferries at the Pier" and body["status"] == "onsale"
    assert body["venue"]["city"] == "Chicago"
    assert set(body["artist"]) == ARTIST_KEYS and body["artist"]["slug"] == show.artist.slug


@pytest.mark.parametrize("path", ["/api/shows/999999", "/api/shows/0", "/api/shows/x"])
def test_unknown_show_is_a_404(client, path):
    _error(client.get(path), 404)


# /api/shows/<id>/setlist


def test_setlist_most_votes_first_for_a_guest(client, session):
    show = make_show()
    songs = make_setlist(show, votes=(0, 3, 1))
    session.commit()
    body = client.get(f"/api/shows/{show.id}/setlist").json
    assert set(body) == {"show_id", "status", "songs"}
    assert body["show_id"] == show.id and body["status"] == "ready"
    assert [song["votes"] for song in body["songs"]] == [3, 1, 0]
    top = body["songs"][0]
    assert set(top) == {"id", "votes", "voted", "suggested", "track"}  # INTERFACE.md, plus one
    assert top["suggested"] is False
    assert set(top["track"]) == {"id", "name", "spotify_id", "spotify_url"}
    assert top["id"] == songs[1].id and top["track"]["name"] == songs[1].track.name
    assert not any(song["voted"] for song in body["songs"])


def test_setlist_says_which_songs_the_signed_in_fan_voted_for(client, session, auth):
    show = make_show()
    songs = make_setlist(show, votes=(0, 3, 1))
    fan = make_user()
    session.add(Vote(user=fan, setlist_song_id=songs[2].id))
    session.commit()
    auth.login(as_=fan)
    response = client.get(f"/api/shows/{show.id}/setlist")
    voted = {song["id"]: song["voted"] for song in response.json["songs"]}
    assert voted == {songs[0].id: False, songs[1].id: False, songs[2].id: True}
    assert response.headers["Cache-Control"] == "private, no-store"


def test_setlist_is_created_on_first_access_and_building_until_seeded(client, session, monkeypatch):
    queued = []
    monkeypatch.setattr(setlists, "queue_catalog_import", lambda *args: queued.append(args))
    show = make_show(artist=make_artist(spotify_id="sp-building", catalog_synced_at=None))
    session.commit()
    body = client.get(f"/api/shows/{show.id}/setlist").json
    assert body == {"show_id": show.id, "status": "building", "songs": []}
    assert session.scalar(select(Setlist).where(Setlist.show_id == show.id)) is not None
    assert len(queued) == 1
    make_track(artist=show.artist)  # the queued import has stored the catalog
    session.commit()
    body = client.get(f"/api/shows/{show.id}/setlist").json
    assert body["status"] == "ready" and len(body["songs"]) == 1


def test_setlist_of_an_unknown_show_is_a_404(client):
    _error(client.get("/api/shows/999999/setlist"), 404)


# Caching


@pytest.mark.parametrize(
    "path", ["/api/search?q=marchetti", "/api/openapi.json", "/api/shows/{id}"]
)
def test_etag_and_304(client, session, path):
    show = make_show()
    session.commit()
    url = path.format(id=show.id)
    first = client.get(url)
    assert first.headers["ETag"].startswith('W/"')
    assert first.headers["Cache-Control"] == "public, max-age=15"
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_the_setlist_etag_changes_with_a_vote(client, session):
    show = make_show()
    songs = make_setlist(show)
    session.commit()
    url = f"/api/shows/{show.id}/setlist"
    etag = client.get(url).headers["ETag"]
    songs[0].votes += 1
    session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


# The OpenAPI document


def test_openapi_document_describes_exactly_the_api(client):
    document = client.get("/api/openapi.json").json
    assert document == openapi_document()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/search",
        "/api/artists/{slug}",
        "/api/shows/{show_id}",
        "/api/shows/{show_id}/setlist",
        "/api/shows/{show_id}/actual",
        "/api/leaderboard",
    }
    errors = {
        path: set(item["get"]["responses"]) - {"200", "304"}
        for path, item in document["paths"].items()
    }
    assert errors == {
        "/api/search": {"400", "429", "503"},
        "/api/artists/{slug}": {"404", "503"},
        "/api/shows/{show_id}": {"404", "503"},
        "/api/shows/{show_id}/setlist": {"404", "503"},
        "/api/shows/{show_id}/actual": {"404", "503"},
        "/api/leaderboard": {"503"},
    }


@pytest.fixture
def api_app(make_app):
    """The app with a few rows, and real path parameters for each operation."""
    app = make_app(UPSTREAM_OPTIONS={"rate_per_second": 1000})
    with rolled_back(app), app.app_context():
        show = make_show()
        make_setlist(show)
        make_show(artist=show.artist)
        fan = make_user()
        for days in (1, 2):  # two shows with their setlist in: the fan is on the leaderboard
            happened = make_show(artist=show.artist, starts_at=utcnow() - timedelta(days=days))
            track = make_track(artist=show.artist)
            make_vote(happened, user=fan, track=track)
            make_actual(happened, [("Intro", True), track.name, ""])
        known = {
            "/api/artists/{slug}": {"slug": show.artist.slug},
            "/api/shows/{show_id}": {"show_id": show.id},
            "/api/shows/{show_id}/setlist": {"show_id": show.id},
            "/api/shows/{show_id}/actual": {"show_id": happened.id},
        }
        yield app, known


def test_a_demo_past_show_answers_what_it_played_and_how_the_crowd_did(app, client, runner):
    assert runner.invoke(args=["theset", "demo", "load"]).exit_code == 0
    with app.app_context():
        past = db.session.scalars(select(Show).where(Show.starts_at < utcnow()))
        shows = {show.artist.name: show.id for show in past}
    body = client.get(f"/api/shows/{shows['Zoé Marchetti']}/actual").json
    assert body["status"] == "found"
    assert body["source_url"].startswith("https://www.setlist.fm/setlist/zoe-marchetti/")
    assert body["accuracy"] == {
        "predicted": 10,
        "played": 13,
        "hits": 6,
        "precision": 0.6,
        "recall": 0.4615,
    }
    opener, *_, last = body["songs"]
    assert (opener["name"], opener["tape"], opener["crowd_rank"]) == ("Ouverture", True, None)
    assert (last["name"], last["encore"], last["track_id"] is not None) == ("Marée basse", 1, True)
    cover = next(song for song in body["songs"] if song["cover"])
    assert (cover["name"], cover["cover"], cover["track_id"]) == ("Nordlys", "Fjøra", None)
    waiting = client.get(f"/api/shows/{shows['Fjøra']}/actual").json
    assert (waiting["status"], waiting["songs"], waiting["accuracy"]) == ("waiting", [], None)


def _generation_cases() -> list:
    """Each path with valid input, and with invalid input where it takes any (an operation
    without parameters has no invalid input to send)."""
    paths = openapi_document()["paths"]
    return [
        pytest.param(path, mode, id=f"{path}-{mode.value}")
        for path in paths
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if mode is GenerationMode.POSITIVE or paths[path]["get"]["parameters"][:-1]
    ]


@pytest.mark.parametrize(("path", "mode"), _generation_cases())
def test_every_answer_matches_the_openapi_document(api_app, path, mode):
    app, known = api_app
    operation = schemathesis.openapi.from_wsgi("/api/openapi.json", app)[path]["GET"]
    strategies = [operation.as_strategy(mode)]
    if mode is GenerationMode.POSITIVE and path in known:
        strategies.append(operation.as_strategy(mode, path_parameters=known[path]))

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def answers_as_documented(case):
        # The WSGI transport does not decode compressed bodies: ask for them plain.
        case.call_and_validate(
            headers={"Accept-Encoding": "identity"},
            checks=[not_a_server_error, response_schema_conformance],
        )

    answers_as_documented()
