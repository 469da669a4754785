"""Fans: accounts, their sign-ins, and the artists they follow or play most."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .artists import Artist
    from .setlists import Vote


USER_ARTIST_RELATIONS = ("followed", "top")


class User(TimestampMixin, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    spotify_id: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    image_url: Mapped[str | None] = mapped_column(String(1024))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Leaderboards show the fan's initials unless they choose their name.
    name_on_leaderboards: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Admin because THESET_ADMINS named them at sign-in: demoted once it no longer does.
    admin_via_setting: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # OAuth tokens stay server-side, encrypted at rest; never in the session cookie.
    access_token_encrypted: Mapped[str | None] = mapped_column(Text)
    refresh_token_encrypted: Mapped[str | None] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the followed and top artists were last fetched from Spotify.
    artists_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The secret in the URL of the fan's private calendar feed; a new one retires the old URL.
    # A unique index rather than a constraint: SQLite adds it without copying the table.
    calendar_token: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)

    votes: Mapped[list[Vote]] = relationship(back_populates="user", passive_deletes=True)

    # The sign-in this request runs under (not a column): set at sign-in and by the loader.
    sign_in_token = None

    def get_id(self) -> str:
        """What the session cookie keeps: the fan and their sign-in, "<id>:<token>"."""
        return f"{self.id}:{self.sign_in_token}"


class SignIn(db.Model):
    """One signed-in browser. The session cookie names it; deleting the row signs it out."""

    __tablename__ = "sign_ins"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UserArtist(db.Model):
    """A fan's followed or top artist on Spotify, as last fetched."""

    __tablename__ = "user_artists"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    artist: Mapped[Artist] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "artist_id", "relation"),
        CheckConstraint(one_of("relation", USER_ARTIST_RELATIONS), name="relation"),
        CheckConstraint("rank >= 0", name="rank"),
        Index("ix_user_artists_user_id_relation_rank", "user_id", "relation", "rank"),
        Index("ix_user_artists_artist_id", "artist_id"),
    )
