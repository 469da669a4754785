"""The add-song picker's search: the artist's songs that are not on the setlist in any
version, each offered once (its studio recording when there is one), matched the way
fans type: every word a prefix of a word of the title, case, accents and punctuation
folded."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Setlist, SetlistSong, Track
from .song_names import fold, song_key

MAX_QUERY_LENGTH = 100  # characters; the picker's input says so too (maxlength)
SHOWN = 10  # songs offered at once: type more of a name to find the others


@dataclass(frozen=True)
class SongChoice:
    """One song the fan may add: the track to add for it."""

    track_id: int
    name: str
    album_name: str | None


@dataclass(frozen=True)
class SongSearch:
    """The songs matching a fan's words, best first."""

    query: str  # as typed, spaces trimmed
    choices: list[SongChoice]  # at most SHOWN
    matched: int  # how many songs match in all
    addable: int  # how many songs are not on the setlist yet, matching or not


def normalise_query(query: str) -> str:
    """The words as typed, without control characters or runs of spaces, at most
    MAX_QUERY_LENGTH characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_songs(setlist: Setlist, query: str) -> SongSearch:
    """The songs of the setlist's artist not on it yet whose titles match `query` (all of
    them for no words): those starting with the words first, then by title."""
    query = normalise_query(query)
    words = fold(query).split()
    songs = addable_songs(setlist)
    matching = [
        (key, track)
        for key, track in songs.items()
        if all(any(part.startswith(word) for part in key.split()) for word in words)
    ]
    matching.sort(key=lambda pair: (not pair[0].startswith(" ".join(words)), pair[0]))
    choices = [SongChoice(track.id, track.name, track.album_name) for _, track in matching]
    return SongSearch(query, choices[:SHOWN], len(matching), len(songs))


def addable_songs(setlist: Setlist) -> dict[str, Track]:
    """By song key, one track of each of the artist's songs that is not on the setlist in
    any version: the studio recording first, then the earliest release."""
    tracks = db.session.scalars(
        select(Track).where(Track.artist_id == setlist.show.artist_id)
    ).all()
    taken = {song_key(name) for _, name in _setlist_tracks(setlist.id)}
    best: dict[str, Track] = {}
    for track in sorted(tracks, key=_preference):
        key = song_key(track.name)
        if key not in taken:
            best.setdefault(key, track)
    return best


def version_on_setlist(setlist_id: int, track: Track) -> str | None:
    """The title of another version of `track`'s song on the setlist, or None."""
    key = song_key(track.name)
    for track_id, name in _setlist_tracks(setlist_id):
        if track_id != track.id and song_key(name) == key:
            return name
    return None


def _preference(track: Track) -> tuple:
    return (not track.is_studio, track.release_date or "9999", len(track.name), track.id)


def _setlist_tracks(setlist_id: int) -> list[tuple[int, str]]:
    """(track id, title) of every song on the setlist."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(Track.id, Track.name)
            .join(SetlistSong, SetlistSong.track_id == Track.id)
            .where(SetlistSong.setlist_id == setlist_id)
        )
    ]
