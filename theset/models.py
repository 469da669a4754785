"""The data model: typed SQLAlchemy 2 models and the invariants the database enforces."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite keeps no zone, so store naive UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC one is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


SHOW_STATUSES = ("onsale", "offsale", "cancelled", "postponed", "rescheduled", "unknown")
SETLIST_STATUSES = ("building", "ready", "failed")
USER_ARTIST_RELATIONS = ("followed", "top")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class User(TimestampMixin, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    spotify_id: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    image_url: Mapped[str | None] = mapped_column(String(1024))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Admin because THESET_ADMINS named them at sign-in: demoted once it no longer does.
    admin_via_setting: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # OAuth tokens stay server-side, encrypted at rest; never in the session cookie.
    access_token_encrypted: Mapped[str | None] = mapped_column(Text)
    refresh_token_encrypted: Mapped[str | None] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the followed and top artists were last fetched from Spotify.
    artists_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

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


class Artist(TimestampMixin, db.Model):
    __tablename__ = "artists"

    id: Mapped[int] = mapped_column(primary_key=True)
    tm_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    spotify_id: Mapped[str | None] = mapped_column(String(64), unique=True)
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
        CheckConstraint(_one_of("status", SHOW_STATUSES), name="status"),
        Index("ix_shows_artist_id_starts_at", "artist_id", "starts_at"),
        Index("ix_shows_starts_at", "starts_at"),
        Index("ix_shows_venue_id", "venue_id"),
    )

    @property
    def place(self) -> str:
        """Where the show is, for headings: the venue's name, else the event's own name."""
        return self.venue.name if self.venue else self.name


class Track(TimestampMixin, db.Model):
    """One song of an artist's catalog (the seed's top_tracks)."""

    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    spotify_id: Mapped[str] = mapped_column(String(64))
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


class Setlist(TimestampMixin, db.Model):
    """The crowd's predicted setlist: exactly one per show."""

    __tablename__ = "setlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="building")
    seeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    show: Mapped[Show] = relationship(back_populates="setlist")
    songs: Mapped[list[SetlistSong]] = relationship(back_populates="setlist", passive_deletes=True)

    __table_args__ = (CheckConstraint(_one_of("status", SETLIST_STATUSES), name="status"),)

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
        CheckConstraint(_one_of("relation", USER_ARTIST_RELATIONS), name="relation"),
        CheckConstraint("rank >= 0", name="rank"),
        Index("ix_user_artists_user_id_relation_rank", "user_id", "relation", "rank"),
        Index("ix_user_artists_artist_id", "artist_id"),
    )
