"""Shows and venues from Ticketmaster: 24-hour refresh, upserts, delisting without loss."""

from __future__ import annotations

from sqlalchemy import update

from ..cache import SHOWS_TTL, DataUnavailable, Freshness, fresh_key
from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Show, Venue, utcnow
from ..providers.budget import REFRESH, charged_to
from ..providers.errors import NotFound
from ..providers.ticketmaster import Event
from ..providers.ticketmaster import Venue as TmVenue
from ..upstream import Upstream, get_upstream
from .freshness import keep_fresh
from .upsert import upsert

VENUE_FIELDS = (
    "name",
    "address",
    "city",
    "state",
    "country",
    "postal_code",
    "latitude",
    "longitude",
    "timezone",
)
SHOW_FIELDS = (
    "name",
    "starts_at",
    "local_date",
    "local_time",
    "original_starts_at",
    "status",
    "ticket_url",
    "image_url",
    "venue_id",
    "tm_synced_at",
    "delisted_at",
    "updated_at",
)


def ensure_artist_shows_fresh(upstream: Upstream, artist: Artist) -> Freshness:
    """Refresh the artist's upcoming shows from Ticketmaster when older than 24 hours."""
    if artist.tm_id is None:
        return Freshness()
    return keep_fresh(
        upstream, artist, "shows", SHOWS_TTL, artist.shows_synced_at, refresh_artist_shows
    )


def ensure_show_fresh(upstream: Upstream, show: Show) -> Freshness:
    """Refresh one show's details from Ticketmaster when older than 24 hours."""
    return keep_fresh(upstream, show, "show", SHOWS_TTL, show.tm_synced_at, refresh_show)


def read_show(show: Show) -> bool:
    """Refresh the show's details when older than 24 hours, for any reader (page, embed,
    JSON API, oEmbed; charged to page refreshes); whether they are stale."""
    try:
        with charged_to(REFRESH):
            return ensure_show_fresh(get_upstream(), show).stale
    except DataUnavailable:
        return True


def refresh_artist_shows(upstream: Upstream, artist_id: int) -> None:
    """Upsert the artist's upcoming events and their venues; mark vanished ones delisted."""
    artist = db.session.get(Artist, artist_id)
    events = upstream.ticketmaster.upcoming_events(artist.tm_id)
    with write_transaction():
        listed = {save_event(event, artist.id) for event in events}
        now = utcnow()
        db.session.execute(
            update(Show)
            .where(
                Show.artist_id == artist.id,
                Show.id.not_in(listed),
                Show.delisted_at.is_(None),
                (Show.starts_at.is_(None)) | (Show.starts_at > now),
            )
            .values(delisted_at=now)
        )
        artist.shows_synced_at = now
    # Every refreshed show is fresh for a day: its own page need not ask again.
    for show_id in listed:
        upstream.cache.mark_fresh(fresh_key("show", show_id), SHOWS_TTL)


def refresh_show(upstream: Upstream, show_id: int) -> None:
    """Fetch one event now; an event Ticketmaster no longer knows is kept, marked delisted."""
    show = db.session.get(Show, show_id)
    try:
        event = upstream.ticketmaster.get_event(show.tm_id)
    except NotFound:
        event = None
    with write_transaction():
        if event is None:
            show.delisted_at = show.delisted_at or utcnow()
            show.tm_synced_at = utcnow()
        else:
            save_event(event, show.artist_id)


def save_event(event: Event, artist_id: int) -> int:
    """Upsert a Ticketmaster event (and its venue) as a show of `artist_id`; its id.

    A co-headlined event belongs to the first of its artists that imported it.
    """
    now = utcnow()
    values = {
        "tm_id": event.id,
        "artist_id": artist_id,
        "venue_id": save_venue(event.venue) if event.venue else None,
        "name": event.name,
        "starts_at": event.starts_at,
        "local_date": event.local_date,
        "local_time": event.local_time,
        "original_starts_at": event.initial_starts_at,
        "status": event.status,
        "ticket_url": event.url,
        "image_url": event.image_url,
        "tm_synced_at": now,
        "delisted_at": None,
        "created_at": now,
        "updated_at": now,
    }
    return upsert(Show, values, conflict=["tm_id"], update=SHOW_FIELDS)


def save_venue(venue: TmVenue) -> int:
    """Upsert a Ticketmaster venue; its id."""
    now = utcnow()
    values = {field: getattr(venue, field) for field in VENUE_FIELDS}
    values.update(tm_id=venue.id, created_at=now, updated_at=now)
    return upsert(Venue, values, conflict=["tm_id"], update=(*VENUE_FIELDS, "updated_at"))
