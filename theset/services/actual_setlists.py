"""What a show actually played: looked up on setlist.fm after the show, kept with its songs.

Look-ups start LOOK_AFTER the show's start and repeat hourly for the first day, then
daily, until GIVE_UP_AFTER: setlist.fm's "nothing found" (and a setlist nobody has
entered yet) means "not yet" until then, and "no setlist found" after. A failed call
is not an answer: it is kept as `last_error` and tried again soon.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import or_, select

from ..database import write_transaction
from ..extensions import db
from ..models import ActualSetlist, PlayedSong, Show, Track, utcnow
from ..providers.errors import ProviderError
from ..providers.setlistfm import ActualSetlist as FoundSetlist
from ..providers.setlistfm import SetlistFmClient
from .song_names import fold, names_a_version, song_key

log = logging.getLogger(__name__)

LOOK_AFTER = timedelta(hours=3)
HOURLY_FOR = timedelta(days=1)
GIVE_UP_AFTER = timedelta(days=14)
RETRY_FAILED_AFTER = timedelta(minutes=15)
# A run of the hourly job looks up at most this many shows (a standard key has 1,440
# calls a day, up to two a look-up), and stops after this many failed look-ups.
MAX_LOOK_UPS_PER_RUN = 25
MAX_FAILURES_PER_RUN = 3


class ActualsOff(Exception):
    """No setlist.fm key is set: actual setlists are off."""


def next_look_up(starts_at: datetime, now: datetime) -> datetime | None:
    """When to look again after a look-up at `now` found nothing; None: stop looking."""
    if now - starts_at >= GIVE_UP_AFTER:
        return None
    step = timedelta(hours=1) if now - starts_at < HOURLY_FOR else timedelta(days=1)
    return max(min(now + step, starts_at + GIVE_UP_AFTER), starts_at + LOOK_AFTER)


def local_day(show: Show) -> date | None:
    """The show's date where it is played, as setlist.fm files it."""
    if show.local_date is not None:
        return show.local_date
    if show.starts_at is None:
        return None
    try:
        zone = ZoneInfo(show.venue.timezone) if show.venue and show.venue.timezone else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    return show.starts_at.astimezone(zone).date() if zone else show.starts_at.date()


def import_actual(client: SetlistFmClient | None, show_id: int) -> ActualSetlist:
    """Look the show's setlist up now and store what was found (or why not)."""
    if client is None:
        raise ActualsOff("SETLISTFM_API_KEY is not set")
    show = db.session.get(Show, show_id)
    actual = show_actual(show)
    now = utcnow()
    try:
        found = _best_match(show, _candidates(client, show))
    except ProviderError as error:
        log.warning("setlist.fm look-up for show %s failed: %s", show.id, error)
        with write_transaction():
            _checked(actual, now, last_error=str(error)[:300])
            actual.next_check_at = now + RETRY_FAILED_AFTER
        return actual
    with write_transaction():
        _checked(actual, now, last_error=None)
        if found is not None and found.songs:
            _store(actual, show, found)
        elif actual.status != "found":  # a setlist once found stays, whatever a re-sync finds
            actual.next_check_at = next_look_up(show.starts_at or now, now)
            actual.status = "waiting" if actual.next_check_at else "not_found"
    return actual


def due_look_ups(now: datetime, limit: int = MAX_LOOK_UPS_PER_RUN) -> list[int]:
    """The shows whose setlist is due a look-up at `now`, the most recent first: started
    LOOK_AFTER to GIVE_UP_AFTER ago, not cancelled, never looked up or still waiting."""
    query = (
        select(Show.id)
        .outerjoin(ActualSetlist, ActualSetlist.show_id == Show.id)
        .where(
            Show.starts_at.between(now - GIVE_UP_AFTER, now - LOOK_AFTER),
            Show.status != "cancelled",
            or_(
                ActualSetlist.id.is_(None),
                (ActualSetlist.status == "waiting")
                & or_(ActualSetlist.next_check_at.is_(None), ActualSetlist.next_check_at <= now),
            ),
        )
        .order_by(Show.starts_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def look_up_due(client: SetlistFmClient | None) -> str:
    """Look up every show due, within this run's share of the quota; a report."""
    if client is None:
        return "off: no SETLISTFM_API_KEY"
    found = failed = 0
    due = due_look_ups(utcnow())
    for show_id in due:
        actual = import_actual(client, show_id)
        found += actual.status == "found"
        failed += actual.last_error is not None
        if failed >= MAX_FAILURES_PER_RUN:
            break
    return f"{len(due)} due, {found} found, {failed} failed"


def show_actual(show: Show) -> ActualSetlist:
    """The show's ActualSetlist, made (waiting) if it has none yet."""
    actual = db.session.scalar(select(ActualSetlist).where(ActualSetlist.show_id == show.id))
    if actual is None:
        with write_transaction():
            actual = ActualSetlist(show_id=show.id, status="waiting", checks=0)
            db.session.add(actual)
    return actual


def _candidates(client: SetlistFmClient, show: Show) -> list[FoundSetlist]:
    """The artist's setlists on the show's day: by MusicBrainz id, else by name."""
    day = local_day(show)
    if day is None:
        return []
    artist = show.artist
    if artist.musicbrainz_id:
        found = client.setlists_on(day, artist_mbid=artist.musicbrainz_id)
        if found:
            return found
    return client.setlists_on(day, artist_name=artist.name)


def _best_match(show: Show, candidates: list[FoundSetlist]) -> FoundSetlist | None:
    """The candidate at the show's venue, else in its city, else the first with songs."""
    venue = show.venue

    def place_rank(setlist: FoundSetlist) -> int:
        if venue and setlist.venue_name and fold(setlist.venue_name) == fold(venue.name):
            return 0
        if venue and venue.city and setlist.city and fold(setlist.city) == fold(venue.city):
            return 1
        return 2

    ranked = sorted(candidates, key=lambda setlist: (not setlist.songs, place_rank(setlist)))
    return ranked[0] if ranked else None


def _checked(actual: ActualSetlist, now: datetime, *, last_error: str | None) -> None:
    actual.checks += 1
    actual.checked_at = now
    actual.last_error = last_error


def _store(actual: ActualSetlist, show: Show, found: FoundSetlist) -> None:
    """Keep the setlist found, each song linked to the artist's track it is, if any."""
    tracks = _tracks_by_song(show.artist_id)
    actual.status = "found"
    actual.setlistfm_id = found.id
    actual.source_url = found.url
    actual.next_check_at = None
    actual.songs.clear()  # a look-up again (an admin's "sync now") replaces them
    db.session.flush()
    actual.songs = [
        PlayedSong(
            position=song.position,
            name=song.name[:300],
            set_number=song.set_number,
            encore=song.encore,
            tape=song.tape,
            cover=song.cover and song.cover[:300],
            info=song.info and song.info[:300],
            track_id=tracks.get(song_key(song.name)) if song.name else None,
        )
        for song in found.songs
    ]


def _tracks_by_song(artist_id: int) -> dict[str, int]:
    """The artist's track ids by song (versions folded), the studio recording first."""
    tracks = db.session.scalars(select(Track).where(Track.artist_id == artist_id)).all()
    by_song: dict[str, int] = {}
    for track in sorted(tracks, key=lambda track: (names_a_version(track.name), track.id)):
        by_song.setdefault(song_key(track.name), track.id)
    return by_song
