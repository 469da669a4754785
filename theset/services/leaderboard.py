"""Fans' scores: how the songs each fan voted for did against what shows played.

A fan's hits on a show are the songs they voted for that were performed (tape and
unidentified songs excluded; versions folded); their precision is hits ÷ their votes.
Only shows whose setlist is in count. A fan needs MIN_SHOWS such shows to be ranked,
so one lucky vote does not top the board.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import ActualSetlist, PlayedSong, Setlist, SetlistSong, Show, Track, User, Vote
from .accuracy import performed_keys
from .song_names import song_key

MIN_SHOWS = 2
BOARD_SIZE = 50


@dataclass(frozen=True)
class FanRecord:
    user: User
    shows: int
    votes: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.votes if self.votes else 0.0

    @property
    def name(self) -> str:
        """As the board shows it: the fan's name if they chose so, else their initials."""
        if self.user.name_on_leaderboards:
            return self.user.display_name
        return " ".join(f"{word[0]}." for word in self.user.display_name.split()) or "?"


def fan_records(artist_id: int | None = None, user_id: int | None = None) -> dict[int, FanRecord]:
    """Each fan's record (or one fan's) over the shows (of one artist, if given) whose
    setlist is in; fans with no vote on those shows have none."""
    performed = _performed_by_show(artist_id)
    if not performed:
        return {}
    query = (
        select(Vote.user_id, Setlist.show_id, Track.name)
        .join(SetlistSong, SetlistSong.id == Vote.setlist_song_id)
        .join(Setlist, Setlist.id == SetlistSong.setlist_id)
        .join(Track, Track.id == SetlistSong.track_id)
        .where(Setlist.show_id.in_(performed))
    )
    if user_id is not None:
        query = query.where(Vote.user_id == user_id)
    voted = db.session.execute(query).all()
    shows: dict[int, set[int]] = defaultdict(set)
    votes: dict[int, int] = defaultdict(int)
    hits: dict[int, int] = defaultdict(int)
    for user_id, show_id, name in voted:
        shows[user_id].add(show_id)
        votes[user_id] += 1
        hits[user_id] += song_key(name) in performed[show_id]
    users = db.session.scalars(select(User).where(User.id.in_(shows)))
    return {
        user.id: FanRecord(user, len(shows[user.id]), votes[user.id], hits[user.id])
        for user in users
    }


def leaderboard(artist_id: int | None = None, limit: int = BOARD_SIZE) -> list[FanRecord]:
    """Fans with at least MIN_SHOWS scored shows, by hits, then precision, then name."""
    ranked = [record for record in fan_records(artist_id).values() if record.shows >= MIN_SHOWS]
    ranked.sort(key=lambda record: (-record.hits, -record.precision, record.name))
    return ranked[:limit]


def _performed_by_show(artist_id: int | None) -> dict[int, set[str]]:
    """The songs performed at each show whose setlist is in (only those have songs)."""
    query = select(ActualSetlist.show_id, PlayedSong.name, PlayedSong.tape).join(
        PlayedSong, PlayedSong.actual_id == ActualSetlist.id
    )
    if artist_id is not None:
        query = query.join(Show, Show.id == ActualSetlist.show_id).where(
            Show.artist_id == artist_id
        )
    played: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for show_id, name, tape in db.session.execute(query):
        played[show_id].append((name, tape))
    return {show_id: performed_keys(songs) for show_id, songs in played.items()}
