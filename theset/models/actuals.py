"""What a show actually played, from setlist.fm, and the state of looking it up."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, UTCDateTime, one_of

if TYPE_CHECKING:
    from .artists import Track
    from .shows import Show

# waiting: not found yet, looked up again at next_check_at; found: `songs` hold it;
# not_found: setlist.fm had none after the last look-up (14 days after the show).
ACTUAL_STATUSES = ("waiting", "found", "not_found")


class ActualSetlist(TimestampMixin, db.Model):
    """A show's setlist as played: one per show, made at its first look-up."""

    __tablename__ = "actual_setlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    setlistfm_id: Mapped[str | None] = mapped_column(String(64))
    source_url: Mapped[str | None] = mapped_column(String(1024))  # attribution, shown
    checks: Mapped[int] = mapped_column(Integer, default=0)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the last look-up failed (an upstream error, not "nothing found"); None after one
    # that got an answer.
    last_error: Mapped[str | None] = mapped_column(String(300))

    show: Mapped[Show] = relationship()
    songs: Mapped[list[PlayedSong]] = relationship(
        back_populates="actual",
        order_by="PlayedSong.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint(one_of("status", ACTUAL_STATUSES), name="status"),
        Index("ix_actual_setlists_status_next_check_at", "status", "next_check_at"),
    )


class PlayedSong(db.Model):
    """One song as played, in order, linked to the catalog track it is, if any."""

    __tablename__ = "played_songs"

    id: Mapped[int] = mapped_column(primary_key=True)
    actual_id: Mapped[int] = mapped_column(ForeignKey("actual_setlists.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))  # empty: a song nobody identified
    set_number: Mapped[int] = mapped_column(Integer)
    encore: Mapped[int] = mapped_column(Integer, default=0)  # 0: not an encore
    tape: Mapped[bool] = mapped_column(Boolean, default=False)  # played from a recording
    cover: Mapped[str | None] = mapped_column(String(300))  # the original artist
    info: Mapped[str | None] = mapped_column(String(300))
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="SET NULL"))

    actual: Mapped[ActualSetlist] = relationship(back_populates="songs")
    track: Mapped[Track | None] = relationship()

    __table_args__ = (
        UniqueConstraint("actual_id", "position"),
        Index("ix_played_songs_track_id", "track_id"),
    )
