"""Read models for the discovery pages: hot shows, popular artists, an artist's shows.

Each function runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Artist, Setlist, SetlistSong, Show, Vote, utcnow

HOT_WINDOW = timedelta(days=7)
ACTIVITY_WINDOW = timedelta(days=30)
ARTISTS_PER_PAGE = 24


@dataclass(frozen=True)
class HotShow:
    show: Show
    recent_votes: int


def is_upcoming(now):
    """SQL: a show still to come (or with no date yet) that Ticketmaster still lists."""
    return (
        (Show.starts_at.is_(None) | (Show.starts_at > now))
        & Show.delisted_at.is_(None)
        & (Show.status != "cancelled")
    )


def hot_shows(limit: int = 6) -> list[HotShow]:
    """Upcoming shows with the most votes in the last 7 days."""
    now = utcnow()
    recent = func.count(Vote.id).label("recent_votes")
    rows = db.session.execute(
        select(Show, recent)
        .join(Setlist, Setlist.show_id == Show.id)
        .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
        .join(Vote, Vote.setlist_song_id == SetlistSong.id)
        .where(is_upcoming(now), Vote.created_at >= now - HOT_WINDOW)
        .group_by(Show.id)
        .order_by(recent.desc(), Show.starts_at)
        .limit(limit)
        .options(joinedload(Show.artist), joinedload(Show.venue))
    ).all()
    return [HotShow(show, votes) for show, votes in rows]


def _activity():
    """Votes of the last 30 days on each artist's shows: our own popularity signal."""
    return (
        select(Show.artist_id, func.count(Vote.id).label("votes"))
        .join(Setlist, Setlist.show_id == Show.id)
        .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
        .join(Vote, Vote.setlist_song_id == SetlistSong.id)
        .where(Vote.created_at >= utcnow() - ACTIVITY_WINDOW)
        .group_by(Show.artist_id)
        .subquery()
    )


def _by_popularity():
    """Artists: Spotify popularity where known, else our daily activity score, then this
    month's votes (fresh since the last daily run), then name."""
    activity = _activity()
    return (
        select(Artist)
        .outerjoin(activity, activity.c.artist_id == Artist.id)
        .order_by(
            Artist.popularity.desc().nulls_last(),
            Artist.activity_score.desc(),
            func.coalesce(activity.c.votes, 0).desc(),
            Artist.name,
        )
    )


def popular_artists(limit: int = 8) -> list[Artist]:
    """The most popular artists we know that have an upcoming show or a picture: a tile
    with neither (a tribute act met on a fan's Spotify) would push out a real one."""
    has_show = exists().where(Show.artist_id == Artist.id, is_upcoming(utcnow()))
    worth_a_tile = Artist.image_url.is_not(None) | has_show
    return list(db.session.scalars(_by_popularity().where(worth_a_tile).limit(limit)))


def artists_page(page: int) -> Pagination:
    """One page of every artist we know, most popular first."""
    return db.paginate(_by_popularity(), page=page, per_page=ARTISTS_PER_PAGE, error_out=False)


def upcoming_shows(artist: Artist) -> list[Show]:
    """The artist's shows to come, soonest first, with their venues."""
    return shows_to_come(Show.artist_id == artist.id)


def shows_to_come(which) -> list[Show]:
    """The shows matching the SQL condition `which` that are still to come (or began less
    than 6 hours ago) and still listed, soonest first, with their venues and artists."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Show)
            .where(
                which,
                Show.delisted_at.is_(None),
                Show.starts_at.is_(None) | (Show.starts_at > now - timedelta(hours=6)),
            )
            .order_by(Show.local_date.nulls_last(), Show.starts_at, Show.id)
            .options(joinedload(Show.venue), joinedload(Show.artist))
        )
    )
