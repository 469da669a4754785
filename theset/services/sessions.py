"""Sign-ins kept server-side, so that signing out ends them for good.

The session cookie names a sign-in ("<user id>:<token>"); a request counts as
signed in only while that row exists. Signing out deletes it, signing out
everywhere (or Spotify revoking TheSet) deletes all of the fan's.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from ..database import write_transaction
from ..extensions import db
from ..models import SignIn, User, utcnow

LIFETIME = timedelta(days=31)  # a sign-in older than this is over


def start_session(user: User) -> str:
    """A new sign-in for `user` (its token set on the user too); expired ones are dropped."""
    token = secrets.token_urlsafe(32)
    with write_transaction():
        db.session.execute(
            delete(SignIn).where(SignIn.user_id == user.id, SignIn.created_at < utcnow() - LIFETIME)
        )
        db.session.add(SignIn(token=token, user_id=user.id))
    user.sign_in_token = token
    return token


def session_user(user_id: int, token: str) -> User | None:
    """The fan signed in under `token`, or None when that sign-in has ended."""
    user = db.session.scalar(
        select(User)
        .join(SignIn, SignIn.user_id == User.id)
        .where(User.id == user_id, SignIn.token == token, SignIn.created_at > utcnow() - LIFETIME)
    )
    if user is not None:
        user.sign_in_token = token
    return user


def end_session(token: str | None) -> None:
    """Sign out one browser."""
    with write_transaction():
        db.session.execute(delete(SignIn).where(SignIn.token == token))


def end_all_sessions(user_id: int) -> None:
    """Sign the fan out everywhere."""
    with write_transaction():
        db.session.execute(delete(SignIn).where(SignIn.user_id == user_id))
