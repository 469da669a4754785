"""Songs fans suggest by name: an artist Spotify does not know, a cover, an unreleased song.

A suggestion is added the way any song is (votes.add_song): a name that folds to a song
of the catalog adds that track, one that folds to a song fans suggested before adds that
one, and any other name becomes a new track without a Spotify id. Admins may remove a
suggested song from a setlist, with its votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, select

from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Setlist, SetlistSong, Show, Track, User, utcnow
from ..text import one_line
from .catalog import is_studio_version
from .setlists import voting_closed_reason
from .song_names import song_key
from .song_search import artist_songs, song_on_setlist
from .votes import VersionOnSetlist, VotingClosed, add_song

MAX_NAME_LENGTH = 100  # characters; the suggestion form's input says so too (maxlength)
RECENT = 50  # suggestions the admin page lists


class BadName(ValueError):
    """The suggested name is empty or too long (the message says which)."""


class NotSuggested(LookupError):
    """No setlist has a song fans suggested with this id."""


def suggestion_name(name: str) -> str:
    """The name as stored: one line, single spaces; BadName when empty or too long."""
    name = one_line(name)
    if not name:
        raise BadName("Type the name of the song to suggest.")
    if len(name) > MAX_NAME_LENGTH:
        raise BadName(f"Song names are limited to {MAX_NAME_LENGTH} characters.")
    return name


def suggest_song(user_id: int, setlist: Setlist, name: str) -> tuple[SetlistSong, bool]:
    """Add the song named `name` to the setlist at 0 votes; (song, added). Refused when the
    name is bad, voting is closed, or the song is on the setlist in any version."""
    name = suggestion_name(name)
    reason = voting_closed_reason(setlist.show)
    if reason:
        raise VotingClosed(reason)
    key = song_key(name)
    twin = song_on_setlist(setlist.id, key)
    if twin is not None:
        raise VersionOnSetlist(twin)
    track = _known_song(setlist.show.artist_id, key) or _new_song(setlist.show.artist_id, name)
    return add_song(user_id, setlist, track.id)


def _known_song(artist_id: int, key: str) -> Track | None:
    """The artist's track for the song with this key (the catalog's first), or None."""
    return next((track for track in artist_songs(artist_id) if song_key(track.name) == key), None)


def _new_song(artist_id: int, name: str) -> Track:
    """A track of the artist that only fans know of: no Spotify id."""
    now = utcnow()
    track = Track(
        artist_id=artist_id,
        spotify_id=None,
        name=name,
        is_studio=is_studio_version(name),
        created_at=now,
        updated_at=now,
    )
    with write_transaction():
        db.session.add(track)
    return track


@dataclass(frozen=True)
class Suggestion:
    """A song fans suggested, on one show's setlist, as the admin page lists it."""

    id: int
    name: str
    show: Show
    artist_name: str
    suggester: str | None  # None once the fan's account is gone
    votes: int
    created_at: datetime


def recent_suggestions(limit: int = RECENT) -> list[Suggestion]:
    """The latest songs fans suggested, newest first."""
    rows = db.session.execute(
        select(SetlistSong, Track.name, Show, Artist.name, User.display_name)
        .join(Track, Track.id == SetlistSong.track_id)
        .join(Setlist, Setlist.id == SetlistSong.setlist_id)
        .join(Show, Show.id == Setlist.show_id)
        .join(Artist, Artist.id == Show.artist_id)
        .outerjoin(User, User.id == SetlistSong.added_by_id)
        .where(Track.from_fans)
        .order_by(SetlistSong.created_at.desc(), SetlistSong.id.desc())
        .limit(limit)
    ).all()
    return [
        Suggestion(song.id, name, show, artist, fan, song.votes, song.created_at)
        for song, name, show, artist, fan in rows
    ]


def remove_suggestion(song_id: int) -> int:
    """Take a suggested song off its setlist with its votes, and forget the name when no
    other setlist holds it; the show's id. NotSuggested for any other song."""
    with write_transaction():
        found = db.session.execute(
            select(SetlistSong.track_id, Setlist.show_id)
            .join(Track, Track.id == SetlistSong.track_id)
            .join(Setlist, Setlist.id == SetlistSong.setlist_id)
            .where(SetlistSong.id == song_id, Track.from_fans)
        ).first()
        if found is None:
            raise NotSuggested
        track_id, show_id = found
        # Its votes go with it (ON DELETE CASCADE).
        db.session.execute(delete(SetlistSong).where(SetlistSong.id == song_id))
        if not db.session.scalar(select(exists().where(SetlistSong.track_id == track_id))):
            db.session.execute(delete(Track).where(Track.id == track_id))
    return show_id
