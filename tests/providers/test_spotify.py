"""SpotifyClient against a fake Web API and accounts service serving the recorded bodies."""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug import Request, Response

from theset.providers.errors import (
    Forbidden,
    NotFound,
    RateLimited,
    TokenExpired,
    TokenRevoked,
    UpstreamConfigError,
)
from theset.providers.matching import exact_match
from theset.providers.spotify.tokens import APP_TOKEN_KEY

from .fake_upstream import (
    SPOTIFY_ID,
    SPOTIFY_SECRET,
    json_response,
    sent,
    spotify_error,
    spotify_items,
    spotify_pager,
    spotify_sample,
)

TOKEN = "/api/token"
BASIC = "Basic " + base64.b64encode(f"{SPOTIFY_ID}:{SPOTIFY_SECRET}".encode()).decode()


def app_token_value() -> str:
    return spotify_sample("token_client_credentials.json")["access_token"]


@pytest.fixture
def token_endpoint(upstream):
    """The accounts service issuing the recorded client-credentials token."""
    upstream.expect_request(TOKEN, method="POST").respond_with_json(
        spotify_sample("token_client_credentials.json")
    )
    return upstream


def bearer(request: Request) -> str:
    return request.headers.get("Authorization", "")


# The app token.


def test_app_token_call_uses_basic_auth_and_the_form(token_endpoint, spotify):
    token_endpoint.expect_request("/v1/artists/0OdUWJ0sBjDrqHygGUXeCF").respond_with_json(
        spotify_sample("artist.json")
    )
    spotify.get_artist("0OdUWJ0sBjDrqHygGUXeCF")

    (token_call,) = sent(token_endpoint, TOKEN)
    assert token_call.headers["Authorization"] == BASIC
    assert token_call.mimetype == "application/x-www-form-urlencoded"
    assert token_call.form.to_dict() == {"grant_type": "client_credentials"}
    (api_call,) = sent(token_endpoint, "/v1/artists/0OdUWJ0sBjDrqHygGUXeCF")
    assert bearer(api_call) == f"Bearer {app_token_value()}"


def test_app_token_is_shared_through_redis_with_a_ttl(token_endpoint, make_spotify, redis_db):
    token_endpoint.expect_request("/v1/artists/a").respond_with_json(spotify_sample("artist.json"))
    make_spotify(redis=redis_db).get_artist("a")
    make_spotify(redis=redis_db).get_artist("a")  # another process: same token

    assert len(sent(token_endpoint, TOKEN)) == 1
    assert redis_db.get(APP_TOKEN_KEY).decode() == app_token_value()
    assert 3530 <= redis_db.ttl(APP_TOKEN_KEY) <= 3540  # expires_in 3600 minus 60


def test_app_token_is_cached_in_memory_without_redis(token_endpoint, spotify):
    token_endpoint.expect_request("/v1/artists/a").respond_with_json(spotify_sample("artist.json"))
    spotify.get_artist("a")
    spotify.get_artist("a")
    assert len(sent(token_endpoint, TOKEN)) == 1


def test_invalid_client_is_a_loud_config_error(upstream, spotify, caplog):
    upstream.expect_request(TOKEN, method="POST").respond_with_json(
        spotify_sample("error_token_invalid_client.json"), status=400
    )
    with caplog.at_level(logging.ERROR, logger="theset.providers"):
        with pytest.raises(UpstreamConfigError, match="invalid_client"):
            spotify.get_artist("a")
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    assert SPOTIFY_SECRET not in caplog.text
    assert len(sent(upstream, TOKEN)) == 1
    assert sent(upstream, "/v1/artists/a") == []


def test_expired_app_token_mid_run_is_refetched_once(upstream, make_spotify, redis_db):
    redis_db.set(APP_TOKEN_KEY, "stale-token", ex=100)
    upstream.expect_request(TOKEN, method="POST").respond_with_json(
        spotify_sample("token_client_credentials.json")
    )

    def artist(request: Request) -> Response:
        if bearer(request) == "Bearer stale-token":
            return json_response(spotify_sample("error_401.json"), 401)
        return json_response(spotify_sample("artist.json"))

    upstream.expect_request("/v1/artists/a").respond_with_handler(artist)
    assert make_spotify(redis=redis_db).get_artist("a").name == "Band of Horses"

    assert [bearer(r) for r in sent(upstream, "/v1/artists/a")] == [
        "Bearer stale-token",
        f"Bearer {app_token_value()}",
    ]
    assert len(sent(upstream, TOKEN)) == 1
    assert redis_db.get(APP_TOKEN_KEY).decode() == app_token_value()


