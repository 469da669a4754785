"""Artists: import on select, Spotify matching, 7-day details refresh."""

from __future__ import annotations

import logging
import re

from sqlalchemy import select

from ..cache import ARTIST_DETAILS_TTL, Freshness, fresh_key
from ..database import write_transaction
from ..extensions import db
from ..models import Artist, utcnow
from ..providers.errors import NotFound, ProviderError
from ..providers.matching import exact_match
from ..providers.spotify import SpotifyArtist
from ..providers.ticketmaster import Attraction
from ..text import slugify
from ..upstream import Upstream
from .freshness import keep_fresh
from .upsert import insert_for

log = logging.getLogger(__name__)


def free_slug(name: str) -> str:
    """A slug for `name` that no artist has yet."""
    base = slugify(name)[:200] or "artist"
    taken = set(db.session.scalars(select(Artist.slug).where(Artist.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


SLUG = re.compile(r"[a-z0-9-]{1,220}")


def artist_by_slug(slug: str) -> Artist | None:
    """The stored artist with this slug (None for anything that cannot be a slug)."""
    if not SLUG.fullmatch(slug):
        return None  # e.g. NUL bytes, which PostgreSQL refuses in text
    return db.session.scalar(select(Artist).where(Artist.slug == slug))


def artist_by_tm_id(tm_id: str) -> Artist | None:
    """The stored artist for a Ticketmaster attraction id."""
    return db.session.scalar(select(Artist).where(Artist.tm_id == tm_id))


def import_artist(upstream: Upstream, tm_id: str) -> Artist:
    """The artist for a selected search result, imported with Spotify details if new.

    Raises NotFound for an unknown attraction and ProviderError when Ticketmaster fails.
    """
    artist = artist_by_tm_id(tm_id)
    if artist is not None:
        return artist
    attraction = upstream.ticketmaster.get_attraction(tm_id)
    with write_transaction():
        # Two fans selecting the same new artist at once: the unique tm_id decides.
        now = utcnow()
        db.session.execute(
            insert_for(Artist)
            .values(
                tm_id=attraction.id,
                name=attraction.name,
                slug=free_slug(attraction.name),
                genres=list(attraction.genres),
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["tm_id"])
        )
    artist = artist_by_tm_id(tm_id)
    try:
        _save_details(upstream, artist, attraction)
    except ProviderError:
        return artist  # imported without Spotify details; the next view retries them
    upstream.cache.mark_fresh(fresh_key("artist", artist.id), ARTIST_DETAILS_TTL)
    return artist


def ensure_artist_fresh(upstream: Upstream, artist: Artist) -> Freshness:
    """Refresh the artist's Ticketmaster and Spotify details when older than 7 days."""
    synced_at = artist.tm_synced_at or artist.spotify_synced_at
    return keep_fresh(
        upstream, artist, "artist", ARTIST_DETAILS_TTL, synced_at, refresh_artist_details
    )


def refresh_artist_details(upstream: Upstream, artist_id: int) -> None:
    """Fetch the artist's details from both sources now and commit them."""
    artist = db.session.get(Artist, artist_id)
    attraction = None
    if artist.tm_id:
        try:
            attraction = upstream.ticketmaster.get_attraction(artist.tm_id)
        except NotFound:
            log.warning("Ticketmaster no longer knows %s; keeping what we have", artist.slug)
    _save_details(upstream, artist, attraction)


def _save_details(upstream: Upstream, artist: Artist, attraction: Attraction | None) -> None:
    """Store Ticketmaster's details, then Spotify's; a Spotify failure is raised after."""
    if attraction is not None:
        with write_transaction():
            artist.name = attraction.name
            artist.image_url = attraction.image_url or artist.image_url
            artist.genres = list(attraction.genres) or artist.genres
            artist.tm_synced_at = utcnow()
    try:
        spotify_id, found = _fetch_spotify(upstream, artist, attraction)
    except ProviderError as error:
        log.warning("Spotify details of %s not refreshed: %s", artist.slug, error)
        raise
    with write_transaction():
        if artist.spotify_id is None:
            artist.spotify_id = spotify_id
            artist.spotify_match_checked_at = utcnow()
        if found is not None:
            apply_spotify_details(artist, found)


def apply_spotify_details(artist: Artist, found: SpotifyArtist) -> None:
    """Copy Spotify's details onto the artist, keeping what Spotify no longer sends."""
    artist.spotify_id = found.id
    artist.image_url = found.image_url or artist.image_url
    # Spotify stopped sending these to new apps in 2026: keep what we had, don't erase it.
    if found.genres:
        artist.genres = list(found.genres)
    if found.popularity is not None:
        artist.popularity = found.popularity
    if found.followers is not None:
        artist.followers = found.followers
    artist.spotify_synced_at = utcnow()


def _fetch_spotify(
    upstream: Upstream, artist: Artist, attraction: Attraction | None
) -> tuple[str | None, SpotifyArtist | None]:
    """The artist's Spotify id (matched if need be) and details, or (None, None)."""
    spotify_id = artist.spotify_id
    if spotify_id is None:
        checked = artist.spotify_match_checked_at
        if checked is not None and utcnow() - checked < ARTIST_DETAILS_TTL:
            return None, None  # "no match" is remembered for 7 days
        spotify_id = _find_spotify_id(upstream, artist.name, attraction)
    if spotify_id is None:
        return None, None
    return spotify_id, upstream.spotify.get_artist(spotify_id)


def _find_spotify_id(upstream: Upstream, name: str, attraction: Attraction | None) -> str | None:
    """The attraction's own Spotify link, else an exact (folded) name match, else None."""
    if attraction is not None and attraction.spotify_id:
        return attraction.spotify_id
    match = exact_match(name, upstream.spotify.search_artists(name, limit=10))
    if match is None:
        return None
    taken = db.session.scalar(select(Artist.id).where(Artist.spotify_id == match.id))
    return None if taken else match.id
