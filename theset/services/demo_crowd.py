"""The demo crowd's votes (theset/demo/crowd.py), cast through the same services as a fan's."""

from __future__ import annotations

from sqlalchemy import select

from ..database import write_transaction
from ..demo.crowd import Crowd, CrowdFan
from ..extensions import db
from ..models import Show, Track, User, utcnow
from ..upstream import Upstream
from .catalog import Catalog, catalog_state, import_catalog
from .setlists import get_or_create_setlist, seed_setlist
from .upsert import upsert
from .votes import add_song, vote


def cast_crowd_votes(upstream: Upstream, crowd: Crowd) -> int:
    """Store the crowd's fans, put each show's voted songs in its setlist (importing the
    artist's catalog first) and cast the votes; how many were new (none the second time).

    Raises LookupError when a show is not loaded or a song is not in its catalog.
    """
    fan_ids = [_crowd_fan(fan) for fan in crowd.fans]
    cast = 0
    for planned in crowd.shows:
        show = db.session.scalar(select(Show).where(Show.tm_id == planned.event_id))
        if show is None:
            raise LookupError(f"the demo show {planned.show} is not loaded")
        if catalog_state(show.artist) is Catalog.NEEDED:
            import_catalog(upstream, show.artist_id)
        setlist = get_or_create_setlist(show)
        for name, count in planned.songs.items():
            song, _ = add_song(fan_ids[0], setlist, _studio_track(show, name))
            cast += sum(vote(fan_id, song.id).changed for fan_id in fan_ids[:count])
        seed_setlist(setlist.id)  # it holds songs: only marked ready
    return cast


def _crowd_fan(fan: CrowdFan) -> int:
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
