"""What the demo catalog holds: theset/demo/data/*.toml read into typed records.

scripts/build_demo_catalog.py turns these records into catalog/*.json and the SVG art. Each
TOML file describes its keys at its top; a key the records do not know is refused.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, kw_only=True)
class Stats:
    """The Spotify artist fields development-mode apps no longer get."""

    followers: int
    popularity: int
    genres: list[str]


@dataclass(frozen=True, kw_only=True)
class Album:
    name: str
    released: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as Spotify knows it


@dataclass(frozen=True, kw_only=True)
class Release(Album):
    type: str  # Spotify's album_type
    tracks: list[str]


@dataclass(frozen=True, kw_only=True)
class SpotifyArtist:
    slug: str
    name: str
    stats: Stats | None = None
    images: bool = True
    releases: list[Release] = field(default_factory=list)
    explicit: bool = False
    featuring: dict[str, str] = field(default_factory=dict)  # song name -> guest's slug


@dataclass(frozen=True, kw_only=True)
class Artist(SpotifyArtist):
    """A Ticketmaster attraction, and a Spotify artist unless `spotify` is "none"."""

    genre: str
    subgenre: str
    kind: str
    spotify: str  # "linked", "by-name" or "none"
    tour: str
    spotify_link_suffix: str = ""
    aliases: list[str] = field(default_factory=list)
    albums: list[Album] = field(default_factory=list)
    songs: list[str] = field(default_factory=list)
    extra_releases: list[str] = field(default_factory=list)
    live_venue: str = ""
    live_dash: str = "-"


@dataclass(frozen=True, kw_only=True)
class Venue:
    key: str
    name: str
    city: str
    country: str
    country_code: str
    postal_code: str
    address: str
    latitude: str
    longitude: str
    timezone: str
    state: str | None = None
    state_code: str | None = None
    legal_age_enforced: bool = False


@dataclass(frozen=True, kw_only=True)
class Show:
    key: str
    artists: list[str]  # slugs, the headliner first
    venue: str
    day: int  # days after the anchor date
    time: time | None = None  # None: the time is to be announced
    status: str = "onsale"
    rescheduled_from_day: int | None = None
    name: str | None = None


@dataclass(frozen=True, kw_only=True)
class Fan:
    id: str
    name: str
    country: str
    product: str
    follows: list[str]
    top_artists: list[str]


@dataclass(frozen=True, kw_only=True)
class PlayedSong:
    """A song as entered on setlist.fm: "" names a song nobody identified."""

    name: str
    tape: bool = False
    cover: str | None = None  # the original artist's name
    info: str | None = None


@dataclass(frozen=True, kw_only=True)
class PlayedSet:
    encore: int = 0  # 1, 2, … for an encore
    songs: list[PlayedSong]


@dataclass(frozen=True, kw_only=True)
class PlayedSetlist:
    """What setlist.fm holds of a past show; the artist, venue and date are the show's."""

    show: str
    tour: str | None = None
    sets: list[PlayedSet] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Country:
    code: str
    ticketmaster_site: str
    currency: str


@dataclass(frozen=True, kw_only=True)
class Spec:
    """The whole demo catalog's source, each table in file order."""

    anchor_date: date
    segment: dict
    genres: dict[str, str]
    kinds: dict[str, dict]
    countries: dict[str, Country]
    artists: dict[str, Artist]
    spotify_only: dict[str, SpotifyArtist]
    venues: dict[str, Venue]
    shows: dict[str, Show]
    fans: dict[str, Fan]
    setlists: dict[str, PlayedSetlist]


def _record(where: str, kind: type, /, **fields):
    try:
        return kind(**fields)
    except TypeError as error:  # a key the record does not know, or one it needs
        raise ValueError(f"{where}: {error}") from None


def _keyed(file: str, section: str, tables: dict, kind: type, key_field: str) -> dict:
    """Each [section.<key>] table as a `kind` record that holds its key in `key_field`."""
    return {
        key: _record(f"{file} [{section}.{key}]", kind, **{key_field: key}, **table)
        for key, table in tables.items()
    }


def _artists(section: str, tables: dict, kind: type) -> dict:
    """Artist records, with their stats, albums and releases made records too."""
    nested = {}
    for slug, table in tables.items():
        where, fields = f"artists.toml [{section}.{slug}]", dict(table)
        if "stats" in fields:
            fields["stats"] = _record(where, Stats, **fields["stats"])
        for key, item in (("albums", Album), ("releases", Release)):
            if key in fields:
                fields[key] = [_record(where, item, **entry) for entry in fields[key]]
        nested[slug] = fields
    return _keyed("artists.toml", section, nested, kind, "slug")


def _played_set(where: str, table: dict) -> PlayedSet:
    """A set's record; a song given by name alone is a PlayedSong of that name."""
    songs = [
        _record(where, PlayedSong, **(song if isinstance(song, dict) else {"name": song}))
        for song in table.get("songs", [])
    ]
    return _record(where, PlayedSet, **dict(table, songs=songs))


def _setlists(tables: dict, shows: dict[str, Show]) -> dict[str, PlayedSetlist]:
    """setlists.toml's records, each of a past show."""
    records = {}
    for key, table in tables.items():
        where = f"setlists.toml [setlists.{key}]"
        if key not in shows or shows[key].day >= 0:
            raise ValueError(f"{where}: shows.toml has no such past show")
        sets = [_played_set(where, played) for played in table.get("sets", [])]
        records[key] = _record(where, PlayedSetlist, show=key, **dict(table, sets=sets))
    return records


def load_spec(directory: Path = DATA_DIR) -> Spec:
    """The TOML files in `directory`, read into records."""

    def read(name: str) -> dict:
        with (directory / f"{name}.toml").open("rb") as file:
            return tomllib.load(file)

    catalog, artists = read("catalog"), read("artists")
    countries = _keyed("catalog.toml", "countries", catalog.pop("countries"), Country, "code")
    shows = _keyed("shows.toml", "shows", read("shows")["shows"], Show, "key")
    return _record(
        "catalog.toml",
        Spec,
        **catalog,
        countries=countries,
        artists=_artists("artists", artists["artists"], Artist),
        spotify_only=_artists("spotify_only", artists["spotify_only"], SpotifyArtist),
        venues=_keyed("venues.toml", "venues", read("venues")["venues"], Venue, "key"),
        shows=shows,
        fans=_keyed("fans.toml", "fans", read("fans")["fans"], Fan, "id"),
        setlists=_setlists(read("setlists")["setlists"], shows),
    )
