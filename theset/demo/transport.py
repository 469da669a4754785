"""A requests transport that answers Ticketmaster and Spotify calls from the demo catalog.

`mount_demo_transport(session)` mounts `DemoTransport` on a session for the Ticketmaster
Discovery, Spotify Web API and Spotify accounts hosts. Everything above the transport (the
real clients) sees real `requests.Response` objects in the real APIs' shapes, status codes
and error bodies. Event dates are moved so the catalog's anchor date falls on today.

Demo fans sign in with tokens named after their Spotify user id:
access token `demo-user-token:<id>`, refresh token `demo-user-refresh:<id>`, and an
authorization code `demo-code:<id>` for the code grant.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ..text import strip_accents

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
TICKETMASTER_PREFIX = "https://app.ticketmaster.com/"
SPOTIFY_API_PREFIX = "https://api.spotify.com/"
SPOTIFY_ACCOUNTS_PREFIX = "https://accounts.spotify.com/"
PREFIXES = (TICKETMASTER_PREFIX, SPOTIFY_API_PREFIX, SPOTIFY_ACCOUNTS_PREFIX)
SPOTIFY_API = "https://api.spotify.com/v1"
USER_TOKEN_PREFIX = "demo-user-token:"
USER_REFRESH_PREFIX = "demo-user-refresh:"
USER_CODE_PREFIX = "demo-code:"
USER_SCOPE = "user-follow-read user-top-read user-read-email user-read-private"
TM_DAILY_QUOTA = 5000
TM_SIZE_LIMIT = 200
TM_DEPTH_LIMIT = 1000
SPOTIFY_ID = re.compile(r"[0-9A-Za-z]{22}")
INVALID_KEY = {
    "fault": {"faultstring": "Invalid ApiKey", "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}
}
Clock = Callable[[], datetime]


class Answer(Exception):
    """Stop handling a request and answer with this status and JSON body."""

    def __init__(self, status: int, body: dict) -> None:
        super().__init__(status)
        self.status, self.body = status, body


# --- dates ---------------------------------------------------------------------------------


def shift_days(anchor: date, today: date) -> int:
    """How many days every catalog date moves so that `anchor` falls on `today`."""
    return (today - anchor).days


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _move_local(block: dict, days: int, zone: str) -> dict:
    """A start block moved by whole local days; dateTime recomputed in the venue's zone."""
    moved = dict(block)
    day = date.fromisoformat(block["localDate"]) + timedelta(days=days)
    moved["localDate"] = day.isoformat()
    if "dateTime" in block:
        if "localTime" in block:
            local = datetime.combine(day, time.fromisoformat(block["localTime"]), ZoneInfo(zone))
            moved["dateTime"] = _utc_text(local)
        else:
            moved["dateTime"] = _utc_text(_parse_utc(block["dateTime"]) + timedelta(days=days))
    return moved


def _move_instants(block: dict, days: int, keys=("startDateTime", "endDateTime")) -> dict:
    moved = dict(block)
    for key in keys:
        if isinstance(block.get(key), str):
            moved[key] = _utc_text(_parse_utc(block[key]) + timedelta(days=days))
    return moved


def shift_event(event: dict, anchor: date, today: date) -> dict:
    """The event with every date moved by (today - anchor) days; the input is not changed."""
    days = shift_days(anchor, today)
    dates = dict(event["dates"])
    zone = dates.get("timezone") or "UTC"
    dates["start"] = _move_local(dates["start"], days, zone)
    if "initialStartDate" in dates:
        dates["initialStartDate"] = _move_local(dates["initialStartDate"], days, zone)
    if "access" in dates:
        dates["access"] = _move_instants(dates["access"], days)
    moved = dict(event, dates=dates)
    if "sales" in event:
        sales = dict(event["sales"])
        if "public" in sales:
            sales["public"] = _move_instants(sales["public"], days)
        if "presales" in sales:
            sales["presales"] = [_move_instants(p, days) for p in sales["presales"]]
        moved["sales"] = sales
    return moved


