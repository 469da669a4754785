"""Artists: import on select, and the freshness of each source of their details.

Ticketmaster details and Spotify details are two sources, each fresh for 7 days
after it last succeeded (and retried with a growing back-off after it failed).
"No Spotify match" is a fact only after a Spotify search that answered and found
nothing; it is then remembered for 7 days like any other detail.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.exceptions import RedisError
from sqlalchemy import select

from ..cache import ARTIST_DETAILS_TTL, DataUnavailable, Freshness, fresh_key
from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Show, utcnow
from ..providers.budget import IMPORT, REFRESH, charged_to
from ..providers.errors import NotFound
from ..providers.matching import exact_match
from ..providers.spotify import SpotifyArtist
from ..providers.ticketmaster import Attraction
from ..redis_client import get_redis
from ..upstream import Upstream, get_upstream
from .discovery import upcoming_shows
from .freshness import keep_fresh
from .identity import claim, insert_artist
from .shows import ensure_artist_shows_fresh

log = logging.getLogger(__name__)

# How long the first selection of an artist holds off the others' attraction calls.
IMPORT_WINDOW = timedelta(minutes=1)
SLUG = re.compile(r"[a-z0-9-]{1,220}")
RECENTLY_VIEWED_KEY = "theset:recently-viewed"


def artist_by_slug(slug: str) -> Artist | None:
    """The stored artist with this slug (None for anything that cannot be a slug)."""
    if not SLUG.fullmatch(slug):
        return None  # e.g. NUL bytes, which PostgreSQL refuses in text
    return db.session.scalar(select(Artist).where(Artist.slug == slug))


def artist_by_tm_id(tm_id: str) -> Artist | None:
    """The stored artist for a Ticketmaster attraction id."""
    return db.session.scalar(select(Artist).where(Artist.tm_id == tm_id))


def import_artist(upstream: Upstream, tm_id: str) -> Artist:
    """The artist for a selected search result, imported with its details if new.

    However many fans select a new artist at once, in however many processes, one
    of them calls Ticketmaster; the others wait for its row. Raises NotFound for an
    unknown attraction and DataUnavailable when Ticketmaster fails. Spotify failing
    leaves the Spotify details to a retry.
    """
    artist = artist_by_tm_id(tm_id)
    if artist is not None:
        return artist
    upstream.cache.ensure_fresh(
        fresh_key("attraction", tm_id), IMPORT_WINDOW, None, lambda: _import(upstream, tm_id)
    )
    db.session.commit()  # end this session's snapshot, to see the row the winner wrote
    artist = artist_by_tm_id(tm_id)
    if artist is None:
        raise DataUnavailable(f"artist {tm_id}")
    ensure_artist_fresh(upstream, artist)
    return artist


def _import(upstream: Upstream, tm_id: str) -> None:
    attraction = upstream.ticketmaster.get_attraction(tm_id)
    with write_transaction():
        artist = insert_artist(
            Artist.tm_id, attraction.id, attraction.name, genres=list(attraction.genres)
        )
        _apply_attraction(artist, attraction)


def ensure_artist_fresh(upstream: Upstream, artist: Artist) -> Freshness:
    """Refresh each source of the artist's details that is older than 7 days.

    A source that cannot be refreshed leaves the stored details, flagged stale.
    """
    sources = [("artist-spotify", spotify_synced(artist), refresh_spotify_details)]
    if artist.tm_id:
        sources.insert(0, ("artist-tm", artist.tm_synced_at, refresh_tm_details))
    stale = refreshed = False
    for kind, synced_at, refresh in sources:
        try:
            freshness = keep_fresh(upstream, artist, kind, ARTIST_DETAILS_TTL, synced_at, refresh)
        except DataUnavailable:
            freshness = Freshness(stale=True)
        stale |= freshness.stale
        refreshed |= freshness.refreshed
    return Freshness(stale=stale, refreshed=refreshed)


def spotify_synced(artist: Artist) -> datetime | None:
    """When Spotify last answered for the artist: its details, or that it has no match."""
    return artist.spotify_synced_at if artist.spotify_id else artist.spotify_match_checked_at


def refresh_artist_details(upstream: Upstream, artist_id: int) -> None:
    """Fetch the artist's details from both sources now and commit them."""
    if db.session.get(Artist, artist_id).tm_id:
        refresh_tm_details(upstream, artist_id)
    refresh_spotify_details(upstream, artist_id)