def test_a_refused_fresh_app_token_is_not_retried_forever(token_endpoint, spotify):
    token_endpoint.expect_request("/v1/artists/a").respond_with_json(
        spotify_sample("error_401.json"), status=401
    )
    with pytest.raises(UpstreamConfigError):
        spotify.get_artist("a")
    assert len(sent(token_endpoint, "/v1/artists/a")) == 2
    assert len(sent(token_endpoint, TOKEN)) == 2


# Catalog calls.


def test_get_artist(token_endpoint, spotify):
    token_endpoint.expect_request("/v1/artists/0OdUWJ0sBjDrqHygGUXeCF").respond_with_json(
        spotify_sample("artist.json")
    )
    artist = spotify.get_artist("0OdUWJ0sBjDrqHygGUXeCF")
    assert artist.name == "Band of Horses"
    assert artist.url == "https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF"
    assert artist.genres == ("indie folk", "indie pop")
    assert (artist.popularity, artist.followers) == (59, 306565)
    assert artist.image_url.endswith("eb266625dab075341e8c4378a177a27370f91903")  # 1000 px


def test_dev_mode_artist_without_genres_popularity_or_followers(token_endpoint, spotify):
    body = spotify_sample("artist.json")
    for field in ("genres", "popularity", "followers", "images"):
        del body[field]
    token_endpoint.expect_request("/v1/artists/a").respond_with_json(body)
    artist = spotify.get_artist("a")
    assert (artist.genres, artist.popularity, artist.followers, artist.image_url) == (
        None,
        None,
        None,
        None,
    )


def test_unknown_artist_is_not_found(token_endpoint, spotify):
    token_endpoint.expect_request("/v1/artists/nope").respond_with_json(
        spotify_error(404, "Resource not found"), status=404
    )
    with pytest.raises(NotFound):
        spotify.get_artist("nope")


def test_search_artists_caps_the_limit_and_is_matched_exactly(token_endpoint, spotify):
    token_endpoint.expect_request("/v1/search").respond_with_json(
        spotify_sample("search_artists.json")
    )
    found = spotify.search_artists("Muse", limit=50)

    (request,) = sent(token_endpoint, "/v1/search")
    assert request.args.to_dict() == {"q": "Muse", "type": "artist", "limit": "10"}
    assert [a.name for a in found] == ["Muse And The Forgetting", "Muse", "M.U.S.E."]
    assert found[0].genres == () and found[0].image_url is None
    assert exact_match("Muse", found).id == "4L6i1I6tFpc1bKui5coGme"  # not the first hit


def test_artist_albums_pages_by_ten(token_endpoint, spotify):
    albums = spotify_items("artist_albums.json", 23, "album")
    token_endpoint.expect_request("/v1/artists/a/albums").respond_with_handler(
        spotify_pager(albums)
    )
    found = spotify.artist_albums("a")

    assert [a.id for a in found] == [f"album{i}" for i in range(23)]
    assert found[0].album_type == "single" and found[0].release_date == "2019-08-23"
    assert found[0].url == "https://open.spotify.com/album/37bCTD5iLWMpDcBanNkkXB"
    assert [r.args.to_dict() for r in sent(token_endpoint, "/v1/artists/a/albums")] == [
        {"include_groups": "album,single", "limit": "10", "offset": str(offset)}
        for offset in (0, 10, 20)
    ]


def test_album_tracks_pages_by_fifty_without_isrc(token_endpoint, spotify):
    tracks = spotify_items("album_tracks.json", 60, "track")
    token_endpoint.expect_request("/v1/albums/b/tracks").respond_with_handler(spotify_pager(tracks))
    found = spotify.album_tracks("b")

    assert len(found) == 60
    first = found[0]
    assert (first.duration_ms, first.track_number, first.disc_number) == (276773, 1, 1)
    assert first.isrc is None  # simplified tracks carry no external_ids
    requests = sent(token_endpoint, "/v1/albums/b/tracks")
    assert [(r.args["limit"], r.args["offset"]) for r in requests] == [("50", "0"), ("50", "50")]


