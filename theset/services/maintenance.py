"""Periodic upkeep: popularity, refreshing what fans look at, and cleaning up."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from redis.exceptions import RedisError
from sqlalchemy import func, select, update

from ..cache import ARTIST_DETAILS_TTL, SHOWS_TTL
from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Setlist, SetlistSong, Show, UserArtist, Vote, utcnow
from ..providers.errors import ProviderError, QuotaSpent
from ..upstream import Upstream
from .artists import (
    RECENTLY_VIEWED_KEY,
    apply_spotify_details,
    refresh_artist_details,
    spotify_synced,
)
from .shows import refresh_artist_shows

log = logging.getLogger(__name__)

RECENT = timedelta(days=7)
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    """Progress goes nowhere unless a caller wants it."""


@dataclass
class PopularityReport:
    from_spotify: int = 0
    from_our_signals: int = 0
    failed: int = 0


def refresh_popularity(upstream: Upstream, progress: Progress = _no_progress) -> PopularityReport:
    """Spotify popularity where the app is given it; our own activity score for everyone."""
    report = PopularityReport()
    artists = db.session.scalars(select(Artist).order_by(Artist.id)).all()
    scores = activity_scores()
    for done, artist in enumerate(artists, start=1):
        found = None
        if artist.spotify_id:
            try:
                found = upstream.spotify.get_artist(artist.spotify_id)
            except ProviderError as error:
                report.failed += 1
                log.warning("popularity of %s not refreshed: %s", artist.slug, error)
        with write_transaction():
            if found is not None:
                apply_spotify_details(artist, found)
            artist.activity_score = scores.get(artist.id, 0)
        if artist.popularity is not None:
            report.from_spotify += 1
        else:
            report.from_our_signals += 1
        progress(done, len(artists))
    log.info("popularity refreshed: %s", report)
    return report


def activity_scores() -> dict[int, int]:
    """Our own signal per artist: 3 × votes in 30 days + upcoming shows + dashboard follows."""
    now = utcnow()
    scores: dict[int, int] = {}
    queries = (
        (
            3,
            select(Show.artist_id, func.count(Vote.id))
            .join(Setlist, Setlist.show_id == Show.id)
            .join(SetlistSong, SetlistSong.setlist_id == Setlist.id)
            .join(Vote, Vote.setlist_song_id == SetlistSong.id)
            .where(Vote.created_at >= now - timedelta(days=30))
            .group_by(Show.artist_id),
        ),
        (
            1,
            select(Show.artist_id, func.count(Show.id))
            .where(Show.starts_at > now, Show.delisted_at.is_(None))
            .group_by(Show.artist_id),
        ),
        (
            1,
            select(UserArtist.artist_id, func.count(func.distinct(UserArtist.user_id))).group_by(
                UserArtist.artist_id
            ),
        ),
    )
    for weight, query in queries:
        for artist_id, count in db.session.execute(query):
            scores[artist_id] = scores.get(artist_id, 0) + weight * count
    return scores


@dataclass
class StaleReport:
    planned: list[str] = field(default_factory=list)
    refreshed: int = 0
    failed: int = 0
    stopped_for_quota: bool = False


def stale_artists(redis, limit: int) -> list[tuple[Artist, bool, bool]]:
    """Recently viewed artists with stale details or shows: (artist, details?, shows?)."""
    since = (utcnow() - RECENT).timestamp()
    try:
        viewed = [int(ident) for ident in redis.zrangebyscore(RECENTLY_VIEWED_KEY, since, "+inf")]
    except RedisError:
        viewed = []
    if not viewed:
        return []
    now = utcnow()
    candidates = db.session.scalars(
        select(Artist).where(Artist.id.in_(viewed), Artist.tm_id.is_not(None)).order_by(Artist.id)
    )
    stale = []

    def older(stamp, ttl) -> bool:
        return stamp is None or now - stamp > ttl

    for artist in candidates:
        details = older(artist.tm_synced_at, ARTIST_DETAILS_TTL) or older(
            spotify_synced(artist), ARTIST_DETAILS_TTL
        )
        shows = older(artist.shows_synced_at, SHOWS_TTL)
        if details or shows:
            stale.append((artist, details, shows))
    return stale[:limit]


def refresh_stale(
    upstream: Upstream,
    redis,
    *,
    limit: int = 50,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> StaleReport:
    """Refresh what fans looked at in the last week and is older than its TTL, within the
    background share of the Ticketmaster quota."""
    report = StaleReport()
    stale = stale_artists(redis, limit)
    for done, (artist, details, shows) in enumerate(stale, start=1):
        what = " and ".join(part for part, due in (("details", details), ("shows", shows)) if due)
        report.planned.append(f"{artist.name}: {what}")
        if not dry_run:
            try:
                if details:
                    refresh_artist_details(upstream, artist.id)
                if shows:
                    refresh_artist_shows(upstream, artist.id)
                report.refreshed += 1
            except QuotaSpent:
                report.stopped_for_quota = True
                break
            except ProviderError as error:
                report.failed += 1
                log.warning("stale refresh of %s failed: %s", artist.slug, error)
        progress(done, len(stale))
    log.info("stale refresh: %s", report)
    return report


def clean_up(redis) -> dict[str, int]:
    """Forget views older than a week and the live state of shows that are over."""
    removed = {"views": 0, "finished_setlists": 0}
    try:
        removed["views"] = redis.zremrangebyscore(
            RECENTLY_VIEWED_KEY, "-inf", (utcnow() - RECENT).timestamp()
        )
    except RedisError as error:
        log.warning("clean-up skipped Redis: %s", error.__class__.__name__)
    with write_transaction():
        # Setlists of past shows stay readable; nothing is "building" for them any more.
        finished = db.session.execute(
            update(Setlist)
            .where(
                ~Setlist.is_ready,
                Setlist.show_id.in_(select(Show.id).where(Show.starts_at < utcnow())),
            )
            .values(status="ready", updated_at=utcnow())
        )
        removed["finished_setlists"] = finished.rowcount or 0
    log.info("clean-up: %s", removed)
    return removed
