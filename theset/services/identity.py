"""One artist row per artist, however it was learned: Ticketmaster search, a fan's Spotify
artists, or both at once.

Rows are matched by Ticketmaster id, then by Spotify id. Every write that could clash
with another process's is an upsert or runs in a savepoint, so the unique constraints
decide who wins and the loser adopts the winner's row. When one row learns an id that
another row already holds, the two are merged into the row with the Ticketmaster id:
its shows (with their setlists and votes), catalog and fans' links move over.
The functions run inside the caller's write transaction.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Artist, SetlistSong, Show, Track, UserArtist, utcnow
from ..text import slugify
from .upsert import insert_for

log = logging.getLogger(__name__)

SLUG_ATTEMPTS = 5
# Details the surviving row takes from the merged one when it has none of its own.
ADOPTED_FIELDS = (
    "image_url",
    "popularity",
    "followers",
    "spotify_synced_at",
    "spotify_match_checked_at",
    "catalog_synced_at",
)


def free_slug(name: str) -> str:
    """A slug for `name` that no artist has yet."""
    base = slugify(name)[:200] or "artist"
    taken = set(db.session.scalars(select(Artist.slug).where(Artist.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def artist_with(column, value: str) -> Artist | None:
    """The artist whose unique `column` (Artist.tm_id or Artist.spotify_id) is `value`."""
    return db.session.scalar(
        select(Artist).where(column == value).execution_options(populate_existing=True)
    )


def insert_artist(column, value: str, name: str, **values) -> Artist:
    """The artist whose `column` is `value`, inserted if there is none yet.

    Racing inserts of the same artist end with one row; a slug taken by a racing
    insert of another artist of the same name is chosen again.
    """
    for _ in range(SLUG_ATTEMPTS):
        now = utcnow()
        db.session.execute(
            insert_for(Artist)
            .values(
                {
                    column.key: value,
                    "name": name,
                    "slug": free_slug(name),
                    "genres": [],
                    "created_at": now,
                    "updated_at": now,
                    **values,
                }
            )
            .on_conflict_do_nothing()
        )
        artist = artist_with(column, value)
        if artist is not None:
            return artist
        # Nothing inserted and no such artist: a racing insert took the slug; pick again.
    raise RuntimeError(f"could not insert artist {name!r}")


def claim(artist: Artist, column, value: str) -> Artist:
    """Give `artist` the unique id `value` in `column`; the row that holds it afterwards.

    When another row holds it already, the two rows are one artist: they are merged,
    unless both carry different ids of the other kind (two Ticketmaster attractions
    linked to one Spotify artist), which is left alone and logged.
    """
    if getattr(artist, column.key) == value:
        return artist
    holder = artist_with(column, value)
    if holder is None:
        try:
            with db.session.begin_nested():
                db.session.execute(
                    update(Artist)
                    .where(Artist.id == artist.id, column.is_(None))
                    .values({column.key: value})
                )
        except IntegrityError:
            holder = artist_with(column, value)  # a racing writer took it first
        else:
            db.session.refresh(artist)
            return artist
    if holder is None or holder.id == artist.id:
        return artist
    if _conflicting(artist, holder):
        log.warning("artists %s and %s both claim %s; not merged", artist.id, holder.id, value)
        return artist
    return merge(artist, holder)


def _conflicting(one: Artist, other: Artist) -> bool:
    return any(
        getattr(one, key) and getattr(other, key) and getattr(one, key) != getattr(other, key)
        for key in ("tm_id", "spotify_id")
    )


def merge(one: Artist, other: Artist) -> Artist:
    """Merge two rows of one artist into the one with a Ticketmaster id (else the older)."""
    survivor, loser = sorted((one, other), key=lambda a: (a.tm_id is None, a.id))
    ids = {"tm_id": loser.tm_id, "spotify_id": loser.spotify_id}
    adopted = {
        field: getattr(loser, field)
        for field in ADOPTED_FIELDS
        if getattr(survivor, field) is None and getattr(loser, field) is not None
    }
    _move_catalog(loser.id, survivor.id)
    db.session.execute(update(Show).where(Show.artist_id == loser.id).values(artist_id=survivor.id))
    _move_fan_links(loser.id, survivor.id)
    db.session.execute(delete(Artist).where(Artist.id == loser.id))
    for key, value in ids.items():
        if value and getattr(survivor, key) is None:
            adopted[key] = value
    if adopted:
        db.session.execute(update(Artist).where(Artist.id == survivor.id).values(**adopted))
    db.session.expire_all()
    log.info("merged artist %s into %s", loser.id, survivor.id)
    return db.session.get(Artist, survivor.id)


def _move_catalog(loser_id: int, survivor_id: int) -> None:
    """Tracks move over; a catalog track both rows hold is kept once, setlists pointing at
    it (songs fans suggested move over as they are)."""
    kept = dict(
        db.session.execute(
            select(Track.spotify_id, Track.id).where(
                Track.artist_id == survivor_id, ~Track.from_fans
            )
        ).all()
    )
    for track_id, spotify_id in db.session.execute(
        select(Track.id, Track.spotify_id).where(Track.artist_id == loser_id, ~Track.from_fans)
    ).all():
        if spotify_id not in kept:
            continue
        already = select(SetlistSong.setlist_id).where(SetlistSong.track_id == kept[spotify_id])
        db.session.execute(
            update(SetlistSong)
            .where(SetlistSong.track_id == track_id, SetlistSong.setlist_id.not_in(already))
            .values(track_id=kept[spotify_id])
        )
        db.session.execute(delete(Track).where(Track.id == track_id))
    db.session.execute(
        update(Track).where(Track.artist_id == loser_id).values(artist_id=survivor_id)
    )


def _move_fan_links(loser_id: int, survivor_id: int) -> None:
    """Fans' followed and top links move over; one a fan has with both rows is kept once."""
    held = set(
        db.session.execute(
            select(UserArtist.user_id, UserArtist.relation).where(
                UserArtist.artist_id == survivor_id
            )
        ).all()
    )
    for link in db.session.scalars(select(UserArtist).where(UserArtist.artist_id == loser_id)):
        if (link.user_id, link.relation) in held:
            db.session.delete(link)
        else:
            link.artist_id = survivor_id
    db.session.flush()
