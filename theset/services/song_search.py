"""The songs on a setlist by what they are, not by track: a version of a song there is
the song (song_names.song_key)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import SetlistSong, Track
from .song_names import song_key


def version_on_setlist(setlist_id: int, track: Track) -> str | None:
    """The title of another version of `track`'s song on the setlist, or None."""
    key = song_key(track.name)
    for track_id, name in _setlist_tracks(setlist_id):
        if track_id != track.id and song_key(name) == key:
            return name
    return None


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
