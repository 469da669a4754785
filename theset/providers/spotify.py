"""Spotify Web API client: app-token catalog calls and user-token calls (2026 dev-mode aware)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from redis.exceptions import RedisError

from .errors import (
    Forbidden,
    ProviderError,
    TokenExpired,
    TokenRevoked,
    Unavailable,
    UpstreamConfigError,
)
from .http import ApiClient, path_segment
from .shapes import as_dict, as_int, as_list

log = logging.getLogger("theset.providers")

DEFAULT_API_BASE = "https://api.spotify.com/v1"
DEFAULT_ACCOUNTS_BASE = "https://accounts.spotify.com"
APP_TOKEN_KEY = "theset:spotify:app-token"  # a Redis key name, not a secret  # nosec B105
TOKEN_MARGIN = 60  # drop a cached token this many seconds before Spotify does
SEARCH_LIMIT = 10  # 2026 maximum for /search and /artists/{id}/albums
TRACKS_LIMIT = 50
USER_LIMIT = 50
MAX_PAGES = 20  # a bound on every paging loop, whatever upstream says
MAX_IMAGE_WIDTH = 1024


@dataclass(frozen=True, slots=True)
class SpotifyArtist:
    """An artist; genres, popularity and followers are None when Spotify omits them."""

    id: str
    name: str
    url: str | None
    image_url: str | None
    genres: tuple[str, ...] | None
    popularity: int | None
    followers: int | None


@dataclass(frozen=True, slots=True)
class SpotifyAlbum:
    """An album or single; release_date keeps Spotify's precision (year, month or day)."""

    id: str
    name: str
    album_type: str | None
    release_date: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class SpotifyTrack:
    """A track; isrc is None for the simplified tracks of /albums/{id}/tracks."""

    id: str
    name: str
    url: str | None
    duration_ms: int | None
    isrc: str | None
    track_number: int | None
    disc_number: int | None


@dataclass(frozen=True, slots=True)
class SpotifyUser:
    """The signed-in user; account_id is the stable id to link accounts by (May 2026)."""

    id: str
    display_name: str | None
    email: str | None
    image_url: str | None
    account_id: str | None = None


@dataclass(frozen=True, slots=True)
class TokenSet:
    """A user's tokens after a refresh."""

    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str | None


