"""The Spotify Web API client: catalog calls on the app token, user calls on a user's."""

from __future__ import annotations

import logging
from typing import Any

import requests

from ..errors import Forbidden, ProviderError, TokenExpired, TokenRevoked, UpstreamConfigError
from ..http import ApiClient, path_segment
from ..shapes import as_dict, as_list
from .objects import (
    SpotifyAlbum,
    SpotifyArtist,
    SpotifyTrack,
    SpotifyUser,
    parse_album,
    parse_artist,
    parse_track,
    parse_user,
)
from .paging import Fetch, cursor_pages, offset_pages, page_items, unique
from .tokens import AppTokenCache, TokenSet, parse_token_set

log = logging.getLogger("theset.providers")

DEFAULT_API_BASE = "https://api.spotify.com/v1"
DEFAULT_ACCOUNTS_BASE = "https://accounts.spotify.com"
SEARCH_LIMIT = 10  # 2026 maximum for /search and /artists/{id}/albums
TRACKS_LIMIT = 50
USER_LIMIT = 50


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
        self.app_tokens = AppTokenCache(redis)
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
        return [parse_artist(item) for item in page_items(as_dict(payload.get("artists")))]

    def artist_albums(self, artist_id: str) -> list[SpotifyAlbum]:
        """The artist's albums and singles, newest first as Spotify orders them."""
        path = f"/artists/{path_segment(artist_id)}/albums"
        items = offset_pages(self._app_get, path, {"include_groups": "album,single"}, SEARCH_LIMIT)
        return unique(parse_album(item) for item in items)

    def album_tracks(self, album_id: str) -> list[SpotifyTrack]:
        """The tracks of one album in disc and track order."""
        path = f"/albums/{path_segment(album_id)}/tracks"
        items = offset_pages(self._app_get, path, {}, TRACKS_LIMIT)
        return unique(parse_track(item) for item in items)

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

    # User calls (the user's access token).

    def me(self, token: str) -> SpotifyUser:
        """The user owning `token`; TokenExpired when Spotify refuses it."""
        return parse_user(self._get(token, "/me"))

    def followed_artists(self, token: str, limit: int = 50) -> list[SpotifyArtist]:
        """Every artist the user follows (cursor paging, `limit` per page)."""
        params = {"type": "artist", "limit": max(1, min(limit, USER_LIMIT))}
        items = cursor_pages(self._user_fetch(token), "/me/following", params, "artists")
        return unique(parse_artist(item) for item in items)

    def top_artists(
        self, token: str, limit: int = 50, time_range: str = "medium_term"
    ) -> list[SpotifyArtist]:
        """The user's top artists over `time_range` (offset paging, `limit` per page)."""
        limit = max(1, min(limit, USER_LIMIT))
        fetch = self._user_fetch(token)
        items = offset_pages(fetch, "/me/top/artists", {"time_range": time_range}, limit)
        return unique(parse_artist(item) for item in items)

    def _user_fetch(self, token: str) -> Fetch:
        def fetch(path: str, params: dict[str, Any]) -> dict[str, Any]:
            return self._get(token, path, params)

        return fetch

    # Tokens: the accounts service's grants.

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

    def app_token(self) -> str:
        """A client-credentials token, from the shared cache or freshly fetched."""
        cached = self.app_tokens.get()
        if cached:
            return cached
        return self.app_tokens.store(self._token_request({"grant_type": "client_credentials"}))

    def _token_request(self, form: dict[str, str]) -> dict[str, Any]:
        return self.request(
            "POST",
            f"{self.accounts_base}/api/token",
            data=form,
            auth=(self.client_id, self.client_secret),
        )

    # Calls.

    def _app_get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            return self._get(self.app_token(), path, params)
        except TokenExpired:
            # The shared token expired mid-run or was revoked: fetch a new one, retry once.
            self.app_tokens.drop()
        try:
            return self._get(self.app_token(), path, params)
        except TokenExpired:
            self.app_tokens.drop()
            raise UpstreamConfigError(
                self.provider, "a freshly issued app token was refused", status=401
            ) from None

    def _get(self, token: str, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"}
        return self.request("GET", f"{self.api_base}{path}", params=params, headers=headers)

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
