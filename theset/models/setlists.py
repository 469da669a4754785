"""The crowd's setlist of a show: its songs and the fans' votes on them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .artists import Track
    from .shows import Show
    from .users import User


SETLIST_STATUSES = ("building", "ready", "failed")


class Setlist(TimestampMixin, db.Model):
    """The crowd's predicted setlist: exactly one per show."""

    __tablename__ = "setlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="building")
    seeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    show: Mapped[Show] = relationship(back_populates="setlist")
    songs: Mapped[list[SetlistSong]] = relationship(back_populates="setlist", passive_deletes=True)

    __table_args__ = (CheckConstraint(one_of("status", SETLIST_STATUSES), name="status"),)

    # Each reads on a loaded setlist and, on the class, in SQL: `where(Setlist.is_failed)`.
    @hybrid_property
    def is_ready(self) -> bool:
        """Fans may vote: seeded with songs, or known to have no catalog to seed from."""
        return self.status == "ready"

    @hybrid_property
    def is_building(self) -> bool:
        """Waiting for the artist's catalog to seed from."""
        return self.status == "building"

    @hybrid_property
    def is_failed(self) -> bool:
        """The catalog could not be fetched after every retry; a later try may bring it."""
        return self.status == "failed"


class SetlistSong(db.Model):
    __tablename__ = "setlist_songs"

    id: Mapped[int] = mapped_column(primary_key=True)
    setlist_id: Mapped[int] = mapped_column(ForeignKey("setlists.id", ondelete="CASCADE"))
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))
    # Denormalised count of rows in votes; only ever changed with them, in one transaction.
    votes: Mapped[int] = mapped_column(Integer, default=0)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    setlist: Mapped[Setlist] = relationship(back_populates="songs")
    track: Mapped[Track] = relationship()

    __table_args__ = (
        UniqueConstraint("setlist_id", "track_id"),
        CheckConstraint("votes >= 0", name="votes_not_negative"),
        Index("ix_setlist_songs_track_id", "track_id"),
        Index("ix_setlist_songs_added_by_id", "added_by_id"),
    )


class Vote(db.Model):
    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    setlist_song_id: Mapped[int] = mapped_column(ForeignKey("setlist_songs.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="votes")

    __table_args__ = (
        UniqueConstraint("user_id", "setlist_song_id"),
        Index("ix_votes_setlist_song_id", "setlist_song_id"),
        Index("ix_votes_created_at", "created_at"),
    )
