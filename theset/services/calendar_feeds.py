"""A fan's private calendar feed: the upcoming shows of their Spotify artists, at a URL
with a secret token in it. The fan may reset the token; the old URL then finds nothing.

The token is kept as-is on the fan's row (like sign-in tokens), so the dashboard can show
the URL again; it grants nothing but reading that list of shows.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import Show, User, UserArtist
from .discovery import shows_to_come

TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


def calendar_token(user: User) -> str:
    """The fan's feed token, made on first use."""
    if user.calendar_token is None:
        reset_calendar_token(user)
    return user.calendar_token


def reset_calendar_token(user: User) -> str:
    """Give the fan a new feed token; the old one stops working at once."""
    with write_transaction():
        user.calendar_token = secrets.token_urlsafe(32)
    return user.calendar_token


def fan_by_calendar_token(token: str) -> User | None:
    """The fan whose feed this token opens (None for anything else)."""
    if not TOKEN.fullmatch(token):
        return None
    return db.session.scalar(select(User).where(User.calendar_token == token))


def fan_shows(user: User) -> list[Show]:
    """The upcoming shows of all the fan's followed and top artists, soonest first."""
    artist_ids = select(UserArtist.artist_id).where(UserArtist.user_id == user.id)
    return shows_to_come(Show.artist_id.in_(artist_ids))