def test_paging_is_bounded(token_endpoint, spotify):
    def endless(request: Request) -> Response:
        page = spotify_sample("album_tracks.json")  # `next` is always set
        return json_response(page)

    token_endpoint.expect_request("/v1/albums/b/tracks").respond_with_handler(endless)
    spotify.album_tracks("b")
    assert len(sent(token_endpoint, "/v1/albums/b/tracks")) == 20


def test_top_tracks_have_isrc(token_endpoint, spotify):
    token_endpoint.expect_request("/v1/artists/a/top-tracks").respond_with_json(
        spotify_sample("artist_top_tracks.json")
    )
    tracks = spotify.top_tracks("a")
    assert tracks[0].name == "Can't Help Falling in Love"
    assert tracks[0].isrc == "USRC16101350"
    assert sent(token_endpoint, "/v1/artists/a/top-tracks")[0].args.to_dict() == {"market": "US"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("plain", "User not registered in the Developer Dashboard"),
        ("json", "Insufficient client scope"),
    ],
)
def test_top_tracks_are_forbidden_in_dev_mode(token_endpoint, spotify, body, message):
    if body == "plain":  # dev-mode allow-list 403s have come back as plain text
        forbidden = Response(message, 403, mimetype="text/plain")
    else:
        forbidden = json_response(spotify_sample("error_403.json"), 403)
    token_endpoint.expect_request("/v1/artists/a/top-tracks").respond_with_response(forbidden)
    with pytest.raises(Forbidden) as caught:
        spotify.top_tracks("a")
    assert caught.value.message == message
    assert caught.value.status == 403


def serve_catalog(server, top_tracks: Response) -> None:
    server.expect_request("/v1/artists/a/top-tracks").respond_with_response(top_tracks)
    albums = spotify_items("artist_albums.json", 2, "album")
    server.expect_request("/v1/artists/a/albums").respond_with_handler(spotify_pager(albums))
    for album in albums:
        tracks = spotify_items("album_tracks.json", 3, f"{album['id']}-track")
        server.expect_request(f"/v1/albums/{album['id']}/tracks").respond_with_handler(
            spotify_pager(tracks)
        )


def test_catalog_falls_back_to_albums_when_top_tracks_are_forbidden(token_endpoint, spotify):
    serve_catalog(token_endpoint, Response("User not approved for app", 403))
    catalog = spotify.artist_catalog("a")

    assert [(album.id, track.id) for album, track in catalog] == [
        (f"album{a}", f"album{a}-track{t}") for a in range(2) for t in range(3)
    ]
    spotify.artist_catalog("a")  # the 403 is remembered: no second top-tracks call
    assert len(sent(token_endpoint, "/v1/artists/a/top-tracks")) == 1


def test_catalog_puts_top_tracks_first_when_allowed(token_endpoint, spotify):
    top = spotify_sample("artist_top_tracks.json")
    serve_catalog(token_endpoint, json_response(top))
    catalog = spotify.artist_catalog("a")

    top_ids = [track["id"] for track in top["tracks"]]
    assert [track.id for _, track in catalog[: len(top_ids)]] == top_ids
    assert catalog[0][0].name == "Blue Hawaii"
    assert len(catalog) == len(top_ids) + 6


def test_429_with_retry_after_then_success(token_endpoint, spotify, sleeps):
    token_endpoint.expect_oneshot_request("/v1/artists/a").respond_with_response(
        json_response(spotify_sample("error_429.json"), 429, {"Retry-After": "2"})
    )
    token_endpoint.expect_oneshot_request("/v1/artists/a").respond_with_json(
        spotify_sample("artist.json")
    )
    assert spotify.get_artist("a").name == "Band of Horses"
    assert sleeps == [2.0]


def test_429_with_a_long_retry_after_is_rate_limited(token_endpoint, spotify, sleeps):
    token_endpoint.expect_request("/v1/artists/a").respond_with_response(
        json_response(spotify_sample("error_429.json"), 429, {"Retry-After": "3600"})
    )
    with pytest.raises(RateLimited, match="QUOTA_EXCEEDED") as caught:
        spotify.get_artist("a")
    assert caught.value.retry_after == 3600
    assert sleeps == []


# User calls.


