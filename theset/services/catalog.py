"""An artist's song catalog from Spotify: deduplicated, with non-studio versions flagged."""

from __future__ import annotations

import re

from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import Artist, Track, utcnow
from ..providers.matching import fold_name
from ..providers.spotify import SpotifyAlbum, SpotifyTrack
from ..upstream import Upstream
from .upsert import upsert

# Words that, in a bracketed or dashed suffix of a title, mark a version other than the
# studio recording: "Song (Acoustic)", "Song - Live at Wembley", "Song [2019 Remaster]".
_VERSION_WORDS = re.compile(
    r"\b(live|remix(ed)?|re-?master(ed)?|demo|acoustic|instrumental|karaoke|unplugged)\b",
    re.IGNORECASE,
)
_SUFFIXES = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]|\s[-–—]\s(.*)$")
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
    for text in (track_name, album_name):
        for match in _SUFFIXES.finditer(text):
            suffix = next(group for group in match.groups() if group is not None)
            if _VERSION_WORDS.search(suffix):
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


def import_catalog(upstream: Upstream, artist_id: int) -> int:
    """Fetch the artist's catalog from Spotify and store it; how many songs it holds."""
    artist = db.session.get(Artist, artist_id)
    pairs = upstream.spotify.artist_catalog(artist.spotify_id) if artist.spotify_id else []
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
    return len(db.session.scalars(select(Track.id).where(Track.artist_id == artist.id)).all())
