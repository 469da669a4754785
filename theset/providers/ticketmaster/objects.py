"""Discovery's attraction, venue and event objects as dataclasses, read from their JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as time_of_day
from typing import Any
from urllib.parse import urlsplit

from ..shapes import as_dict, as_float, as_int, as_list

RATIO_PREFERENCE = ("16_9", "3_2", "4_3", "1_1")
MAX_IMAGE_WIDTH = 1024
IGNORED_GENRES = {"undefined", "other"}
STATUSES = {"onsale", "offsale", "cancelled", "postponed", "rescheduled"}
SPOTIFY_ID = re.compile(r"[A-Za-z0-9]+")
MUSICBRAINZ_ID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")


@dataclass(frozen=True, slots=True)
class Attraction:
    """An artist (or other performer) as Ticketmaster knows it."""

    id: str
    name: str
    url: str | None
    image_url: str | None
    spotify_id: str | None
    musicbrainz_id: str | None
    genres: tuple[str, ...]
    upcoming_events: int


@dataclass(frozen=True, slots=True)
class Venue:
    """Where an event takes place."""

    id: str
    name: str
    address: str | None
    city: str | None
    state: str | None
    country: str | None
    postal_code: str | None
    latitude: float | None
    longitude: float | None
    timezone: str | None


@dataclass(frozen=True, slots=True)
class Event:
    """One show; dates are None when Ticketmaster has not announced them."""

    id: str
    name: str
    url: str | None
    image_url: str | None
    attraction_ids: tuple[str, ...]
    venue: Venue | None
    local_date: date | None
    local_time: time_of_day | None
    starts_at: datetime | None
    timezone: str | None
    status: str
    initial_starts_at: datetime | None
    date_tba: bool
    time_tba: bool


def parse_attraction(raw: dict[str, Any]) -> Attraction:
    """An Attraction from its JSON object."""
    links = as_dict(raw.get("externalLinks"))
    spotify_links = as_list(links.get("spotify"))
    spotify_url = as_dict(spotify_links[0]).get("url") if spotify_links else None
    return Attraction(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        url=raw.get("url"),
        image_url=_image_url(raw.get("images")),
        spotify_id=spotify_id_from_url(spotify_url),
        musicbrainz_id=_musicbrainz_id(as_list(links.get("musicbrainz"))),
        genres=_genres(raw.get("classifications")),
        upcoming_events=as_int(as_dict(raw.get("upcomingEvents")).get("_total")) or 0,
    )


def parse_venue(raw: dict[str, Any]) -> Venue:
    """A Venue from its JSON object; coordinates arrive as strings."""
    state = as_dict(raw.get("state"))
    location = as_dict(raw.get("location"))
    latitude = as_float(location.get("latitude"))
    longitude = as_float(location.get("longitude"))
    return Venue(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        address=as_dict(raw.get("address")).get("line1"),
        city=as_dict(raw.get("city")).get("name"),
        state=state.get("stateCode") or state.get("name"),
        country=as_dict(raw.get("country")).get("countryCode"),
        postal_code=raw.get("postalCode"),
        latitude=latitude if latitude is not None and abs(latitude) <= 90 else None,
        longitude=longitude if longitude is not None and abs(longitude) <= 180 else None,
        timezone=raw.get("timezone"),
    )


def parse_event(raw: dict[str, Any]) -> Event:
    """An Event from its JSON object; venue, attractions and dates may all be missing."""
    embedded = as_dict(raw.get("_embedded"))
    venues = [parse_venue(v) for v in as_list(embedded.get("venues")) if isinstance(v, dict)]
    venue = venues[0] if venues else None
    dates = as_dict(raw.get("dates"))
    start = as_dict(dates.get("start"))
    return Event(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        url=raw.get("url"),
        image_url=_image_url(raw.get("images")),
        attraction_ids=tuple(
            str(a["id"]) for a in as_list(embedded.get("attractions")) if as_dict(a).get("id")
        ),
        venue=venue,
        local_date=_parse(date.fromisoformat, start.get("localDate")),
        local_time=_parse(time_of_day.fromisoformat, start.get("localTime")),
        starts_at=_utc(start.get("dateTime")),
        # The event's zone is sometimes missing while its venue's is known.
        timezone=dates.get("timezone") or (venue.timezone if venue else None),
        status=normalise_status(as_dict(dates.get("status")).get("code")),
        initial_starts_at=_utc(as_dict(dates.get("initialStartDate")).get("dateTime")),
        date_tba=bool(start.get("dateTBA") or start.get("dateTBD")),
        time_tba=bool(start.get("timeTBA") or start.get("noSpecificTime")),
    )


def normalise_status(code: Any) -> str:
    """One of onsale, offsale, cancelled, postponed, rescheduled, unknown."""
    code = str(code or "").strip().lower()
    code = "cancelled" if code == "canceled" else code
    return code if code in STATUSES else "unknown"


def _image_url(images: Any) -> str | None:
    """Prefer real art over fallbacks, then ratio 16:9 > 3:2 > 4:3 > 1:1, widest up to 1024."""
    usable = [i for i in as_list(images) if isinstance(i, dict) and i.get("url")]
    candidates = [i for i in usable if not i.get("fallback")] or usable
    for ratio in RATIO_PREFERENCE:
        same_ratio = [i for i in candidates if i.get("ratio") == ratio]
        if same_ratio:
            candidates = same_ratio
            break
    if not candidates:
        return None
    small_enough = [i for i in candidates if (as_int(i.get("width")) or 0) <= MAX_IMAGE_WIDTH]
    best = max(small_enough or candidates, key=lambda i: as_int(i.get("width")) or 0)
    return best["url"]


def spotify_id_from_url(url: Any) -> str | None:
    """The artist id from an open.spotify.com artist URL, ignoring any query string."""
    if not isinstance(url, str):
        return None
    parts = [p for p in urlsplit(url.strip()).path.split("/") if p]
    if len(parts) >= 2 and parts[-2] == "artist" and SPOTIFY_ID.fullmatch(parts[-1]):
        return parts[-1]
    return None


def _musicbrainz_id(links: list[Any]) -> str | None:
    """The first well-formed MusicBrainz artist id among the attraction's links."""
    for link in links:
        candidate = str(as_dict(link).get("id") or "").strip().lower()
        if MUSICBRAINZ_ID.fullmatch(candidate):
            return candidate
    return None


def _genres(classifications: Any) -> tuple[str, ...]:
    ordered = sorted(as_list(classifications), key=lambda c: not as_dict(c).get("primary"))
    names: list[str] = []
    for classification in ordered:
        for level in ("genre", "subGenre"):
            name = as_dict(as_dict(classification).get(level)).get("name")
            if isinstance(name, str) and name.strip().lower() not in IGNORED_GENRES:
                if name not in names:
                    names.append(name)
    return tuple(names)


def _utc(value: Any) -> datetime | None:
    parsed = _parse(datetime.fromisoformat, value)
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _parse(parser, value: Any):
    if not isinstance(value, str):
        return None
    try:
        return parser(value)
    except ValueError:
        return None
