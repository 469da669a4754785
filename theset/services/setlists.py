"""The crowd's setlist of a show: created on first visit, seeded with 5 random studio songs.

A setlist is "ready" only with songs, or when the artist's catalog is known to be
absent. While the catalog is being fetched it is "building"; when fetching it failed
after every retry it is "failed", until a later try brings the catalog.
"""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import exists, or_, select, update

from .. import jobs
from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Setlist, SetlistSong, Show, Track, utcnow
from ..upstream import Upstream, get_upstream
from .artists import refresh_spotify_details, spotify_synced
from .catalog import Catalog, catalog_job_id, catalog_retry_key, catalog_state, import_catalog
from .upsert import insert_for

SEED_SIZE = 5
NONE_WHEN_CANCELLED = "This show was cancelled, so it has no setlist."


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


def _holds_songs(setlist_id):
    """SQL: whether the setlist (an id, or a column) holds any song."""
    return exists().where(SetlistSong.setlist_id == setlist_id)


def has_songs(setlist_id: int) -> bool:
    """Whether the setlist holds any song."""
    return bool(db.session.scalar(select(_holds_songs(setlist_id))))


def is_complete(setlist: Setlist) -> bool:
    """Ready with songs, or ready because the artist has no catalog to seed from."""
    if not setlist.is_ready:
        return False
    return has_songs(setlist.id) or catalog_state(setlist.show.artist) is Catalog.ABSENT


def seed_setlist(setlist_id: int, rng: random.Random | None = None) -> None:
    """Give a setlist without songs up to 5 random studio songs at 0 votes; idempotent.

    Without stored songs it becomes ready only when the catalog is known to be absent.
    """
    rng = rng or random.SystemRandom()
    with write_transaction():
        # populate_existing: re-read the locked row, not a copy loaded before the lock.
        setlist = db.session.scalar(
            select(Setlist)
            .where(Setlist.id == setlist_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if setlist is None:
            return
        if not has_songs(setlist.id):
            chosen = _seed_tracks(setlist.show.artist_id, rng)
            if not chosen and catalog_state(setlist.show.artist) is not Catalog.ABSENT:
                return  # the catalog is still to come
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
            setlist.seeded_at = utcnow()
        setlist.status = "ready"


def _seed_tracks(artist_id: int, rng: random.Random) -> list[int]:
    """Up to 5 random tracks of the artist: studio versions, or any when it has none."""
    tracks = db.session.execute(
        select(Track.id, Track.is_studio).where(Track.artist_id == artist_id, ~Track.from_fans)
    ).all()
    studio = [track_id for track_id, is_studio in tracks if is_studio]
    pool = studio or [track_id for track_id, _ in tracks]
    return rng.sample(pool, min(SEED_SIZE, len(pool)))


def waiting_setlists(artist_id: int | None = None) -> list[tuple[int, int]]:
    """(setlist id, artist id) of setlists not ready, or ready without songs."""
    query = (
        select(Setlist.id, Show.artist_id)
        .join(Show, Show.id == Setlist.show_id)
        .where(or_(~Setlist.is_ready, ~_holds_songs(Setlist.id)))
        .order_by(Setlist.id)
    )
    if artist_id is not None:
        query = query.where(Show.artist_id == artist_id)
    return [tuple(row) for row in db.session.execute(query)]


def seed_waiting_setlists(artist_id: int) -> int:
    """Seed every waiting or empty setlist of the artist's shows; how many there were."""
    waiting = waiting_setlists(artist_id)
    for setlist_id, _ in waiting:
        seed_setlist(setlist_id)
    return len(waiting)


def import_catalog_and_seed(upstream: Upstream, artist_id: int) -> int:
    """Fetch what the artist's waiting setlists need (Spotify's details or match, if
    Spotify never answered for them, then the catalog) and seed them; how many were
    waiting. Raises ProviderError when Spotify fails."""
    if spotify_synced(db.session.get(Artist, artist_id)) is None:
        refresh_spotify_details(upstream, artist_id)
    import_catalog(upstream, artist_id)
    return seed_waiting_setlists(artist_id)


def fail_waiting_setlists(artist_id: int) -> int:
    """Mark the artist's building setlists failed: their catalog could not be fetched."""
    with write_transaction():
        result = db.session.execute(
            update(Setlist)
            .where(
                Setlist.is_building,
                Setlist.show_id.in_(select(Show.id).where(Show.artist_id == artist_id)),
            )
            .values(status="failed", updated_at=utcnow())
        )
    return result.rowcount or 0


def voting_closed_reason(show: Show, at: datetime | None = None) -> str | None:
    """Why fans can no longer vote on this show's setlist (at `at`, default now), or None
    while they can."""
    return closed_reason(show.status, show.starts_at, at)


def closed_reason(
    status: str, starts_at: datetime | None, at: datetime | None = None
) -> str | None:
    """Why voting is closed for a show with this status and start at `at` (default now),
    or None while open."""
    if status == "cancelled":
        return "This show was cancelled, so voting is closed."
    if starts_at is not None and starts_at <= (at or utcnow()):
        return "This show has started, so voting is closed."
    return None


# By name: the tasks module imports this one.
IMPORT_CATALOG_TASK = "theset.jobs.tasks.import_catalog_and_seed"


def queue_catalog_import(upstream: Upstream, artist_id: int) -> bool:
    """Queue the artist's catalog import unless it is queued, running, or failed too
    recently to be tried again; whether this call queued it."""
    if upstream.cache.backoff.waiting(catalog_retry_key(artist_id)):
        return False
    return jobs.enqueue(IMPORT_CATALOG_TASK, artist_id, job_id=catalog_job_id(artist_id))


def prepare_setlist(show: Show) -> Setlist | None:
    """The show's setlist, for any reader: seeded now when the catalog is stored (or
    known absent), else by a queued import of the catalog. A cancelled show keeps the
    setlist it had and gets none otherwise (None)."""
    if show.status == "cancelled" and show.setlist is None:
        return None
    setlist = get_or_create_setlist(show)
    if is_complete(setlist):
        return setlist
    if catalog_state(show.artist) is Catalog.NEEDED:
        queue_catalog_import(get_upstream(), show.artist_id)
    else:
        seed_setlist(setlist.id)
    db.session.refresh(setlist)
    return setlist
