"""A fan's predictions: the upcoming shows they voted on, their songs, and the crowd's ranks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Setlist, SetlistSong, Show, Track, User, Vote, utcnow
from .discovery import is_upcoming


@dataclass(frozen=True)
class PredictedSong:
    """A song the fan voted for, where the crowd ranks it and with how many votes."""

    name: str
    rank: int  # 1 for the most votes; songs with as many votes share a rank
    votes: int


@dataclass(frozen=True)
class Prediction:
    """An upcoming show the fan voted on, the fan's songs by crowd rank."""

    show: Show
    songs_in_setlist: int
    songs: list[PredictedSong]


def fan_predictions(user: User) -> list[Prediction]:
    """The upcoming shows the fan voted on, soonest first; one query however many."""
    voted_setlists = (
        select(SetlistSong.setlist_id)
        .join(Vote, Vote.setlist_song_id == SetlistSong.id)
        .where(Vote.user_id == user.id)
    )
    per_setlist = {"partition_by": SetlistSong.setlist_id}
    crowd = (
        select(
            SetlistSong.id,
            SetlistSong.setlist_id,
            SetlistSong.track_id,
            SetlistSong.votes,
            func.rank().over(**per_setlist, order_by=SetlistSong.votes.desc()).label("rank"),
            func.count().over(**per_setlist).label("songs"),
        )
        .where(SetlistSong.setlist_id.in_(voted_setlists))
        .subquery()
    )
    rows = db.session.execute(
        select(Show, Track.name, crowd.c.rank, crowd.c.votes, crowd.c.songs)
        .join(Setlist, Setlist.show_id == Show.id)
        .join(crowd, crowd.c.setlist_id == Setlist.id)
        .join(Vote, (Vote.setlist_song_id == crowd.c.id) & (Vote.user_id == user.id))
        .join(Track, Track.id == crowd.c.track_id)
        .where(is_upcoming(utcnow()))
        .order_by(Show.local_date.nulls_last(), Show.starts_at, Show.id, crowd.c.rank, Track.name)
        .options(joinedload(Show.artist), joinedload(Show.venue))
    )
    predictions: dict[int, Prediction] = {}
    for show, name, rank, votes, songs in rows:
        prediction = predictions.setdefault(show.id, Prediction(show, songs, []))
        prediction.songs.append(PredictedSong(name, rank, votes))
    return list(predictions.values())
