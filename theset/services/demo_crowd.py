"""The demo crowd's votes and demo fans' picks (theset/demo/crowd.py), cast through the same
services as a fan's.

A past show's votes are cast as they would have been: the day before it started, while
voting was open (`vote(..., at=)` keeps the closing rule and records that moment).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..database import write_transaction
from ..demo.crowd import Crowd, CrowdFan
from ..extensions import db
from ..models import Setlist, Show, Track, User, utcnow
from ..upstream import Upstream
from .catalog import Catalog, catalog_state, import_catalog
from .setlists import get_or_create_setlist, seed_setlist, voting_closed_reason
from .upsert import upsert
from .votes import add_song, vote

PAST_VOTES_BEFORE_START = timedelta(days=1)


def cast_crowd_votes(upstream: Upstream, crowd: Crowd) -> int:
    """Store the crowd's and the demo fans' users, put each show's voted songs in its
    setlist (importing the artist's catalog first) and cast the votes; how many were new
    (none the second time).

    Raises LookupError when a show is not loaded or a song is not in its catalog.
    """
    crowd_ids = [_store_fan(fan) for fan in crowd.fans]
    fan_ids = {fan: _store_fan(fan) for fan in sorted(crowd.demo_fans, key=str)}
    setlists: dict[str, Setlist] = {}

    def setlist_of(key: str, event_id: str) -> Setlist:
        if key not in setlists:
            setlists[key] = _setlist(upstream, event_id, key)
        return setlists[key]

    cast = 0
    for planned in crowd.shows:
        setlist = setlist_of(planned.show, planned.event_id)
        for name, count in planned.songs.items():
            cast += _cast(crowd_ids[:count], setlist, name)
    for pick in crowd.picks:
        setlist = setlist_of(pick.show, pick.event_id)
        cast += sum(_cast([fan_ids[pick.fan]], setlist, name) for name in pick.songs)
    for setlist in setlists.values():
        seed_setlist(setlist.id)  # it holds songs: only marked ready
    return cast


def _setlist(upstream: Upstream, event_id: str, key: str) -> Setlist:
    show = db.session.scalar(select(Show).where(Show.tm_id == event_id))
    if show is None:
        raise LookupError(f"the demo show {key} is not loaded")
    if catalog_state(show.artist) is Catalog.NEEDED:
        import_catalog(upstream, show.artist_id)
    return get_or_create_setlist(show)


def _cast(fan_ids: list[int], setlist: Setlist, name: str) -> int:
    """The fans' votes for the studio song `name`, added by the first of them; how many
    were new."""
    show = setlist.show
    at = _cast_at(show)
    song, _ = add_song(fan_ids[0], setlist, _studio_track(show, name), at=at)
    return sum(vote(fan_id, song.id, at=at).changed for fan_id in fan_ids)


def _cast_at(show: Show) -> datetime | None:
    """Now while voting is open; for a show that has started, the day before it did."""
    if voting_closed_reason(show) is None or show.starts_at is None:
        return None
    return show.starts_at - PAST_VOTES_BEFORE_START


def _store_fan(fan: CrowdFan) -> int:
    now = utcnow()
    values = {
        "spotify_id": fan.spotify_id,
        "display_name": fan.name,
        "created_at": now,
        "updated_at": now,
    }
    with write_transaction():
        return upsert(User, values, conflict=["spotify_id"], update=["display_name"])


def _studio_track(show: Show, name: str) -> int:
    track_id = db.session.scalar(
        select(Track.id).where(
            Track.artist_id == show.artist_id, Track.name == name, Track.is_studio
        )
    )
    if track_id is None:
        raise LookupError(f"{name!r} is not a studio song of {show.artist.name}")
    return track_id
