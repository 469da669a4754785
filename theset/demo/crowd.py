"""The demo crowd: fans who never sign in, and their votes on demo shows (data/votes.toml),
and the picks of the demo fans who do sign in (data/fans.toml).

Plain records, checked against the demo shows; services/demo_crowd.py casts the votes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .spec import DATA_DIR

CROWD_ID_PREFIX = "demo-crowd-"


@dataclass(frozen=True)
class CrowdFan:
    spotify_id: str
    name: str


@dataclass(frozen=True)
class ShowVotes:
    """How many of the crowd vote for each song of one demo show."""

    show: str  # its key in shows.toml
    event_id: str  # its Ticketmaster event id in the demo catalog
    songs: dict[str, int]


@dataclass(frozen=True)
class FanPicks:
    """The songs one demo fan votes for on one demo show."""

    fan: CrowdFan
    show: str
    event_id: str
    songs: list[str]


@dataclass(frozen=True)
class Crowd:
    fans: list[CrowdFan]
    shows: list[ShowVotes]
    picks: list[FanPicks]

    @property
    def show_keys(self) -> set[str]:
        """Every show the crowd or a demo fan votes on."""
        return {planned.show for planned in self.shows} | {pick.show for pick in self.picks}

    @property
    def demo_fans(self) -> set[CrowdFan]:
        return {pick.fan for pick in self.picks}


def _read(directory: Path, name: str) -> dict:
    with (directory / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def load_crowd(directory: Path = DATA_DIR) -> Crowd:
    """votes.toml read into records; a show, a fan or a count that cannot be is refused."""
    data = _read(directory, "votes")
    show_keys = list(_read(directory, "shows")["shows"])
    demo_fans = {
        key: CrowdFan(key, fan["name"]) for key, fan in _read(directory, "fans")["fans"].items()
    }
    fans = [CrowdFan(CROWD_ID_PREFIX + key, name) for key, name in data["crowd"].items()]
    events = load_catalog().raw_events  # built from shows.toml, in its order

    def event_id(section: str, key: str) -> str:
        if key not in show_keys:
            raise ValueError(f"votes.toml [{section}.{key}]: shows.toml has no such show")
        return events[show_keys.index(key)]["id"]

    shows = []
    for key, songs in data["votes"].items():
        where = f"votes.toml [votes.{key}]"
        for song, count in songs.items():
            if not (isinstance(count, int) and 0 < count <= len(fans)):
                raise ValueError(f"{where}: {song!r} needs 1 to {len(fans)} votes, not {count!r}")
        shows.append(ShowVotes(key, event_id("votes", key), songs))
    picks = []
    for key, by_fan in data.get("picks", {}).items():
        for fan, songs in by_fan.items():
            if fan not in demo_fans:
                raise ValueError(f"votes.toml [picks.{key}]: fans.toml has no fan {fan!r}")
            picks.append(FanPicks(demo_fans[fan], key, event_id("picks", key), songs))
    return Crowd(fans, shows, picks)