def event_moment(event: dict) -> datetime:
    """When the show starts (UTC); a show with its time to be announced counts as day's end."""
    start = event["dates"]["start"]
    if "dateTime" in start:
        return _parse_utc(start["dateTime"])
    zone = ZoneInfo(event["dates"].get("timezone") or "UTC")
    day_end = datetime.combine(date.fromisoformat(start["localDate"]), time(23, 59, 59), zone)
    return day_end.astimezone(UTC)


# --- the catalog ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents: 'Zoé' -> 'zoe', 'Fjøra' -> 'fjora'."""
    return strip_accents(text).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


class Catalog:
    """The bundled JSON, loaded once and indexed by id; shifted events cached per day."""

    def __init__(self, ticketmaster: dict, spotify: dict) -> None:
        self.anchor = date.fromisoformat(ticketmaster["anchor_date"])
        self.attractions = ticketmaster["attractions"]
        self.attraction_by_id = {a["id"]: a for a in self.attractions}
        self.venues = ticketmaster["venues"]
        self.venue_by_id = {v["id"]: v for v in self.venues}
        self.raw_events = ticketmaster["events"]
        self.artists = spotify["artists"]
        self.artist_by_id = {a["id"]: a for a in self.artists}
        self.album_by_id = {a["id"]: a for a in spotify["albums"]}
        self.album_tracks = spotify["album_tracks"]
        self.users = {u["profile"]["id"]: u for u in spotify["users"]}
        self.releases: dict[str, list[dict]] = {a["id"]: [] for a in self.artists}
        for album in spotify["albums"]:
            owners = {artist["id"] for artist in album["artists"]}
            for owner in owners:
                self.releases[owner].append(dict(album_group=album["album_type"], **album))
            guests = {
                artist["id"]
                for track in self.album_tracks[album["id"]]
                for artist in track["artists"]
            } - owners
            for guest in sorted(guests):
                self.releases[guest].append(dict(album_group="appears_on", **album))
        self._lock = threading.Lock()
        self._day: date | None = None
        self._events: list[dict] = []
        self._event_by_id: dict[str, dict] = {}

    def events(self, today: date) -> tuple[list[dict], dict[str, dict]]:
        """All events with dates moved for `today`, and the same indexed by id."""
        with self._lock:
            if self._day != today:
                events = [shift_event(e, self.anchor, today) for e in self.raw_events]
                self._day, self._events = today, events
                self._event_by_id = {e["id"]: e for e in events}
            return self._events, self._event_by_id


@functools.cache
def load_catalog() -> Catalog:
    """The demo catalog, read from disk on first use."""

    def read(name: str) -> dict:
        return json.loads((CATALOG_DIR / name).read_text(encoding="utf-8"))

    return Catalog(read("ticketmaster.json"), read("spotify.json"))


def demo_attraction_ids() -> list[str]:
    """The Ticketmaster attraction ids of every demo artist, in catalog order."""
    return [attraction["id"] for attraction in load_catalog().attractions]


# --- small helpers -------------------------------------------------------------------------


def _tm_error(status: int, code: str, detail: str) -> Answer:
    return Answer(
        status,
        {
            "errors": [
                {
                    "code": code,
                    "detail": detail,
                    "status": str(status),
                    "_links": {"about": {"href": f"/discovery/v2/errors.html#{code}"}},
                }
            ]
        },
    )


def _tm_not_found(ident: str | None = None) -> Answer:
    criteria = "locale=en-us" + (f", id={ident}" if ident else "")
    return _tm_error(404, "DIS1004", f"Resource not found with provided criteria ({criteria})")


def _spotify_error(status: int, message: str) -> Answer:
    return Answer(status, {"error": {"status": status, "message": message}})


def _int_param(query: dict, name: str, default: int, error: Callable[[], Answer]) -> int:
    raw = query.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise error() from None


