"""Votes: one per fan per song, the counter changed only together with the votes table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, delete, func, or_, select, tuple_, update

from ..database import write_transaction
from ..extensions import db
from ..models import Setlist, SetlistSong, Show, Track, Vote, utcnow
from .setlists import closed_reason, voting_closed_reason
from .song_search import version_on_setlist
from .upsert import INSERTS, dialect_name, insert_for


class VotingClosed(Exception):
    """The show has started or was cancelled."""


class NotInCatalog(Exception):
    """The track is not one of this artist's songs."""


class NoSuchSong(Exception):
    """No setlist has a song with this id."""


class VersionOnSetlist(Exception):
    """Another version of the song is on the setlist (its title is the message)."""


@dataclass(frozen=True)
class TrackLabel:
    """What a setlist row shows of its track, read with the vote (no second query)."""

    id: int
    name: str
    is_studio: bool
    from_fans: bool


@dataclass(frozen=True)
class VoteState:
    """The song's count after a vote or unvote, and whether the fan's vote is on it."""

    setlist_song_id: int
    show_id: int
    track: TrackLabel
    added_order: int  # its place among ties (setlist_view.SongRow.added_order)
    votes: int
    voted: bool
    changed: bool


# Votes are the hottest write: plain table statements, built once, skip the ORM's
# per-statement work (entities, identity map) that a counter and a row do not need.
_songs, _setlists, _shows, _votes, _tracks = (
    model.__table__ for model in (SetlistSong, Setlist, Show, Vote, Track)
)
_NOW = bindparam("now", type_=_shows.c.starts_at.type)
_earlier, _earlier_track = _songs.alias("earlier"), _tracks.alias("earlier_track")
# The song's place by time added, then name, then id (setlist_view's window function) as a
# value of the song's own row: the htmx answer needs it, and a second query costs a vote
# a fifth of its time.
_PLACE = (
    select(func.count())
    .select_from(_earlier.join(_earlier_track, _earlier_track.c.id == _earlier.c.track_id))
    .where(
        _earlier.c.setlist_id == _songs.c.setlist_id,
        tuple_(_earlier.c.created_at, _earlier_track.c.name, _earlier.c.id)
        <= tuple_(_songs.c.created_at, _tracks.c.name, _songs.c.id),
    )
    .scalar_subquery()
)
_SONG = (
    select(
        _songs.c.track_id,
        _tracks.c.name,
        _tracks.c.is_studio,
        _tracks.c.spotify_id.is_(None).label("from_fans"),
        _setlists.c.show_id,
        _PLACE.label("place"),
        _shows.c.status,
        _shows.c.starts_at,
    )
    .select_from(_songs.join(_setlists).join(_shows).join(_tracks))
    .where(_songs.c.id == bindparam("song_id"))
)
# The rows an INSERT … SELECT casts: none when the song is missing or voting is
# closed (the same rule as setlists.closed_reason, in SQL).
_OPEN_SONG = _SONG.with_only_columns(
    bindparam("user_id", type_=_votes.c.user_id.type), _songs.c.id, _NOW
).where(
    _shows.c.status != "cancelled",
    or_(_shows.c.starts_at.is_(None), _shows.c.starts_at > _NOW),
)
_COUNT = select(_songs.c.votes).where(_songs.c.id == bindparam("song_id"))
_ADD_ONE = (
    update(_songs)
    .where(_songs.c.id == bindparam("song_id"))
    .values(votes=_songs.c.votes + 1)
    .returning(_songs.c.id, _songs.c.votes)
)
_TAKE_ONE = (
    update(_songs)
    .where(_songs.c.id == bindparam("song_id"), _songs.c.votes > 0)
    .values(votes=_songs.c.votes - 1)
    .returning(_songs.c.votes)
)
_REMOVE_VOTE = (
    delete(_votes)
    .where(_votes.c.user_id == bindparam("user_id"))
    .where(_votes.c.setlist_song_id == bindparam("song_id"))
    .returning(_votes.c.id)
)


@cache
def _insert_vote(dialect: str):
    """INSERT the vote only if the song exists and its show is open, once per fan."""
    return (
        INSERTS[dialect](_votes)
        .from_select(["user_id", "setlist_song_id", "created_at"], _OPEN_SONG)
        .on_conflict_do_nothing(index_elements=["user_id", "setlist_song_id"])
        .returning(_votes.c.id)
    )


# PostgreSQL inserts the vote, adds one to the counter and reads the song's row in one
# statement (data-modifying WITHs); the counter moves only when the vote was inserted.
_COUNTED = _ADD_ONE.where(select(_insert_vote("postgresql").cte("cast").c.id).exists()).cte()
_CAST_AND_COUNT = _SONG.add_columns(_COUNTED.c.votes).where(_COUNTED.c.id == _songs.c.id)