def test_me(upstream, spotify):
    upstream.expect_request("/v1/me").respond_with_json(spotify_sample("me.json"))
    user = spotify.me("user-token")
    assert (user.id, user.display_name, user.email) == (
        "wizzler",
        "JM Wizzler",
        "email@example.com",
    )
    assert user.image_url.endswith("1798272330_n.jpg")
    assert user.account_id is None
    assert bearer(sent(upstream, "/v1/me")[0]) == "Bearer user-token"
    assert sent(upstream, TOKEN) == []  # user calls never need the app token


def test_expired_user_token(upstream, spotify):
    upstream.expect_request("/v1/me").respond_with_json(
        spotify_sample("error_401.json"), status=401
    )
    with pytest.raises(TokenExpired, match="The access token expired"):
        spotify.me("user-token")
    assert len(sent(upstream, "/v1/me")) == 1


def test_followed_artists_follow_the_cursor(upstream, spotify):
    first = spotify_sample("me_following_artists.json")
    second = spotify_sample("me_following_artists.json")
    second["artists"]["items"][0]["id"] = "second"
    second["artists"]["cursors"]["after"] = "cursor-2"
    last = spotify_sample("me_following_artists_empty.json")
    pages = {None: first, "0aV6DOiouImYTqrR5YlIqx": second, "cursor-2": last}
    upstream.expect_request("/v1/me/following").respond_with_handler(
        lambda request: json_response(pages[request.args.get("after")])
    )
    artists = spotify.followed_artists("user-token")

    assert [a.id for a in artists] == ["0I2XqVXqHScXjHhk6AYYRe", "second"]
    requests = sent(upstream, "/v1/me/following")
    assert [r.args.to_dict() for r in requests] == [
        {"type": "artist", "limit": "50"},
        {"type": "artist", "limit": "50", "after": "0aV6DOiouImYTqrR5YlIqx"},
        {"type": "artist", "limit": "50", "after": "cursor-2"},
    ]


def test_top_artists(upstream, spotify):
    artists = spotify_sample("me_top_artists.json")["items"]
    upstream.expect_request("/v1/me/top/artists").respond_with_handler(spotify_pager(artists))
    found = spotify.top_artists("user-token", time_range="long_term")
    assert [a.name for a in found][:2] == ["San Holo", "Kollegah"]
    assert sent(upstream, "/v1/me/top/artists")[0].args.to_dict() == {
        "time_range": "long_term",
        "limit": "50",
        "offset": "0",
    }


def test_refresh_without_a_new_refresh_token_keeps_the_old_one(upstream, spotify):
    upstream.expect_request(TOKEN, method="POST").respond_with_json(
        spotify_sample("token_refresh.json")
    )
    tokens = spotify.refresh_user_token("old-refresh")

    assert tokens.refresh_token == "old-refresh"
    assert tokens.access_token == spotify_sample("token_refresh.json")["access_token"]
    assert tokens.scope == "user-read-birthdate user-read-email"
    expected = datetime.now(UTC) + timedelta(seconds=3600)
    assert abs(tokens.expires_at - expected) < timedelta(seconds=5)
    (request,) = sent(upstream, TOKEN)
    assert request.headers["Authorization"] == BASIC
    assert request.form.to_dict() == {"grant_type": "refresh_token", "refresh_token": "old-refresh"}


def test_refresh_with_a_rotated_refresh_token(upstream, spotify):
    body = spotify_sample("token_refresh_pkce.json")
    upstream.expect_request(TOKEN, method="POST").respond_with_json(body)
    assert spotify.refresh_user_token("old-refresh").refresh_token == body["refresh_token"]


def test_refused_refresh_token_is_revoked(upstream, spotify):
    upstream.expect_request(TOKEN, method="POST").respond_with_json(
        {"error": "invalid_grant", "error_description": "Refresh token revoked"}, status=400
    )
    with pytest.raises(TokenRevoked):
        spotify.refresh_user_token("old-refresh")


def test_calls_are_counted_and_rate_limited_through_redis(token_endpoint, make_spotify, redis_db):
    token_endpoint.expect_request("/v1/artists/a").respond_with_json(spotify_sample("artist.json"))
    make_spotify(redis=redis_db).get_artist("a")
    day = datetime.now(UTC).date().isoformat()
    assert int(redis_db.get(f"theset:upstream:spotify:calls:{day}")) == 2  # token + artist
    assert redis_db.keys("theset:ratelimit:spotify:*")