class SpotifyClient(ApiClient):
    """Web API client; catalog calls use a shared client-credentials app token."""

    provider = "spotify"
    rate_limit_key = "theset:ratelimit:spotify"
    default_rate_per_second = 10

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        api_base: str = DEFAULT_API_BASE,
        accounts_base: str = DEFAULT_ACCOUNTS_BASE,
        session: requests.Session | None = None,
        redis: Any = None,
        **options: Any,
    ) -> None:
        super().__init__(session=session, redis=redis, **options)
        self.client_id = client_id
        self.client_secret = client_secret
        self.api_base = api_base.rstrip("/")
        self.accounts_base = accounts_base.rstrip("/")
        self._memory_token: tuple[str, float] | None = None  # (token, monotonic expiry)
        # Dev-mode apps get 403 on top tracks; once seen, stop asking in this process.
        self._top_tracks_forbidden = False

    # Catalog (app token).

    def get_artist(self, artist_id: str) -> SpotifyArtist:
        """One artist by id; NotFound when unknown."""
        return parse_artist(self._app_get(f"/artists/{path_segment(artist_id)}"))

    def search_artists(self, name: str, limit: int = 10) -> list[SpotifyArtist]:
        """Artists whose name matches `name`, best first (at most 10)."""
        limit = max(1, min(limit, SEARCH_LIMIT))
        payload = self._app_get("/search", {"q": name, "type": "artist", "limit": limit})
        return [parse_artist(item) for item in _items(as_dict(payload.get("artists")))]

    def artist_albums(self, artist_id: str) -> list[SpotifyAlbum]:
        """The artist's albums and singles, newest first as Spotify orders them."""
        path = f"/artists/{path_segment(artist_id)}/albums"
        items = self._offset_pages(
            self._app_get, path, {"include_groups": "album,single"}, SEARCH_LIMIT
        )
        return _unique(parse_album(item) for item in items)

    def album_tracks(self, album_id: str) -> list[SpotifyTrack]:
        """The tracks of one album in disc and track order."""
        path = f"/albums/{path_segment(album_id)}/tracks"
        items = self._offset_pages(self._app_get, path, {}, TRACKS_LIMIT)
        return _unique(parse_track(item) for item in items)

    def top_tracks(self, artist_id: str, market: str = "US") -> list[SpotifyTrack]:
        """The artist's top tracks; Forbidden for dev-mode apps since 2026."""
        return [track for _, track in self._top_track_pairs(artist_id, market)]

    def artist_catalog(
        self, artist_id: str, market: str = "US"
    ) -> list[tuple[SpotifyAlbum, SpotifyTrack]]:
        """Every (album, track) of the artist; top tracks first when the app may read them.

        Top tracks are forbidden for dev-mode apps, so a Forbidden answer is not an error
        here: the catalog then comes from albums and singles alone. Tracks are de-duplicated
        by Spotify id only (a single and its album version stay two tracks).
        """
        pairs: list[tuple[SpotifyAlbum, SpotifyTrack]] = []
        if not self._top_tracks_forbidden:
            try:
                pairs = self._top_track_pairs(artist_id, market)
            except Forbidden:
                self._top_tracks_forbidden = True
                log.info("spotify top tracks are forbidden for this app; using albums only")
        seen = {track.id for _, track in pairs}
        for album in self.artist_albums(artist_id):
            for track in self.album_tracks(album.id):
                if track.id not in seen:
                    seen.add(track.id)
                    pairs.append((album, track))
        return pairs

    # User calls (the user's access token).

    def me(self, token: str) -> SpotifyUser:
        """The user owning `token`; TokenExpired when Spotify refuses it."""
        raw = self._get(token, "/me")
        return SpotifyUser(
            id=str(raw.get("id", "")),
            display_name=raw.get("display_name"),
            email=raw.get("email"),
            image_url=_image_url(raw.get("images")),
            account_id=raw.get("account_id"),
        )

    def followed_artists(self, token: str, limit: int = 50) -> list[SpotifyArtist]:
        """Every artist the user follows (cursor paging, `limit` per page)."""
        params: dict[str, Any] = {"type": "artist", "limit": max(1, min(limit, USER_LIMIT))}
        artists: list[SpotifyArtist] = []
        for _ in range(MAX_PAGES):
            page = as_dict(self._get(token, "/me/following", params).get("artists"))
            items = _items(page)
            artists.extend(parse_artist(item) for item in items)
            after = as_dict(page.get("cursors")).get("after")
            if not items or not after or after == params.get("after"):
                break
            params["after"] = after
        return _unique(artists)

    def top_artists(
        self, token: str, limit: int = 50, time_range: str = "medium_term"
    ) -> list[SpotifyArtist]:
        """The user's top artists over `time_range` (offset paging, `limit` per page)."""

        def fetch(path: str, params: dict[str, Any]) -> dict[str, Any]:
            return self._get(token, path, params)

        limit = max(1, min(limit, USER_LIMIT))
        items = self._offset_pages(fetch, "/me/top/artists", {"time_range": time_range}, limit)
        return _unique(parse_artist(item) for item in items)

    def refresh_user_token(self, refresh_token: str) -> TokenSet:
        """New tokens for a user; TokenRevoked when the refresh token is refused."""
        payload = self._token_request(
            {"grant_type": "refresh_token", "refresh_token": refresh_token}
        )
        # Spotify may or may not rotate the refresh token; without a new one, keep ours.
        return parse_token_set(payload, fallback_refresh_token=refresh_token)

    def exchange_code(self, code: str, redirect_uri: str) -> TokenSet:
        """A user's tokens for an authorization code (Authlib does this in the browser flow;
        the demo sign-in uses it directly)."""
        payload = self._token_request(
            {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        )
        return parse_token_set(payload)

    # App token, shared by every process through Redis.

    def app_token(self) -> str:
        """A client-credentials token, from the shared cache or freshly fetched."""
        cached = self._cached_token()
        if cached:
            return cached
        payload = self._token_request({"grant_type": "client_credentials"})
        token = _access_token(payload)
        ttl = max(1, (as_int(payload.get("expires_in")) or 3600) - TOKEN_MARGIN)
        self._store_token(token, ttl)
        return token

    def _cached_token(self) -> str | None:
        if self.redis is not None:
            try:
                value = self.redis.get(APP_TOKEN_KEY)
                return value.decode() if isinstance(value, bytes) else value
            except RedisError as exc:
                log.warning("spotify token cache unavailable: %s", exc)
        if self._memory_token and self._memory_token[1] > time.monotonic():
            return self._memory_token[0]
        return None

    def _store_token(self, token: str, ttl: int) -> None:
        if self.redis is not None:
            try:
                self.redis.set(APP_TOKEN_KEY, token, ex=ttl)
                return
            except RedisError as exc:
                log.warning("spotify token cache unavailable: %s", exc)
        self._memory_token = (token, time.monotonic() + ttl)

    def _drop_token(self) -> None:
        self._memory_token = None
        if self.redis is not None:
            try:
                self.redis.delete(APP_TOKEN_KEY)
            except RedisError as exc:
                log.warning("spotify token cache unavailable: %s", exc)

    def _token_request(self, form: dict[str, str]) -> dict[str, Any]:
        return self.request(
            "POST",
            f"{self.accounts_base}/api/token",
            data=form,
            auth=(self.client_id, self.client_secret),
        )

    def _app_get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            return self._get(self.app_token(), path, params)
        except TokenExpired:
            # The shared token expired mid-run or was revoked: fetch a new one, retry once.
            self._drop_token()
        try:
            return self._get(self.app_token(), path, params)
        except TokenExpired:
            self._drop_token()
            raise UpstreamConfigError(
                self.provider, "a freshly issued app token was refused", status=401
            ) from None

    def _get(self, token: str, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"}
        return self.request("GET", f"{self.api_base}{path}", params=params, headers=headers)

    def _offset_pages(
        self,
        fetch: Callable[[str, dict[str, Any]], dict[str, Any]],
        path: str,
        params: dict[str, Any],
        limit: int,
    ) -> Iterator[dict[str, Any]]:
        # `next` only says whether to go on: we build the URL ourselves so a token is never
        # sent to whatever host a `next` link names.
        offset = 0
        for _ in range(MAX_PAGES):
            page = fetch(path, {**params, "limit": limit, "offset": offset})
            items = _items(page)
            yield from items
            if not items or not page.get("next"):
                return
            offset += limit

    def _top_track_pairs(
        self, artist_id: str, market: str
    ) -> list[tuple[SpotifyAlbum, SpotifyTrack]]:
        payload = self._app_get(
            f"/artists/{path_segment(artist_id)}/top-tracks", {"market": market}
        )
        return [
            (parse_album(as_dict(raw.get("album"))), parse_track(raw))
            for raw in as_list(payload.get("tracks"))
            if isinstance(raw, dict)
        ]

    # Error shapes: API {"error": {"status", "message"}}, token endpoint {"error": "code"}.

    def error_message(self, payload: Any, text: str) -> str:
        error = as_dict(payload).get("error")
        if isinstance(error, str):
            return f"{error}: {as_dict(payload).get('error_description', '')}"
        if isinstance(error, dict):
            reason = error.get("reason")
            message = str(error.get("message", ""))
            return f"{message} ({reason})" if reason else message
        return text.strip()[:200]  # dev-mode 403s can be plain text

    def error_for(self, status: int, payload: Any, message: str) -> ProviderError:
        error = as_dict(payload).get("error")
        if error == "invalid_client":
            return UpstreamConfigError(self.provider, message, status=status)
        if error == "invalid_grant":
            return TokenRevoked(self.provider, message, status=status)
        if isinstance(error, str):
            return ProviderError(self.provider, message, status=status)
        if status == 401:
            return TokenExpired(self.provider, message, status=status)
        return super().error_for(status, payload, message)


def parse_artist(raw: dict[str, Any]) -> SpotifyArtist:
    """A SpotifyArtist from an artist object, full or simplified."""
    genres = raw.get("genres")
    followers = raw.get("followers")
    return SpotifyArtist(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        url=as_dict(raw.get("external_urls")).get("spotify"),
        image_url=_image_url(raw.get("images")),
        genres=tuple(str(g) for g in genres) if isinstance(genres, list) else None,
        popularity=as_int(raw.get("popularity")),
        followers=as_int(followers.get("total")) if isinstance(followers, dict) else None,
    )


def parse_album(raw: dict[str, Any]) -> SpotifyAlbum:
    """A SpotifyAlbum from an album object."""
    return SpotifyAlbum(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        album_type=raw.get("album_type"),
        release_date=raw.get("release_date"),
        url=as_dict(raw.get("external_urls")).get("spotify"),
    )


def parse_track(raw: dict[str, Any]) -> SpotifyTrack:
    """A SpotifyTrack from a full or simplified track object."""
    return SpotifyTrack(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        url=as_dict(raw.get("external_urls")).get("spotify"),
        duration_ms=as_int(raw.get("duration_ms")),
        isrc=as_dict(raw.get("external_ids")).get("isrc"),
        track_number=as_int(raw.get("track_number")),
        disc_number=as_int(raw.get("disc_number")),
    )


def _image_url(images: Any) -> str | None:
    """The widest image up to 1024 px, else the widest; Spotify may leave widths null."""
    usable = [i for i in as_list(images) if isinstance(i, dict) and i.get("url")]
    if not usable:
        return None
    small_enough = [i for i in usable if (as_int(i.get("width")) or 0) <= MAX_IMAGE_WIDTH]
    return max(small_enough or usable, key=lambda i: as_int(i.get("width")) or 0)["url"]


def parse_token_set(payload: dict[str, Any], fallback_refresh_token: str | None = None) -> TokenSet:
    """Tokens from a token endpoint answer (ours, or Authlib's token dict)."""
    expires_in = as_int(payload.get("expires_in")) or 3600
    return TokenSet(
        access_token=_access_token(payload),
        refresh_token=payload.get("refresh_token") or fallback_refresh_token,
        expires_at=datetime.now(UTC) + timedelta(seconds=expires_in),
        scope=payload.get("scope"),
    )


def _access_token(payload: dict[str, Any]) -> str:
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        raise Unavailable("spotify", "token response without an access_token")
    return token


def _unique(items) -> list:
    # Paging can repeat an item when the list changes between pages; keep the first.
    seen: set[str] = set()
    result = []
    for item in items:
        if item.id and item.id not in seen:
            seen.add(item.id)
            result.append(item)
    return result


def _items(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in as_list(page.get("items")) if isinstance(item, dict)]
