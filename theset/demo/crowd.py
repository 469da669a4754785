"""The demo crowd: fans who never sign in, and their votes on demo shows (data/votes.toml).

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
class Crowd:
    fans: list[CrowdFan]
    shows: list[ShowVotes]


def load_crowd(directory: Path = DATA_DIR) -> Crowd:
    """votes.toml read into records; a show or a count that cannot be is refused."""
    with (directory / "votes.toml").open("rb") as file:
        data = tomllib.load(file)
    with (directory / "shows.toml").open("rb") as file:
        show_keys = list(tomllib.load(file)["shows"])
    fans = [CrowdFan(CROWD_ID_PREFIX + key, name) for key, name in data["crowd"].items()]
    events = load_catalog().raw_events  # built from shows.toml, in its order
    shows = []
    for key, songs in data["votes"].items():
        where = f"votes.toml [votes.{key}]"
        if key not in show_keys:
            raise ValueError(f"{where}: shows.toml has no such show")
        for song, count in songs.items():
            if not (isinstance(count, int) and 0 < count <= len(fans)):
                raise ValueError(f"{where}: {song!r} needs 1 to {len(fans)} votes, not {count!r}")
        shows.append(ShowVotes(key, events[show_keys.index(key)]["id"], songs))
    return Crowd(fans, shows)
