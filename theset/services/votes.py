"""Votes: one per fan per song, the counter changed only together with the votes table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from ..database import write_transaction
from ..extensions import db
from ..models import Setlist, SetlistSong, Track, Vote, utcnow
from .setlists import voting_closed_reason
from .upsert import insert_for


class VotingClosed(Exception):
    """The show has started or was cancelled."""


class NotInCatalog(Exception):
    """The track is not one of this artist's songs."""


@dataclass(frozen=True)
class VoteState:
    """The song's count after a vote or unvote, and whether the fan's vote is on it."""

    setlist_song_id: int
    votes: int
    voted: bool
    changed: bool


def _open_song(song: SetlistSong) -> None:
    reason = voting_closed_reason(song.setlist.show)
    if reason:
        raise VotingClosed(reason)


def vote(user_id: int, song: SetlistSong) -> VoteState:
    """Add the fan's vote; a second vote on the same song changes nothing."""
    _open_song(song)
    song_id = song.id  # read before the commit expires the object
    with write_transaction():
        inserted = db.session.scalar(
            insert_for(Vote)
            .values(user_id=user_id, setlist_song_id=song_id, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["user_id", "setlist_song_id"])
            .returning(Vote.id)
        )
        if inserted is not None:
            votes = db.session.scalar(
                update(SetlistSong)
                .where(SetlistSong.id == song_id)
                .values(votes=SetlistSong.votes + 1)
                .returning(SetlistSong.votes)
            )
        else:
            votes = _count(song_id)
    return VoteState(song_id, votes, True, inserted is not None)


def unvote(user_id: int, song: SetlistSong) -> VoteState:
    """Take the fan's vote back; without a vote it changes nothing. Never below 0."""
    _open_song(song)
    song_id = song.id  # read before the commit expires the object
    with write_transaction():
        removed = db.session.scalar(
            delete(Vote)
            .where(Vote.user_id == user_id, Vote.setlist_song_id == song_id)
            .returning(Vote.id)
        )
        if removed is not None:
            votes = db.session.scalar(
                update(SetlistSong)
                .where(SetlistSong.id == song_id, SetlistSong.votes > 0)
                .values(votes=SetlistSong.votes - 1)
                .returning(SetlistSong.votes)
            )
            votes = _count(song_id) if votes is None else votes
        else:
            votes = _count(song_id)
    return VoteState(song_id, votes, False, removed is not None)


def _count(song_id: int) -> int:
    return db.session.scalar(select(SetlistSong.votes).where(SetlistSong.id == song_id))


def add_song(user_id: int, setlist: Setlist, track_id: int) -> tuple[SetlistSong, bool]:
    """Put one of the artist's catalog songs in the setlist at 0 votes; (song, added)."""
    reason = voting_closed_reason(setlist.show)
    if reason:
        raise VotingClosed(reason)
    track = db.session.get(Track, track_id)
    if track is None or track.artist_id != setlist.show.artist_id:
        raise NotInCatalog
    with write_transaction():
        song_id = db.session.scalar(
            insert_for(SetlistSong)
            .values(
                setlist_id=setlist.id,
                track_id=track.id,
                votes=0,
                added_by_id=user_id,
                created_at=utcnow(),
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