def vote(user_id: int, song_id: int, *, at: datetime | None = None) -> VoteState:
    """Add the fan's vote; a second vote on the same song changes nothing.

    `at` is when the vote was cast (default now), for loading votes cast earlier (the
    demo crowd's on past shows): voting must have been open then, and the vote keeps it.
    """
    keys = {"user_id": user_id, "song_id": song_id, "now": at or utcnow()}
    with write_transaction():
        counted = _cast(keys)
    if counted is not None:
        votes, song = counted
        return VoteState(song_id, song.show_id, _label(song), song.place, votes, True, True)
    # Nothing inserted: no such song, voting closed, or this fan's vote is already on it.
    song = _open_song(song_id, at)
    return VoteState(song_id, song.show_id, _label(song), song.place, _count(song_id), True, False)


def _cast(keys: dict):
    """Insert the vote and add one to the counter: (the new count, the song's row), or
    None when no vote was inserted. PostgreSQL does it in one statement; SQLite, which has
    no data-modifying WITH, in three."""
    if dialect_name() == "postgresql":
        row = db.session.execute(_CAST_AND_COUNT, keys).first()
        return None if row is None else (row.votes, row)
    if db.session.execute(_insert_vote("sqlite"), keys).scalar() is None:
        return None
    votes = db.session.execute(_ADD_ONE, keys).one().votes
    return votes, db.session.execute(_SONG, keys).one()


def unvote(user_id: int, song_id: int) -> VoteState:
    """Take the fan's vote back; without a vote it changes nothing. Never below 0."""
    song = _open_song(song_id)
    keys = {"user_id": user_id, "song_id": song_id}
    with write_transaction():
        removed = db.session.execute(_REMOVE_VOTE, keys).scalar() is not None
        # None when the counter was already 0 (drift): then read it as it is.
        votes = db.session.execute(_TAKE_ONE, keys).scalar() if removed else None
        if votes is None:
            votes = _count(song_id)
    return VoteState(song_id, song.show_id, _label(song), song.place, votes, False, removed)


def _open_song(song_id: int, at: datetime | None = None):
    """The song's show and track; raises when there is no such song or voting is closed
    (at `at`, default now)."""
    song = db.session.execute(_SONG, {"song_id": song_id}).first()
    if song is None:
        raise NoSuchSong
    reason = closed_reason(song.status, song.starts_at, at)
    if reason:
        raise VotingClosed(reason)
    return song


def _label(song) -> TrackLabel:
    return TrackLabel(song.track_id, song.name, song.is_studio, bool(song.from_fans))


def _count(song_id: int) -> int:
    return db.session.execute(_COUNT, {"song_id": song_id}).scalar_one()


def add_song(
    user_id: int, setlist: Setlist, track_id: int, *, at: datetime | None = None
) -> tuple[SetlistSong, bool]:
    """Put one of the artist's catalog songs in the setlist at 0 votes; (song, added).
    Refused when another version of the song is on it: the votes would split. `at` is
    when it was added (default now), as for `vote`."""
    reason = voting_closed_reason(setlist.show, at)
    if reason:
        raise VotingClosed(reason)
    track = db.session.get(Track, track_id)
    if track is None or track.artist_id != setlist.show.artist_id:
        raise NotInCatalog
    with write_transaction():
        # One add at a time per setlist, so two versions added at once cannot both pass.
        db.session.execute(select(Setlist.id).where(Setlist.id == setlist.id).with_for_update())
        twin = version_on_setlist(setlist.id, track)
        if twin is not None:
            raise VersionOnSetlist(twin)
        song_id = db.session.scalar(
            insert_for(SetlistSong)
            .values(
                setlist_id=setlist.id,
                track_id=track.id,
                votes=0,
                added_by_id=user_id,
                created_at=at or utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["setlist_id", "track_id"])
            .returning(SetlistSong.id)
        )
    song = db.session.scalar(
        select(SetlistSong).where(
            SetlistSong.setlist_id == setlist.id, SetlistSong.track_id == track.id
        )
    )
    return song, song_id is not None


def reconcile_votes() -> list[tuple[int, int, int]]:
    """Set every counter to the number of its votes; (song id, was, now) for each drift."""
    counted = (
        select(Vote.setlist_song_id, func.count(Vote.id).label("n"))
        .group_by(Vote.setlist_song_id)
        .subquery()
    )
    with write_transaction():
        drift = db.session.execute(
            select(SetlistSong.id, SetlistSong.votes, func.coalesce(counted.c.n, 0))
            .outerjoin(counted, counted.c.setlist_song_id == SetlistSong.id)
            .where(SetlistSong.votes != func.coalesce(counted.c.n, 0))
        ).all()
        for song_id, _was, now in drift:
            db.session.execute(
                update(SetlistSong).where(SetlistSong.id == song_id).values(votes=now)
            )
    return [tuple(row) for row in drift]