def refresh_tm_details(upstream: Upstream, artist_id: int) -> None:
    """Fetch the artist's Ticketmaster attraction now and store it."""
    artist = db.session.get(Artist, artist_id)
    try:
        attraction = upstream.ticketmaster.get_attraction(artist.tm_id)
    except NotFound:
        log.warning("Ticketmaster no longer knows %s; keeping what we have", artist.slug)
        attraction = None
    with write_transaction():
        if attraction is None:
            artist.tm_synced_at = utcnow()
        else:
            _apply_attraction(artist, attraction)


def _apply_attraction(artist: Artist, attraction: Attraction) -> None:
    """Store Ticketmaster's details, and the Spotify id the attraction links to."""
    artist.name = attraction.name
    artist.image_url = attraction.image_url or artist.image_url
    artist.genres = list(attraction.genres) or artist.genres
    artist.musicbrainz_id = attraction.musicbrainz_id or artist.musicbrainz_id
    artist.tm_synced_at = utcnow()
    if attraction.spotify_id and artist.spotify_id is None:
        claim(artist, Artist.spotify_id, attraction.spotify_id)


def refresh_spotify_details(upstream: Upstream, artist_id: int) -> None:
    """Fetch the artist's Spotify details now (matching them by name if need be)."""
    artist = db.session.get(Artist, artist_id)
    spotify_id = artist.spotify_id or _match_on_spotify(upstream, artist.name)
    if spotify_id is None:
        with write_transaction():
            artist.spotify_match_checked_at = utcnow()
        return
    try:
        found = upstream.spotify.get_artist(spotify_id)
    except NotFound:
        log.warning("Spotify no longer knows %s of %s", spotify_id, artist.slug)
        found = None
    with write_transaction():
        artist = claim(artist, Artist.spotify_id, spotify_id)
        if artist.spotify_id != spotify_id:
            artist.spotify_match_checked_at = utcnow()  # another artist's: no match of ours
        elif found is None:
            artist.spotify_synced_at = utcnow()
        else:
            apply_spotify_details(artist, found)


def _match_on_spotify(upstream: Upstream, name: str) -> str | None:
    """The Spotify id of an exact (folded) name match, or None when Spotify has none."""
    match = exact_match(name, upstream.spotify.search_artists(name, limit=10))
    return None if match is None else match.id


def apply_spotify_details(artist: Artist, found: SpotifyArtist) -> None:
    """Copy Spotify's details onto the artist, keeping what Spotify no longer sends."""
    artist.image_url = found.image_url or artist.image_url
    # Spotify stopped sending these to new apps in 2026: keep what we had, don't erase it.
    if found.genres:
        artist.genres = list(found.genres)
    if found.popularity is not None:
        artist.popularity = found.popularity
    if found.followers is not None:
        artist.followers = found.followers
    artist.spotify_synced_at = utcnow()


# Every reader of an artist (HTML page, htmx fragment, JSON API) goes through `read_artist`
# (or `select_artist`): the same TTL and freshness path. Their Ticketmaster calls are
# charged to the quota's share for page refreshes, a selection's to imports.


@dataclass(frozen=True)
class ArtistRead:
    """An artist as every reader gets it: fresh (or flagged stale) with upcoming shows."""

    artist: Artist
    shows: list[Show]
    stale: bool
    shows_unavailable: bool


def select_artist(tm_id: str) -> Artist:
    """A selected search result: the artist, imported if new, with its upcoming shows.

    Raises NotFound and DataUnavailable like `import_artist`.
    """
    with charged_to(IMPORT):
        artist = import_artist(get_upstream(), tm_id)
        _read_artist(artist)
    return artist


def read_artist_at(slug: str) -> ArtistRead | None:
    """`read_artist` for the artist with this slug; None when there is none."""
    artist = artist_by_slug(slug)
    return None if artist is None else read_artist(artist)


def read_artist(artist: Artist) -> ArtistRead:
    """The artist's details and upcoming shows, each refreshed when older than its TTL."""
    with charged_to(REFRESH):
        return _read_artist(artist)


def _read_artist(artist: Artist) -> ArtistRead:
    upstream = get_upstream()
    record_view(get_redis(), artist.id)
    stale = ensure_artist_fresh(upstream, artist).stale
    shows_unavailable = False
    try:
        stale |= ensure_artist_shows_fresh(upstream, artist).stale
    except DataUnavailable:
        shows_unavailable = True
    return ArtistRead(artist, upcoming_shows(artist), stale, shows_unavailable)


def record_view(redis, artist_id: int) -> None:
    """Remember that a fan looked at this artist just now (for the stale refresh)."""
    try:
        redis.zadd(RECENTLY_VIEWED_KEY, {str(artist_id): utcnow().timestamp()})
    except RedisError as error:
        log.warning("artist view not recorded: %s", error.__class__.__name__)
