"""The demo's past shows: imported by their Ticketmaster event id, their setlists looked up.

Ticketmaster lists only upcoming events among an artist's events, but answers a past
event by its id; a real deployment imported its past shows while they were upcoming.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Show
from ..providers.setlistfm import SetlistFmClient
from ..upstream import Upstream
from .actual_setlists import import_actual
from .show_results import actual_of
from .shows import save_event


def import_past_shows(upstream: Upstream, event_ids: Iterable[str]) -> list[Show]:
    """Each event, fetched by id and saved as a show of its headliner (already imported)
    the way a listed event is. Raises LookupError when the headliner is not."""
    shows = []
    for event_id in event_ids:
        event = upstream.ticketmaster.get_event(event_id)
        artist_id = db.session.scalar(
            select(Artist.id).where(Artist.tm_id.in_(event.attraction_ids[:1]))
        )
        if artist_id is None:
            raise LookupError(f"the headliner of the demo event {event_id} is not loaded")
        with write_transaction():
            show_id = save_event(event, artist_id)
        shows.append(db.session.get(Show, show_id))
    return shows


def look_up_actuals(client: SetlistFmClient | None, shows: list[Show]) -> Counter[str]:
    """Look up the actual setlist of each show never looked up (the hourly job looks
    again later); how many of the shows have each status now (none while actual
    setlists are off: SETLISTFM_API_KEY set empty)."""
    if client is None:
        return Counter()
    for show in shows:
        if actual_of(show) is None:
            import_actual(client, show.id)
    return Counter(actual_of(show).status for show in shows)
