"""An artist's song catalog from Spotify: deduplicated, with non-studio versions flagged.

An artist's catalog is stored (it has tracks), absent (a fact: Spotify answered that
it has no such artist, or no songs by them) or needed. A failed call is none of these.
"""

from __future__ import annotations

import enum
import re

from sqlalchemy import exists, select

from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Track, utcnow
from ..providers.matching import fold_name
from ..providers.spotify import SpotifyAlbum, SpotifyTrack
from ..upstream import Upstream
from .song_names import names_a_version
from .upsert import upsert

TRACK_FIELDS = (
    "name",
    "spotify_url",
    "album_name",
    "release_date",
    "duration_ms",
    "isrc",
    "is_studio",
    "updated_at",
)


def is_studio_version(track_name: str, album_name: str = "") -> bool:
    """False for live, remix, remaster, demo, acoustic, instrumental or karaoke versions."""
    if names_a_version(track_name) or names_a_version(album_name):
        return False
    return not re.search(r"\blive (at|from|in)\b", album_name, re.IGNORECASE)


def _album_rank(album: SpotifyAlbum) -> tuple:
    # The album cut wins over the single of the same song; earlier releases first.
    return (album.album_type != "album", album.release_date or "9999")


def catalog_entries(pairs: list[tuple[SpotifyAlbum, SpotifyTrack]]) -> list[dict]:
    """Rows for the tracks table: one per song, by ISRC or else by folded title."""
    seen: set[str] = set()
    rows = []
    for album, track in sorted(pairs, key=lambda pair: _album_rank(pair[0])):
        keys = {f"title:{fold_name(track.name)}"}
        if track.isrc:
            keys.add(f"isrc:{track.isrc.upper()}")
        if keys & seen:
            continue
        seen |= keys
        rows.append(
            {
                "spotify_id": track.id,
                "name": track.name,
                "spotify_url": track.url,
                "album_name": album.name,
                "release_date": album.release_date,
                "duration_ms": track.duration_ms,
                "isrc": track.isrc,
                "is_studio": is_studio_version(track.name, album.name),
            }
        )
    return rows


class Catalog(enum.Enum):
    STORED = "stored"
    ABSENT = "absent"
    NEEDED = "needed"


def catalog_retry_key(artist_id: int) -> str:
    """The back-off of the artist's failed catalog imports (see cache.Backoff)."""
    return f"theset:retry:catalog:{artist_id}"


def catalog_job_id(artist_id: int) -> str:
    """One catalog import per artist, however many fans open its shows at once."""
    return f"catalog-{artist_id}"


def catalog_state(artist: Artist) -> Catalog:
    """Whether the artist's catalog is stored, known to be absent, or still to fetch."""
    stored = exists().where(Track.artist_id == artist.id, ~Track.from_fans)
    if db.session.scalar(select(stored)):
        return Catalog.STORED
    if artist.spotify_id is None:
        known = artist.spotify_match_checked_at is not None
    else:
        known = artist.catalog_synced_at is not None
    return Catalog.ABSENT if known else Catalog.NEEDED


def import_catalog(upstream: Upstream, artist_id: int) -> int:
    """Fetch the artist's catalog from Spotify and store it; how many songs it holds.

    Raises ProviderError when Spotify fails; nothing is stamped then. An artist
    without a Spotify id has nothing to fetch.
    """
    artist = db.session.get(Artist, artist_id)
    if artist.spotify_id is None:
        return 0
    pairs = upstream.spotify.artist_catalog(artist.spotify_id)
    with write_transaction():
        now = utcnow()
        for row in catalog_entries(pairs):
            upsert(
                Track,
                {**row, "artist_id": artist.id, "created_at": now, "updated_at": now},
                conflict=["artist_id", "spotify_id"],
                update=TRACK_FIELDS,
            )
        artist.catalog_synced_at = now
    return len(
        db.session.scalars(
            select(Track.id).where(Track.artist_id == artist.id, ~Track.from_fans)
        ).all()
    )
