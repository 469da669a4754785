"""Artists and their catalog of songs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from .shows import Show


class Artist(TimestampMixin, db.Model):
    __tablename__ = "artists"

    id: Mapped[int] = mapped_column(primary_key=True)
    tm_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    spotify_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # MusicBrainz's id, from Ticketmaster's links: how setlist.fm knows the artist best.
    musicbrainz_id: Mapped[str | None] = mapped_column(String(36))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    image_url: Mapped[str | None] = mapped_column(String(1024))
    genres: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Spotify stopped returning these to new apps in 2026: unknown stays NULL.
    popularity: Mapped[int | None] = mapped_column(Integer)
    followers: Mapped[int | None] = mapped_column(Integer)
    # Our own popularity signal (votes, upcoming shows, follows), recomputed daily.
    activity_score: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # One freshness stamp per source.
    tm_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    spotify_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    spotify_match_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # For artists first met on Spotify: when Ticketmaster was last searched for them.
    tm_match_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shows_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    catalog_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    shows: Mapped[list[Show]] = relationship(back_populates="artist", passive_deletes=True)
    tracks: Mapped[list[Track]] = relationship(back_populates="artist", passive_deletes=True)

    __table_args__ = (
        CheckConstraint("popularity IS NULL OR (popularity BETWEEN 0 AND 100)", name="popularity"),
        CheckConstraint("followers IS NULL OR followers >= 0", name="followers"),
    )


class Track(TimestampMixin, db.Model):
    """One song of an artist: from their Spotify catalog, or suggested by fans (a song
    Spotify does not have, such as a cover or an unreleased song: no Spotify id)."""

    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    spotify_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    spotify_url: Mapped[str | None] = mapped_column(String(1024))
    album_name: Mapped[str | None] = mapped_column(String(300))
    release_date: Mapped[str | None] = mapped_column(String(10))  # Spotify: YYYY[-MM[-DD]]
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    isrc: Mapped[str | None] = mapped_column(String(15))
    is_studio: Mapped[bool] = mapped_column(Boolean, default=True)

    artist: Mapped[Artist] = relationship(back_populates="tracks")

    __table_args__ = (
        UniqueConstraint("artist_id", "spotify_id"),
        CheckConstraint("duration_ms IS NULL OR duration_ms >= 0", name="duration"),
    )

    # Reads on a loaded track and, on the class, in SQL: `where(~Track.from_fans)`.
    @hybrid_property
    def from_fans(self) -> bool:
        """Suggested by fans, not from the artist's Spotify catalog."""
        return self.spotify_id is None

    @from_fans.inplace.expression
    @classmethod
    def _from_fans(cls):
        return cls.spotify_id.is_(None)
