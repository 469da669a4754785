"""setlist.fm's setlist objects as dataclasses, read from their JSON.

Real answers wrap the sets in an object (`"sets": {"set": [...]}`); the API's own
documentation shows the array directly (`"set": [...]`). Both are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..shapes import as_dict, as_int, as_list

DATE_FORMAT = "%d-%m-%Y"  # setlist.fm's dd-MM-yyyy


@dataclass(frozen=True, slots=True)
class PlayedSong:
    """One song as played: its place in the show, its set, and what setlist.fm notes of it.

    `name` is empty for a song nobody identified; `tape` marks one played from a recording,
    not performed; `cover` names the original artist of a cover.
    """

    position: int
    name: str
    set_number: int
    encore: int
    tape: bool
    cover: str | None
    info: str | None


@dataclass(frozen=True, slots=True)
class ActualSetlist:
    """A show's setlist on setlist.fm; `songs` is empty while nobody has entered it."""

    id: str
    url: str | None
    event_date: date | None
    artist_mbid: str | None
    artist_name: str
    venue_name: str | None
    city: str | None
    country_code: str | None
    tour: str | None
    songs: tuple[PlayedSong, ...]


@dataclass(frozen=True, slots=True)
class SetlistPage:
    """One page of a setlist search; `total` counts every page's setlists."""

    setlists: tuple[ActualSetlist, ...]
    page: int
    total: int
    items_per_page: int

    @property
    def is_last(self) -> bool:
        return not self.setlists or self.page * self.items_per_page >= self.total


def parse_setlist(raw: dict[str, Any]) -> ActualSetlist:
    """An ActualSetlist from its JSON object."""
    artist = as_dict(raw.get("artist"))
    venue = as_dict(raw.get("venue"))
    city = as_dict(venue.get("city"))
    return ActualSetlist(
        id=str(raw.get("id", "")),
        url=_text(raw.get("url")),
        event_date=parse_date(raw.get("eventDate")),
        artist_mbid=_text(artist.get("mbid")),
        artist_name=str(artist.get("name") or ""),
        venue_name=_text(venue.get("name")),
        city=_text(city.get("name")),
        country_code=_text(as_dict(city.get("country")).get("code")),
        tour=_text(as_dict(raw.get("tour")).get("name")),
        songs=tuple(_songs(raw)),
    )


def parse_page(raw: dict[str, Any]) -> SetlistPage:
    """A SetlistPage from a search answer."""
    setlists = tuple(parse_setlist(s) for s in as_list(raw.get("setlist")) if isinstance(s, dict))
    return SetlistPage(
        setlists=setlists,
        page=as_int(raw.get("page")) or 1,
        total=as_int(raw.get("total")) or len(setlists),
        items_per_page=as_int(raw.get("itemsPerPage")) or max(len(setlists), 1),
    )


def parse_date(value: Any) -> date | None:
    """A dd-MM-yyyy date, or None."""
    try:
        return datetime.strptime(value, DATE_FORMAT).date()
    except (TypeError, ValueError):
        return None


def format_date(day: date) -> str:
    return day.strftime(DATE_FORMAT)


def _songs(raw: dict[str, Any]):
    sets = as_dict(raw.get("sets")).get("set", raw.get("set"))
    position = 0
    for set_number, one_set in enumerate(as_list(sets), start=1):
        one_set = as_dict(one_set)
        encore = as_int(one_set.get("encore")) or 0
        for song in as_list(one_set.get("song")):
            song = as_dict(song)
            position += 1
            yield PlayedSong(
                position=position,
                name=str(song.get("name") or "").strip(),
                set_number=set_number,
                encore=encore,
                tape=song.get("tape") is True,
                cover=_text(as_dict(song.get("cover")).get("name")),
                info=_text(song.get("info")),
            )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
