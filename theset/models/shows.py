"""Venues and the shows played there."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, UTCDateTime, one_of

if TYPE_CHECKING:
    from .artists import Artist
    from .setlists import Setlist


SHOW_STATUSES = ("onsale", "offsale", "cancelled", "postponed", "rescheduled", "unknown")


class Venue(TimestampMixin, db.Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    tm_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    postal_code: Mapped[str | None] = mapped_column(String(32))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    timezone: Mapped[str | None] = mapped_column(String(64))


class Show(TimestampMixin, db.Model):
    __tablename__ = "shows"

    id: Mapped[int] = mapped_column(primary_key=True)
    tm_id: Mapped[str] = mapped_column(String(64), unique=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None while TBA
    local_date: Mapped[date | None] = mapped_column(Date)
    local_time: Mapped[time | None] = mapped_column(Time)
    original_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # rescheduled
    status: Mapped[str] = mapped_column(String(16), default="onsale")
    ticket_url: Mapped[str | None] = mapped_column(String(1024))
    image_url: Mapped[str | None] = mapped_column(String(1024))
    tm_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when Ticketmaster stops listing the show: it is kept, with its votes.
    delisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    artist: Mapped[Artist] = relationship(back_populates="shows")
    venue: Mapped[Venue | None] = relationship()
    setlist: Mapped[Setlist | None] = relationship(back_populates="show", passive_deletes=True)

    __table_args__ = (
        CheckConstraint(one_of("status", SHOW_STATUSES), name="status"),
        Index("ix_shows_artist_id_starts_at", "artist_id", "starts_at"),
        Index("ix_shows_starts_at", "starts_at"),
        Index("ix_shows_venue_id", "venue_id"),
    )

    @property
    def place(self) -> str:
        """Where the show is, for headings: the venue's name, else the event's own name."""
        return self.venue.name if self.venue else self.name