def _csv(query: dict, name: str) -> set[str]:
    return {part.strip() for part in query.get(name, "").split(",") if part.strip()}


def _matches_words(query_words: list[str], names: list[str]) -> bool:
    """Every query word is a whole word of one of the names (as Ticketmaster's keyword)."""
    have = {word for name in names for word in words(name)}
    return bool(query_words) and all(word in have for word in query_words)


# --- Ticketmaster --------------------------------------------------------------------------


def _classified(record: dict, names: set[str]) -> bool:
    wanted = {fold(name) for name in names}
    for entry in record.get("classifications", []):
        for level in ("segment", "genre", "subGenre"):
            if fold(entry.get(level, {}).get("name", "")) in wanted:
                return True
    return False


def _tm_datetime(query: dict, name: str) -> datetime | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        return _parse_utc(raw)
    except ValueError:
        raise _tm_error(
            400,
            "DIS1015",
            "Query param with date must be of valid format "
            "YYYY-MM-DDTHH:mm:ssZ {example: 2016-12-08T15:00:00Z}",
        ) from None


def _tm_page(resource: str, path: str, query: dict, items: list[dict]) -> dict:
    """The HAL envelope for one page; no `_embedded` when the page is empty."""

    def bad_size() -> Answer:
        return _tm_error(400, "DIS1036", 'Query param "size" must be less than 200')

    size = _int_param(query, "size", 20, bad_size)
    if size >= TM_SIZE_LIMIT:
        raise bad_size()
    size = max(size, 1)
    page = max(
        _int_param(
            query,
            "page",
            0,
            lambda: _tm_error(400, "DIS1001", 'Query param "page" must be a number'),
        ),
        0,
    )
    if page * size >= TM_DEPTH_LIMIT:
        raise _tm_error(
            400,
            "DIS1035",
            "API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000",
        )
    total = len(items)
    pages = -(-total // size)
    params = {key: value for key, value in query.items() if key != "apikey"}

    def href(number: int) -> dict:
        return {"href": f"{path}?{urlencode({**params, 'page': number, 'size': size}, safe=',')}"}

    # Like the recordings: a single first page links only to itself.
    paged = pages > 1 or page > 0
    links = {"first": href(0)} if paged else {}
    if page > 0:
        links["prev"] = href(page - 1)
    links["self"] = {"href": f"{path}?{urlencode(params, safe=',')}" if params else path}
    if page + 1 < pages:
        links["next"] = href(page + 1)
    if paged:
        links["last"] = href(max(pages - 1, 0))
    body: dict = {}
    chunk = items[page * size : (page + 1) * size]
    if chunk:
        body["_embedded"] = {resource: chunk}
    body["_links"] = links
    body["page"] = {"size": size, "totalElements": total, "totalPages": pages, "number": page}
    return body


def _by_relevance(records: list[dict], query: dict, keyword: str) -> list[dict]:
    sort = query.get("sort", "relevance,desc")
    if sort.startswith("name,"):
        return sorted(records, key=lambda r: fold(r["name"]), reverse=sort.endswith("desc"))
    exact = fold(keyword).strip()
    return sorted(records, key=lambda r: fold(r["name"]) != exact)


class TicketmasterAPI:
    """Discovery v2: attractions, events and venues, searched and by id."""

    ROUTE = re.compile(r"/discovery/v2/(events|attractions|venues)(?:/([^/]+?))?(?:\.json)?/?")

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def answer(self, method: str, path: str, query: dict, now: datetime) -> dict:
        route = self.ROUTE.fullmatch(path)
        if method != "GET" or not route:
            raise _tm_not_found()
        resource, ident = route.groups()
        events, event_by_id = self.catalog.events(now.date())
        if ident:
            index = {
                "events": event_by_id,
                "attractions": self.catalog.attraction_by_id,
                "venues": self.catalog.venue_by_id,
            }[resource]
            if ident not in index:
                raise _tm_not_found(ident)
            return index[ident]
        if resource == "events":
            return _tm_page(resource, path, query, self.search_events(events, query, now))
        if resource == "attractions":
            return _tm_page(resource, path, query, self.search_attractions(query))
        return _tm_page(resource, path, query, self.search_venues(query))

    def search_attractions(self, query: dict) -> list[dict]:
        keyword = query.get("keyword", "")
        found = []
        for record in self.catalog.attractions:
            if keyword and not _matches_words(
                words(keyword), [record["name"], *record.get("aliases", [])]
            ):
                continue
            if _csv(query, "id") and record["id"] not in _csv(query, "id"):
                continue
            if _csv(query, "classificationName") and not _classified(
                record, _csv(query, "classificationName")
            ):
                continue
            if _csv(query, "segmentId") and not {
                c["segment"]["id"] for c in record["classifications"]
            } & _csv(query, "segmentId"):
                continue
            found.append(record)
        return _by_relevance(found, query, keyword)

    def search_venues(self, query: dict) -> list[dict]:
        keyword = query.get("keyword", "")
        found = []
        for record in self.catalog.venues:
            if keyword and not _matches_words(
                words(keyword), [record["name"], record["city"]["name"]]
            ):
                continue
            if _csv(query, "id") and record["id"] not in _csv(query, "id"):
                continue
            if (
                query.get("countryCode")
                and record["country"]["countryCode"] != query["countryCode"].upper()
            ):
                continue
            if (
                query.get("stateCode")
                and record.get("state", {}).get("stateCode") != query["stateCode"].upper()
            ):
                continue
            found.append(record)
        return _by_relevance(found, query, keyword)

    def search_events(self, events: list[dict], query: dict, now: datetime) -> list[dict]:
        start = _tm_datetime(query, "startDateTime") or now
        end = _tm_datetime(query, "endDateTime")
        keyword = words(query.get("keyword", ""))
        wanted = {
            name: _csv(query, name)
            for name in ("id", "attractionId", "venueId", "classificationName", "segmentId")
        }
        found = []
        for event in events:
            moment = event_moment(event)
            if moment < start or (end and moment > end):
                continue
            attractions = event.get("_embedded", {}).get("attractions", [])
            venues = event.get("_embedded", {}).get("venues", [])
            if wanted["id"] and event["id"] not in wanted["id"]:
                continue
            if (
                wanted["attractionId"]
                and not {a["id"] for a in attractions} & wanted["attractionId"]
            ):
                continue
            if wanted["venueId"] and not {v["id"] for v in venues} & wanted["venueId"]:
                continue
            if query.get("countryCode") and query["countryCode"].upper() not in {
                v["country"]["countryCode"] for v in venues
            }:
                continue
            if wanted["classificationName"] and not _classified(
                event, wanted["classificationName"]
            ):
                continue
            if (
                wanted["segmentId"]
                and not {c["segment"]["id"] for c in event["classifications"]} & wanted["segmentId"]
            ):
                continue
            names = [event["name"]] + [
                n for a in attractions for n in (a["name"], *a.get("aliases", []))
            ]
            if keyword and not _matches_words(keyword, names):
                continue
            found.append(event)
        sort = query.get("sort", "relevance,desc")
        if sort.startswith("name,"):
            return sorted(found, key=lambda e: fold(e["name"]), reverse=sort.endswith("desc"))
        return sorted(found, key=event_moment, reverse=sort == "date,desc")


# --- Spotify -------------------------------------------------------------------------------


def _paging(items: list, offset: int, limit: int, url: Callable[[int], str]) -> dict:
    """An offset paging object; `next` and `previous` are absolute URLs or null."""
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
    limit = _int_param(query, "limit", default, lambda: _spotify_error(400, "Invalid limit"))
    if not 1 <= limit <= maximum:
        raise _spotify_error(400, "Invalid limit")
    return limit


def _offset(query: dict, maximum: int = 100_000) -> int:
    offset = _int_param(query, "offset", 0, lambda: _spotify_error(400, "Invalid offset"))
    if not 0 <= offset <= maximum:
        raise _spotify_error(400, "Invalid offset")
    return offset


def _spotify_id(raw: str) -> str:
    if not SPOTIFY_ID.fullmatch(raw):
        raise _spotify_error(400, "Invalid base62 id")
    return raw


def _query_string(pairs: list[tuple[str, object]]) -> str:
    return urlencode([(k, v) for k, v in pairs if v is not None], safe=",", quote_via=quote)


SEARCH_TYPES = ("album", "artist", "playlist", "track", "show", "episode", "audiobook")
ALBUM_GROUPS = ("album", "single", "compilation", "appears_on")
TIME_RANGES = ("short_term", "medium_term", "long_term")


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
                    raise _spotify_error(403, "Forbidden")
                if kind == "artists" and sub in (None, "albums"):
                    artist = self.artist(ident)
                    return artist if sub is None else self.artist_albums(artist["id"], query)
                if kind == "albums" and sub == "tracks":
                    return self.album_tracks(ident, query)
        raise _spotify_error(404, "Service not found")

    def artist(self, ident: str) -> dict:
        artist = self.catalog.artist_by_id.get(_spotify_id(ident))
        if artist is None:
            raise _spotify_error(404, "Resource not found")
        return artist

    def search(self, query: dict) -> dict:
        # Spotify's own next/previous links spell the parameter `query`.
        text = (query.get("q") or query.get("query") or "").strip()
        if not text:
            raise _spotify_error(400, "No search query")
        if not query.get("type"):
            raise _spotify_error(400, "Missing parameter type")
        types = [t.strip() for t in query["type"].split(",")]
        for kind in types:
            if kind not in SEARCH_TYPES:
                raise _spotify_error(400, f"Bad search type field {kind}")
        limit, offset = _limit(query, 5, 10), _offset(query, 1000)
        # Field filters such as artist:"Name" search the name itself; quotes are dropped.
        plain = re.sub(r"\b[a-z_]+:", " ", text).replace('"', " ")
        wanted = words(plain)
        found = [
            a
            for a in self.catalog.artists
            if wanted and all(any(w.startswith(q) for w in words(a["name"])) for q in wanted)
        ]
        found.sort(key=lambda a: words(a["name"]) != wanted)
        market = query.get("market")

        def url(kind: str) -> Callable[[int], str]:
            return lambda at: (
                f"{SPOTIFY_API}/search?"
                + _query_string(
                    [
                        ("query", text),
                        ("type", kind),
                        ("market", market),
                        ("offset", at),
                        ("limit", limit),
                    ]
                )
            )

        return {
            f"{kind}s": _paging(found if kind == "artist" else [], offset, limit, url(kind))
            for kind in types
        }

    def artist_albums(self, artist_id: str, query: dict) -> dict:
        groups = [g.strip() for g in query.get("include_groups", "").split(",") if g.strip()]
        for group in groups:
            if group not in ALBUM_GROUPS:
                raise _spotify_error(400, "Invalid include_groups")
        limit, offset = _limit(query, 5, 10), _offset(query)
        releases = [
            r for r in self.catalog.releases[artist_id] if not groups or r["album_group"] in groups
        ]
        releases.sort(key=lambda r: r["release_date"], reverse=True)
        releases.sort(key=lambda r: ALBUM_GROUPS.index(r["album_group"]))
        include = ",".join(groups) if groups else None
        market = query.get("market")
        return _paging(
            releases,
            offset,
            limit,
            lambda at: (
                f"{SPOTIFY_API}/artists/{artist_id}/albums?"
                + _query_string(
                    [
                        ("offset", at),
                        ("limit", limit),
                        ("include_groups", include),
                        ("market", market),
                    ]
                )
            ),
        )

    def album_tracks(self, ident: str, query: dict) -> dict:
        album_id = _spotify_id(ident)
        if album_id not in self.catalog.album_tracks:
            raise _spotify_error(404, "Resource not found")
        limit, offset = _limit(query, 20, 50), _offset(query)
        market = query.get("market")
        return _paging(
            self.catalog.album_tracks[album_id],
            offset,
            limit,
            lambda at: (
                f"{SPOTIFY_API}/albums/{album_id}/tracks?"
                + _query_string([("offset", at), ("limit", limit), ("market", market)])
            ),
        )

    def me(self, path: str, query: dict, token: str) -> dict:
        user = None
        if token.startswith(USER_TOKEN_PREFIX):
            user = self.catalog.users.get(token[len(USER_TOKEN_PREFIX) :])
        if user is None:
            raise _spotify_error(401, "Invalid access token")
        if path == "/v1/me":
            return user["profile"]
        if path == "/v1/me/following":
            return self.following(user, query)
        if path == "/v1/me/top/artists":
            if query.get("time_range", "medium_term") not in TIME_RANGES:
                raise _spotify_error(400, "Invalid time range")
            artists = [self.catalog.artist_by_id[i] for i in user["top_artist_ids"]]
            limit, offset = _limit(query, 20, 50), _offset(query)
            return _paging(
                artists,
                offset,
                limit,
                lambda at: (
                    f"{SPOTIFY_API}/me/top/artists?"
                    + _query_string(
                        [("limit", limit), ("offset", at), ("time_range", query.get("time_range"))]
                    )
                ),
            )
        raise _spotify_error(404, "Service not found")

    def following(self, user: dict, query: dict) -> dict:
        if not query.get("type"):
            raise _spotify_error(400, "Missing parameter type")
        if query["type"] != "artist":
            raise _spotify_error(400, "Only valid type is artist")
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
            return f"{SPOTIFY_API}/me/following?" + _query_string(
                [("type", "artist"), ("after", after_id), ("limit", limit)]
            )

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


class SpotifyAccounts:
    """POST /api/token for the client-credentials, authorization-code and refresh grants."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def answer(self, method: str, path: str, form: dict, headers: CaseInsensitiveDict) -> dict:
        if method != "POST" or path.rstrip("/") != "/api/token":
            raise Answer(404, {"error": "not_found", "error_description": "Not found"})
        grant = form.get("grant_type")
        if not grant:
            raise self._oauth(400, "unsupported_grant_type", "grant_type parameter is missing")
        if grant not in ("client_credentials", "authorization_code", "refresh_token"):
            raise self._oauth(
                400,
                "unsupported_grant_type",
                "grant_type must be client_credentials, authorization_code or refresh_token",
            )
        has_basic = self._basic_client(headers.get("Authorization", ""))
        if not has_basic and (grant == "client_credentials" or not form.get("client_id")):
            raise self._oauth(401, "invalid_client", "Invalid client")
        if grant == "client_credentials":
            return {
                "access_token": "demo-app-token:" + secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 3600,
            }
        if grant == "authorization_code":
            user_id = self._user(form.get("code", ""), USER_CODE_PREFIX)
            if user_id is None:
                raise self._oauth(400, "invalid_grant", "Invalid authorization code")
            return {
                "access_token": USER_TOKEN_PREFIX + user_id,
                "token_type": "Bearer",
                "scope": USER_SCOPE,
                "expires_in": 3600,
                "refresh_token": USER_REFRESH_PREFIX + user_id,
            }
        if not form.get("refresh_token"):
            raise self._oauth(400, "invalid_request", "refresh_token must be supplied")
        user_id = self._user(form["refresh_token"], USER_REFRESH_PREFIX)
        if user_id is None:
            raise self._oauth(400, "invalid_grant", "Invalid refresh token")
        return {
            "access_token": USER_TOKEN_PREFIX + user_id,
            "token_type": "Bearer",
            "scope": USER_SCOPE,
            "expires_in": 3600,
        }

    def _user(self, value: str, prefix: str) -> str | None:
        user_id = value[len(prefix) :] if value.startswith(prefix) else None
        return user_id if user_id in self.catalog.users else None

    @staticmethod
    def _oauth(status: int, error: str, description: str) -> Answer:
        return Answer(status, {"error": error, "error_description": description})

    @staticmethod
    def _basic_client(header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic" or not encoded.strip():
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        client_id, colon, secret = decoded.partition(":")
        return bool(client_id and colon and secret)


# --- the adapter ---------------------------------------------------------------------------


def _form(body: str | bytes | None) -> dict:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return dict(reversed(parse_qsl(body or "", keep_blank_values=True)))


class DemoTransport(BaseAdapter):
    """Answers every request from the demo catalog; `clock` returns the current UTC time."""

    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__()
        self.catalog = load_catalog()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.ticketmaster = TicketmasterAPI(self.catalog)
        self.spotify = SpotifyAPI(self.catalog)
        self.accounts = SpotifyAccounts(self.catalog)
        self._lock = threading.Lock()
        self._quota_day: date | None = None
        self._calls = 0

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        """Answer the prepared request without touching the network."""
        url = urlsplit(request.url)
        # The first value of a repeated parameter wins, as on the real services.
        query = dict(reversed(parse_qsl(url.query, keep_blank_values=True)))
        method = (request.method or "GET").upper()
        headers: dict[str, str] = {}
        try:
            if url.hostname == "app.ticketmaster.com":
                if not query.get("apikey"):
                    raise Answer(401, INVALID_KEY)
                now = self.clock()
                headers = self._quota_headers(now)
                status, body = 200, self.ticketmaster.answer(method, url.path, query, now)
            elif url.hostname == "api.spotify.com":
                status, body = (
                    200,
                    self.spotify.answer(method, url.path, query, self._bearer(request.headers)),
                )
            elif url.hostname == "accounts.spotify.com":
                status, body = (
                    200,
                    self.accounts.answer(method, url.path, _form(request.body), request.headers),
                )
            else:
                raise Answer(404, {"error": "not_found"})
        except Answer as answer:
            status, body = answer.status, answer.body
        return self._response(request, status, body, headers)

    def close(self) -> None:
        """Nothing to release: no connections are ever opened."""

    @staticmethod
    def _bearer(headers: CaseInsensitiveDict) -> str:
        header = headers.get("Authorization", "")
        if not header:
            raise _spotify_error(401, "No token provided")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _spotify_error(401, "Invalid access token")
        return token.strip()

    def _quota_headers(self, now: datetime) -> dict[str, str]:
        """Ticketmaster's quota headers: a daily quota that resets at midnight UTC."""
        today = now.astimezone(UTC).date()
        with self._lock:
            if today != self._quota_day:
                self._quota_day, self._calls = today, 0
            self._calls += 1
            used = self._calls
        reset = datetime.combine(today + timedelta(days=1), time(), UTC)
        return {
            "Rate-Limit": str(TM_DAILY_QUOTA),
            "Rate-Limit-Available": str(max(TM_DAILY_QUOTA - used, 0)),
            "Rate-Limit-Over": "0",
            "Rate-Limit-Reset": str(int(reset.timestamp() * 1000)),
        }

    def _response(self, request, status: int, body: dict, headers: dict) -> requests.Response:
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        response = requests.Response()
        response.status_code = status
        response.reason = HTTPStatus(status).phrase
        response.headers = CaseInsensitiveDict(
            {"Content-Type": "application/json", "Content-Length": str(len(content)), **headers}
        )
        response.raw = BytesIO(content)
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        response.connection = self
        return response


def mount_demo_transport(session: requests.Session, clock: Clock | None = None) -> DemoTransport:
    """Mount one DemoTransport on `session` for Ticketmaster and both Spotify hosts."""
    transport = DemoTransport(clock)
    for prefix in PREFIXES:
        session.mount(prefix, transport)
    return transport
