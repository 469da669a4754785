"""The crowd's setlist of a show: created on first visit, seeded with 5 random studio songs."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ..database import write_transaction
from ..extensions import db
from ..models import Setlist, SetlistSong, Show, Track, User, Vote, utcnow
from .upsert import insert_for

SEED_SIZE = 5
# A setlist still "building" after this long lost its job (worker died): queue it again.
STUCK_AFTER = timedelta(minutes=3)


@dataclass(frozen=True)
class SongRow:
    """One song of a setlist as a viewer sees it."""

    id: int
    votes: int
    voted: bool
    track: Track


def get_or_create_setlist(show: Show) -> Setlist:
    """The show's setlist, created on first access; concurrent first visits share one row."""
    setlist = db.session.scalar(select(Setlist).where(Setlist.show_id == show.id))
    if setlist is None:
        with write_transaction():
            now = utcnow()
            db.session.execute(
                insert_for(Setlist)
                .values(show_id=show.id, status="building", created_at=now, updated_at=now)
                .on_conflict_do_nothing(index_elements=["show_id"])
            )
        setlist = db.session.scalar(select(Setlist).where(Setlist.show_id == show.id))
    return setlist


def needs_catalog(setlist: Setlist) -> bool:
    """Whether seeding must wait for the artist's catalog to be imported."""
    return setlist.status != "ready" and setlist.show.artist.catalog_synced_at is None


def seed_setlist(setlist_id: int, rng: random.Random | None = None) -> None:
    """Give a building setlist up to 5 random studio songs at 0 votes; idempotent."""
    rng = rng or random.SystemRandom()
    with write_transaction():
        # populate_existing: re-read the locked row, not a copy loaded before the lock.
        setlist = db.session.scalar(
            select(Setlist)
            .where(Setlist.id == setlist_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if setlist is None or setlist.status == "ready":
            return  # another request or job seeded it first
        studio = db.session.scalars(
            select(Track.id).where(
                Track.artist_id == setlist.show.artist_id, Track.is_studio.is_(True)
            )
        ).all()
        chosen = rng.sample(list(studio), min(SEED_SIZE, len(studio)))
        if chosen:
            db.session.execute(
                insert_for(SetlistSong)
                .values(
                    [
                        {
                            "setlist_id": setlist.id,
                            "track_id": track_id,
                            "votes": 0,
                            "created_at": utcnow(),
                        }
                        for track_id in chosen
                    ]
                )
                .on_conflict_do_nothing(index_elements=["setlist_id", "track_id"])
            )
        setlist.status = "ready"
        setlist.seeded_at = utcnow()


def seed_waiting_setlists(artist_id: int) -> int:
    """Seed every not-yet-ready setlist of the artist's shows; how many there were."""
    waiting = db.session.scalars(
        select(Setlist.id)
        .join(Show, Show.id == Setlist.show_id)
        .where(Show.artist_id == artist_id, Setlist.status != "ready")
    ).all()
    for setlist_id in waiting:
        seed_setlist(setlist_id)
    return len(waiting)


def claim_import(setlist: Setlist) -> bool:
    """Whether this caller should queue the catalog import: true for the first visit of a
    new setlist, or once a building setlist looks stuck; false for everyone else."""
    now = utcnow()
    with write_transaction():
        claimed = db.session.scalar(
            update(Setlist)
            .where(
                Setlist.id == setlist.id,
                Setlist.status != "ready",
                (Setlist.updated_at == Setlist.created_at)
                | (Setlist.updated_at < now - STUCK_AFTER),
            )
            .values(updated_at=now)
            .returning(Setlist.id)
        )
    return claimed is not None


def song_rows(setlist: Setlist, user: User | None, song_ids=None) -> list[SongRow]:
    """The setlist's songs (or just `song_ids`), most votes first, with the viewer's votes."""
    query = (
        select(SetlistSong)
        .where(SetlistSong.setlist_id == setlist.id)
        .order_by(SetlistSong.votes.desc(), SetlistSong.id)
        .options(joinedload(SetlistSong.track))
    )
    if song_ids is not None:
        query = query.where(SetlistSong.id.in_(song_ids))
    songs = db.session.scalars(query).all()
    voted = voted_song_ids(user.id, [song.id for song in songs]) if user and songs else set()
    return [SongRow(song.id, song.votes, song.id in voted, song.track) for song in songs]


def voted_song_ids(user_id: int, song_ids: list[int]) -> set[int]:
    """Which of `song_ids` the fan voted for."""
    return set(
        db.session.scalars(
            select(Vote.setlist_song_id).where(
                Vote.user_id == user_id, Vote.setlist_song_id.in_(song_ids)
            )
        )
    )


def addable_tracks(setlist: Setlist) -> list[Track]:
    """The artist's catalog songs not yet in the setlist, by name."""
    in_setlist = select(SetlistSong.track_id).where(SetlistSong.setlist_id == setlist.id)
    return list(
        db.session.scalars(
            select(Track)
            .where(Track.artist_id == setlist.show.artist_id, Track.id.not_in(in_setlist))
            .order_by(Track.is_studio.desc(), Track.name)
        )
    )


def voting_closed_reason(show: Show) -> str | None:
    """Why fans can no longer vote on this show's setlist, or None while they can."""
    return closed_reason(show.status, show.starts_at)


def closed_reason(status: str, starts_at: datetime | None) -> str | None:
    """Why voting is closed for a show with this status and start, or None while open."""
    if status == "cancelled":
        return "This show was cancelled, so voting is closed."
    if starts_at is not None and starts_at <= utcnow():
        return "This show has started, so voting is closed."
    return None
