"""The bundled demo catalog: loaded once, indexed by id, its event dates moved to today.

Event dates are stored relative to the catalog's anchor date; `shift_event` moves them so the
anchor falls on a given day. `fold` and `words` are the text matching both APIs use.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ..text import strip_accents

CATALOG_DIR = Path(__file__).resolve().parent / "built"
SETLISTFM_DATE = "%d-%m-%Y"


# --- dates ---------------------------------------------------------------------------------


def shift_days(anchor: date, today: date) -> int:
    """How many days every catalog date moves so that `anchor` falls on `today`."""
    return (today - anchor).days


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
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
            moved["dateTime"] = _utc_text(parse_utc(block["dateTime"]) + timedelta(days=days))
    return moved


def _move_instants(block: dict, days: int, keys=("startDateTime", "endDateTime")) -> dict:
    moved = dict(block)
    for key in keys:
        if isinstance(block.get(key), str):
            moved[key] = _utc_text(parse_utc(block[key]) + timedelta(days=days))
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


def shift_setlist(setlist: dict, anchor: date, today: date) -> dict:
    """The setlist.fm setlist with its event date (and its URL's year) moved likewise."""
    played = datetime.strptime(setlist["eventDate"], SETLISTFM_DATE).date()
    moved = played + timedelta(days=shift_days(anchor, today))
    url = setlist["url"].replace(f"/{played.year}/", f"/{moved.year}/", 1)
    return dict(setlist, eventDate=moved.strftime(SETLISTFM_DATE), url=url)


def event_moment(event: dict) -> datetime:
    """When the show starts (UTC); a show with its time to be announced counts as day's end."""
    start = event["dates"]["start"]
    if "dateTime" in start:
        return parse_utc(start["dateTime"])
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

    def __init__(self, ticketmaster: dict, spotify: dict, setlistfm: dict) -> None:
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
        self.raw_setlists = setlistfm["setlists"]
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

    return Catalog(read("ticketmaster.json"), read("spotify.json"), read("setlistfm.json"))


def demo_attraction_ids() -> list[str]:
    """The Ticketmaster attraction ids of every demo artist, in catalog order."""
    return [attraction["id"] for attraction in load_catalog().attractions]


def demo_fans() -> list[dict]:
    """The demo fans' Spotify profiles, for the demo sign-in page."""
    return [user["profile"] for user in load_catalog().users.values()]


def demo_past_event_ids() -> list[str]:
    """The Ticketmaster event ids of the demo's past shows (before the anchor date)."""
    catalog = load_catalog()
    return [
        event["id"]
        for event in catalog.raw_events
        if date.fromisoformat(event["dates"]["start"]["localDate"]) < catalog.anchor
    ]
