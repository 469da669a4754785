"""A show that has happened: what was played, set against the crowd's prediction.

The crowd's prediction is the setlist's songs with at least one vote when voting closed
(at the show's start, so today's counts), ranked as the page ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import ActualSetlist, Artist, PlayedSong, Show, User, utcnow
from .accuracy import Accuracy, performed_keys, score
from .setlist_view import SongRow, song_rows
from .song_names import song_key


@dataclass(frozen=True)
class PlayedRow:
    """A song as played, with the crowd's rank (None: not predicted) and votes for it."""

    song: PlayedSong
    crowd_rank: int | None
    crowd_votes: int


@dataclass(frozen=True)
class PredictedRow:
    """A song of the crowd's prediction, ranked, and whether it was performed."""

    row: SongRow
    rank: int
    performed: bool


@dataclass(frozen=True)
class ShowResult:
    actual: ActualSetlist
    played: list[PlayedRow]
    predicted: list[PredictedRow]
    accuracy: Accuracy | None  # None until the setlist is found
    missed: list[PlayedSong]  # performed, but not predicted
    # The viewing fan's own votes against the songs performed (None: no viewer, or no
    # setlist found yet); their precision is its hits ÷ its predicted songs.
    viewer: Accuracy | None = None


RECENT = timedelta(days=90)


@dataclass(frozen=True)
class RecentShow:
    """A show of the last RECENT days, and what is known of its setlist."""

    show: Show
    status: str  # "waiting", "found" or "not_found" (ActualSetlist's)
    accuracy: Accuracy | None


def recent_shows(artist: Artist) -> list[RecentShow]:
    """The artist's shows of the last 90 days that were not cancelled, newest first."""
    now = utcnow()
    shows = db.session.scalars(
        select(Show)
        .where(
            Show.artist_id == artist.id,
            Show.starts_at.between(now - RECENT, now),
            Show.status != "cancelled",
        )
        .order_by(Show.starts_at.desc())
    )
    recent = []
    for show in shows:
        result = show_result(show)
        status = result.actual.status if result else "waiting"
        recent.append(RecentShow(show, status, result.accuracy if result else None))
    return recent


def overall_accuracy(recent: list[RecentShow]) -> Accuracy | None:
    """The crowd's accuracy over the shows whose setlist is in, songs summed; None if none."""
    scored = [item.accuracy for item in recent if item.accuracy is not None]
    if not scored:
        return None
    return Accuracy(
        predicted=sum(accuracy.predicted for accuracy in scored),
        played=sum(accuracy.played for accuracy in scored),
        hits=sum(accuracy.hits for accuracy in scored),
    )


def actual_of(show: Show) -> ActualSetlist | None:
    return db.session.scalar(select(ActualSetlist).where(ActualSetlist.show_id == show.id))


def show_result(show: Show, viewer: User | None = None) -> ShowResult | None:
    """The show's result, or None before it started (no query: every upcoming show's page
    and widget asks) or before anyone looked its setlist up."""
    if show.starts_at is None or show.starts_at > utcnow():
        return None
    actual = actual_of(show)
    if actual is None:
        return None
    rows = song_rows(show.setlist, viewer) if show.setlist else []
    predicted = [row for row in rows if row.votes > 0]
    votes: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for rank, row in enumerate(rows, start=1):
        votes.setdefault(song_key(row.track.name), row.votes)
        if row.votes > 0:
            ranks.setdefault(song_key(row.track.name), rank)
    performed = performed_keys((song.name, song.tape) for song in actual.songs)
    missed: dict[str, PlayedSong] = {}
    for song in actual.songs:
        key = song_key(song.name)
        if key in performed and key not in ranks:
            missed.setdefault(key, song)
    return ShowResult(
        actual=actual,
        played=[
            PlayedRow(song, ranks.get(song_key(song.name)), votes.get(song_key(song.name), 0))
            for song in actual.songs
        ],
        predicted=[
            PredictedRow(row, rank, song_key(row.track.name) in performed)
            for rank, row in enumerate(predicted, start=1)
        ],
        accuracy=(
            score([row.track.name for row in predicted], performed)
            if actual.status == "found"
            else None
        ),
        missed=list(missed.values()),
        viewer=(
            score([row.track.name for row in rows if row.voted], performed)
            if viewer is not None and actual.status == "found"
            else None
        ),
    )
