"""Use-cases that span services and background jobs (views call these, jobs do not).

Every reader of an artist or a show (HTML page, htmx fragment, embed, JSON API,
oEmbed) goes through `read_artist` or `read_show`: the same TTL and freshness path,
and the same healing of setlists that wait for a catalog. Their Ticketmaster calls
are charged to the quota's share for page refreshes, a selection's to imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import DataUnavailable
from .extensions import db
from .jobs.tasks import queue_catalog_import
from .models import Artist, Setlist, Show
from .providers.budget import IMPORT, REFRESH, charged_to
from .redis_client import get_redis
from .services.artists import ensure_artist_fresh, import_artist
from .services.catalog import Catalog, catalog_state
from .services.discovery import upcoming_shows
from .services.maintenance import record_view
from .services.setlists import get_or_create_setlist, is_complete, seed_setlist
from .services.shows import ensure_artist_shows_fresh, ensure_show_fresh
from .upstream import get_upstream


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


def read_show(show: Show) -> bool:
    """Refresh the show's details when older than 24 hours; whether they are stale."""
    try:
        with charged_to(REFRESH):
            return ensure_show_fresh(get_upstream(), show).stale
    except DataUnavailable:
        return True


def prepare_setlist(show: Show) -> Setlist:
    """The show's setlist: seeded now when the catalog is stored (or known absent), else
    by a queued import of the catalog."""
    setlist = get_or_create_setlist(show)
    if is_complete(setlist):
        return setlist
    if catalog_state(show.artist) is Catalog.NEEDED:
        queue_catalog_import(get_upstream(), show.artist_id)
    else:
        seed_setlist(setlist.id)
    db.session.refresh(setlist)
    return setlist
