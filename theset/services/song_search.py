"""The add-song picker's search: the artist's songs that are not on the setlist in any
version, each offered once (its studio recording when there is one), matched the way
fans type: every word a prefix of a word of the title, case, accents and punctuation
folded."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Setlist, SetlistSong, Track
from ..text import begins_words, one_line
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
    on_setlist: int  # how many songs on the setlist match

    @property
    def suggestible(self) -> bool:
        """The words name no song of the catalog or the setlist: fans may suggest them."""
        return bool(self.query) and not self.matched and not self.on_setlist


def normalise_query(query: str) -> str:
    """The words as typed, without control characters or runs of spaces, at most
    MAX_QUERY_LENGTH characters."""
    return one_line(query)[:MAX_QUERY_LENGTH]


def search_songs(setlist: Setlist, query: str) -> SongSearch:
    """The songs of the setlist's artist not on it yet whose titles match `query` (all of
    them for no words): those starting with the words first, then by title."""
    query = normalise_query(query)
    words = fold(query).split()
    songs = addable_songs(setlist)
    matching = [(key, track) for key, track in songs.items() if _matches(words, key)]
    matching.sort(key=lambda pair: (not pair[0].startswith(" ".join(words)), pair[0]))
    choices = [SongChoice(track.id, track.name, track.album_name) for _, track in matching]
    taken = {song_key(name) for _, name in _setlist_tracks(setlist.id)}
    on_setlist = sum(_matches(words, key) for key in taken)
    return SongSearch(query, choices[:SHOWN], len(matching), len(songs), on_setlist)


def _matches(words: list[str], key: str) -> bool:
    """Every word begins a word of the song key; no words match every song."""
    return not words or begins_words(words, key.split())


def addable_songs(setlist: Setlist) -> dict[str, Track]:
    """By song key, one track of each of the artist's catalog songs that is not on the
    setlist in any version: the studio recording first, then the earliest release."""
    taken = {song_key(name) for _, name in _setlist_tracks(setlist.id)}
    best: dict[str, Track] = {}
    for track in artist_songs(setlist.show.artist_id, catalog_only=True):
        key = song_key(track.name)
        if key not in taken:
            best.setdefault(key, track)
    return best


def artist_songs(artist_id: int, *, catalog_only: bool = False) -> list[Track]:
    """The artist's tracks, the one to add for a song first: catalog tracks before songs
    fans suggested, studio recordings before versions, then the earliest release."""
    query = select(Track).where(Track.artist_id == artist_id)
    if catalog_only:
        query = query.where(~Track.from_fans)
    return sorted(db.session.scalars(query).all(), key=_preference)


def song_on_setlist(setlist_id: int, key: str, besides: int | None = None) -> str | None:
    """The title on the setlist of a track (other than `besides`) of the song with this
    key, or None."""
    for track_id, name in _setlist_tracks(setlist_id):
        if track_id != besides and song_key(name) == key:
            return name
    return None


def version_on_setlist(setlist_id: int, track: Track) -> str | None:
    """The title of another version of `track`'s song on the setlist, or None."""
    return song_on_setlist(setlist_id, song_key(track.name), besides=track.id)


def _preference(track: Track) -> tuple:
    return (
        track.from_fans,
        not track.is_studio,
        track.release_date or "9999",
        len(track.name),
        track.id,
    )


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
