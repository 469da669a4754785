"""The data model: typed SQLAlchemy 2 models and the invariants the database enforces."""

from .actuals import ACTUAL_STATUSES, ActualSetlist, PlayedSong
from .artists import Artist, Track
from .base import TimestampMixin, UTCDateTime, utcnow
from .setlists import SETLIST_STATUSES, Setlist, SetlistSong, Vote
from .shows import SHOW_STATUSES, Show, Venue
from .users import USER_ARTIST_RELATIONS, SignIn, User, UserArtist

__all__ = [
    "ACTUAL_STATUSES",
    "SETLIST_STATUSES",
    "SHOW_STATUSES",
    "USER_ARTIST_RELATIONS",
    "ActualSetlist",
    "Artist",
    "Setlist",
    "SetlistSong",
    "PlayedSong",
    "Show",
    "SignIn",
    "TimestampMixin",
    "Track",
    "UTCDateTime",
    "User",
    "UserArtist",
    "Venue",
    "Vote",
    "utcnow",
]
