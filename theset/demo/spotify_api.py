"""The Spotify Web API from the demo catalog: search, artists, albums and a fan's artists.

How demo fans sign in, and their tokens, is in spotify_accounts.py.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from ..text import begins_words
from .answer import Answer, int_param
from .catalog import Catalog, words
from .spotify_accounts import USER_TOKEN_PREFIX

SPOTIFY_API = "https://api.spotify.com/v1"
Query = list[tuple[str, object]]
SPOTIFY_ID = re.compile(r"[0-9A-Za-z]{22}")
SEARCH_TYPES = ("album", "artist", "playlist", "track", "show", "episode", "audiobook")
ALBUM_GROUPS = ("album", "single", "compilation", "appears_on")
TIME_RANGES = ("short_term", "medium_term", "long_term")


def spotify_error(status: int, message: str) -> Answer:
    return Answer(status, {"error": {"status": status, "message": message}})


def _paging(items: list, offset: int, limit: int, path: str, query: Query) -> dict:
    """An offset paging object; `next` and `previous` are absolute URLs or null.

    `query` is the page's query in the order Spotify writes it; each link sets its offset.
    """

    def url(at: int) -> str:
        return _url(path, [(name, at if name == "offset" else value) for name, value in query])

    total = len(items)
    return {
        "href": url(offset),
        "items": items[offset : offset + limit],
        "limit": limit,
        "next": url(offset + limit) if offset + limit < total else None,
        "offset": offset,
        "previous": url(max(offset - limit, 0)) if offset > 0 else None,
        "total": total,
    }


def _limit(query: dict, default: int, maximum: int) -> int:
    limit = int_param(query, "limit", default, lambda: spotify_error(400, "Invalid limit"))
    if not 1 <= limit <= maximum:
        raise spotify_error(400, "Invalid limit")
    return limit


def _offset(query: dict, maximum: int = 100_000) -> int:
    offset = int_param(query, "offset", 0, lambda: spotify_error(400, "Invalid offset"))
    if not 0 <= offset <= maximum:
        raise spotify_error(400, "Invalid offset")
    return offset


def _spotify_id(raw: str) -> str:
    if not SPOTIFY_ID.fullmatch(raw):
        raise spotify_error(400, "Invalid base62 id")
    return raw


def _url(path: str, query: Query) -> str:
    """An absolute Web API URL; parameters that are None are left out."""
    pairs = [(name, value) for name, value in query if value is not None]
    return f"{SPOTIFY_API}{path}?" + urlencode(pairs, safe=",", quote_via=quote)


class SpotifyAPI:
    """The Web API endpoints TheSet calls, as a 2026 development-mode app sees them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def answer(self, method: str, path: str, query: dict, token: str) -> dict:
        path = path.rstrip("/")
        if method == "GET":
            if path == "/v1/search":
                return self.search(query)
            if path == "/v1/me" or path.startswith("/v1/me/"):
                return self.me(path, query, token)
            route = re.fullmatch(r"/v1/(artists|albums)/([^/]+)(?:/([a-z-]+))?", path)
            if route:
                kind, ident, sub = route.groups()
                if kind == "artists" and sub == "top-tracks":
                    raise spotify_error(403, "Forbidden")
                if kind == "artists" and sub in (None, "albums"):
                    artist = self.artist(ident)
                    return artist if sub is None else self.artist_albums(artist["id"], query)
                if kind == "albums" and sub == "tracks":
                    return self.album_tracks(ident, query)
        raise spotify_error(404, "Service not found")

    def artist(self, ident: str) -> dict:
        artist = self.catalog.artist_by_id.get(_spotify_id(ident))
        if artist is None:
            raise spotify_error(404, "Resource not found")
        return artist

    def search(self, query: dict) -> dict:
        # Spotify's own next/previous links spell the parameter `query`.
        text = (query.get("q") or query.get("query") or "").strip()
        if not text:
            raise spotify_error(400, "No search query")
        if not query.get("type"):
            raise spotify_error(400, "Missing parameter type")
        types = [t.strip() for t in query["type"].split(",")]
        for kind in types:
            if kind not in SEARCH_TYPES:
                raise spotify_error(400, f"Bad search type field {kind}")
        limit, offset = _limit(query, 5, 10), _offset(query, 1000)
        # Field filters such as artist:"Name" search the name itself; quotes are dropped.
        plain = re.sub(r"\b[a-z_]+:", " ", text).replace('"', " ")
        wanted = words(plain)
        found = [a for a in self.catalog.artists if begins_words(wanted, words(a["name"]))]
        found.sort(key=lambda a: words(a["name"]) != wanted)
        market = query.get("market")
        return {
            f"{kind}s": _paging(
                found if kind == "artist" else [],
                offset,
                limit,
                "/search",
                [
                    ("query", text),
                    ("type", kind),
                    ("market", market),
                    ("offset", offset),
                    ("limit", limit),
                ],
            )
            for kind in types
        }

    def artist_albums(self, artist_id: str, query: dict) -> dict:
        groups = [g.strip() for g in query.get("include_groups", "").split(",") if g.strip()]
        for group in groups:
            if group not in ALBUM_GROUPS:
                raise spotify_error(400, "Invalid include_groups")
        limit, offset = _limit(query, 5, 10), _offset(query)
        releases = [
            r for r in self.catalog.releases[artist_id] if not groups or r["album_group"] in groups
        ]
        releases.sort(key=lambda r: r["release_date"], reverse=True)
        releases.sort(key=lambda r: ALBUM_GROUPS.index(r["album_group"]))
        include = ",".join(groups) if groups else None
        return _paging(
            releases,
            offset,
            limit,
            f"/artists/{artist_id}/albums",
            [
                ("offset", offset),
                ("limit", limit),
                ("include_groups", include),
                ("market", query.get("market")),
            ],
        )

    def album_tracks(self, ident: str, query: dict) -> dict:
        album_id = _spotify_id(ident)
        if album_id not in self.catalog.album_tracks:
            raise spotify_error(404, "Resource not found")
        limit, offset = _limit(query, 20, 50), _offset(query)
        return _paging(
            self.catalog.album_tracks[album_id],
            offset,
            limit,
            f"/albums/{album_id}/tracks",
            [("offset", offset), ("limit", limit), ("market", query.get("market"))],
        )

    def me(self, path: str, query: dict, token: str) -> dict:
        user = None
        if token.startswith(USER_TOKEN_PREFIX):
            user = self.catalog.users.get(token[len(USER_TOKEN_PREFIX) :])
        if user is None:
            raise spotify_error(401, "Invalid access token")
        if path == "/v1/me":
            return user["profile"]
        if path == "/v1/me/following":
            return self.following(user, query)
        if path == "/v1/me/top/artists":
            if query.get("time_range", "medium_term") not in TIME_RANGES:
                raise spotify_error(400, "Invalid time range")
            artists = [self.catalog.artist_by_id[i] for i in user["top_artist_ids"]]
            limit, offset = _limit(query, 20, 50), _offset(query)
            return _paging(
                artists,
                offset,
                limit,
                "/me/top/artists",
                [("limit", limit), ("offset", offset), ("time_range", query.get("time_range"))],
            )
        raise spotify_error(404, "Service not found")

    def following(self, user: dict, query: dict) -> dict:
        if not query.get("type"):
            raise spotify_error(400, "Missing parameter type")
        if query["type"] != "artist":
            raise spotify_error(400, "Only valid type is artist")
        limit = _limit(query, 20, 50)
        ids = user["followed_artist_ids"]
        after = query.get("after")
        start = 0
        if after:
            start = ids.index(after) + 1 if after in ids else len(ids)
        page = ids[start : start + limit]
        more = start + limit < len(ids)
        cursor = page[-1] if more and page else None

        def url(after_id: str | None) -> str:
            pairs: Query = [("type", "artist"), ("after", after_id), ("limit", limit)]
            return _url("/me/following", pairs)

        return {
            "artists": {
                "items": [self.catalog.artist_by_id[i] for i in page],
                "next": url(cursor) if cursor else None,
                "total": len(ids),
                "cursors": {"after": cursor},
                "limit": limit,
                "href": url(after or None),
            }
        }
