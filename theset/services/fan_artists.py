"""A fan's followed and top artists from Spotify (cached 1 hour) and their upcoming shows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import joinedload

from ..cache import ARTIST_DETAILS_TTL, USER_ARTISTS_TTL, Freshness
from ..database import write_transaction
from ..extensions import db
from ..models import USER_ARTIST_RELATIONS, Artist, Show, User, UserArtist, utcnow
from ..providers.errors import ProviderError
from ..providers.matching import exact_match
from ..providers.spotify import SpotifyArtist
from ..upstream import Upstream
from .artists import apply_spotify_details
from .freshness import keep_fresh
from .identity import claim, insert_artist
from .shows import ensure_artist_shows_fresh
from .users import with_user_token


@dataclass(frozen=True)
class FanArtist:
    """One of the fan's artists, once, with how the fan knows them on Spotify."""

    artist: Artist
    relations: tuple[str, ...]  # "followed", "top" or both, in that order


@dataclass(frozen=True)
class NextShow:
    """An artist's next upcoming show, and how many more come after it."""

    show: Show
    more: int


def ensure_fan_artists_fresh(upstream: Upstream, user: User, *, force: bool = False) -> Freshness:
    """Refetch the fan's artists from Spotify when older than an hour (or now, if `force`)."""
    synced_at = user.artists_synced_at
    return keep_fresh(
        upstream,
        user,
        "user-artists",
        USER_ARTISTS_TTL,
        synced_at,
        refresh_fan_artists,
        force=force,
    )


def refresh_fan_artists(upstream: Upstream, user_id: int) -> None:
    """Fetch the fan's followed and top artists now and store them in rank order.

    Raises SignInExpired when Spotify no longer accepts the fan's authorisation.
    """
    user = db.session.get(User, user_id)
    followed = with_user_token(upstream, user, upstream.spotify.followed_artists)
    top = with_user_token(upstream, user, upstream.spotify.top_artists)
    with write_transaction():
        ids = {found.id: _save_spotify_artist(found) for found in (*followed, *top)}
        db.session.execute(delete(UserArtist).where(UserArtist.user_id == user.id))
        now = utcnow()
        rows = [
            {
                "user_id": user.id,
                "artist_id": ids[found.id],
                "relation": relation,
                "rank": rank,
                "fetched_at": now,
            }
            for relation, artists in (("followed", followed), ("top", top))
            for rank, found in enumerate(_unique(artists))
        ]
        if rows:
            db.session.execute(insert(UserArtist), rows)
        user.artists_synced_at = now


def _unique(artists: list[SpotifyArtist]) -> list[SpotifyArtist]:
    seen: set[str] = set()
    return [a for a in artists if not (a.id in seen or seen.add(a.id))]


def _save_spotify_artist(found: SpotifyArtist) -> int:
    """The artist row for a Spotify artist: by Spotify id, else an unlinked row of that
    name, else a new row; racing writers of the same artist end with one row."""
    artist = db.session.scalar(select(Artist).where(Artist.spotify_id == found.id))
    if artist is None:
        unlinked = db.session.scalar(
            select(Artist)
            .where(Artist.spotify_id.is_(None), func.lower(Artist.name) == found.name.lower())
            .limit(1)
        )
        if unlinked is not None:
            artist = claim(unlinked, Artist.spotify_id, found.id)
        if artist is None or artist.spotify_id != found.id:
            artist = insert_artist(Artist.spotify_id, found.id, found.name)
    apply_spotify_details(artist, found)
    db.session.flush()
    return artist.id


def fan_artists(user: User) -> list[FanArtist]:
    """The fan's followed and top artists, each once, at their best rank on Spotify."""
    rows = db.session.scalars(
        select(UserArtist)
        .where(UserArtist.user_id == user.id)
        .order_by(UserArtist.rank, UserArtist.relation)
        .options(joinedload(UserArtist.artist))
    )
    relations: dict[int, set[str]] = {}
    artists: dict[int, Artist] = {}
    for row in rows:
        artists.setdefault(row.artist_id, row.artist)
        relations.setdefault(row.artist_id, set()).add(row.relation)
    return [
        FanArtist(artist, tuple(r for r in USER_ARTIST_RELATIONS if r in relations[artist_id]))
        for artist_id, artist in artists.items()
    ]


def next_shows(artists: list[Artist]) -> dict[int, NextShow]:
    """Each artist's next upcoming show and the number of shows after it, in one query."""
    ids = {artist.id for artist in artists}
    if not ids:
        return {}
    by_artist = {"partition_by": Show.artist_id}
    upcoming = (
        select(
            Show.id,
            func.row_number()
            .over(**by_artist, order_by=(Show.local_date.nulls_last(), Show.starts_at, Show.id))
            .label("position"),
            func.count().over(**by_artist).label("total"),
        )
        .where(
            Show.artist_id.in_(ids),
            Show.delisted_at.is_(None),
            Show.starts_at.is_(None) | (Show.starts_at > utcnow()),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(Show, upcoming.c.total)
        .join(upcoming, upcoming.c.id == Show.id)
        .where(upcoming.c.position == 1)
        .options(joinedload(Show.venue))
    )
    return {show.artist_id: NextShow(show, total - 1) for show, total in rows}


def find_fan_shows(upstream: Upstream, user_id: int, progress) -> None:
    """Find each of the fan's artists on Ticketmaster and refresh their shows (a job).

    `progress(done, total)` is called after each artist.
    """
    artists = [fan.artist for fan in fan_artists(db.session.get(User, user_id))]
    for done, artist in enumerate(artists, start=1):
        try:
            if artist.tm_id is None:
                artist = _link_ticketmaster(upstream, artist)
            if artist.tm_id is not None:
                ensure_artist_shows_fresh(upstream, artist)
        except ProviderError:
            pass  # this artist's shows wait for the next refresh; the others go on
        progress(done, len(artists))


def _link_ticketmaster(upstream: Upstream, artist: Artist) -> Artist:
    """Search Ticketmaster for an artist first met on Spotify; remember "no match" 7 days.

    The artist row afterwards: when a fan already selected that attraction from search,
    the two rows are merged into that one.
    """
    checked = artist.tm_match_checked_at
    if checked is not None and utcnow() - checked < ARTIST_DETAILS_TTL:
        return artist
    match = exact_match(artist.name, upstream.ticketmaster.search_attractions(artist.name))
    with write_transaction():
        artist.tm_match_checked_at = utcnow()
        if match is not None:
            artist = claim(artist, Artist.tm_id, match.id)
    return artist
