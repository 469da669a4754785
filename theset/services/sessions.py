"""Sign-ins kept server-side, so that signing out ends them for good.

The session cookie names a sign-in ("<user id>:<token>"); a request counts as
signed in only while that row exists. Signing out deletes it, signing out
everywhere (or Spotify revoking TheSet) deletes all of the fan's.

A sign-in found in the database is remembered in Redis for REMEMBER_SECONDS, so a
busy fan's requests (a vote a second) do not read it again; ending a sign-in forgets
it there too. Admins made by THESET_ADMINS are not remembered: each of their requests
checks that the setting still names them. Were Redis unreachable when a sign-in ends
and back later with its entry, the ended sign-in would pass for at most REMEMBER_SECONDS.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from redis.exceptions import RedisError
from sqlalchemy import delete, select
from sqlalchemy.orm import make_transient_to_detached

from ..database import write_transaction
from ..extensions import db
from ..models import SignIn, User, utcnow
from ..redis_client import get_redis

log = logging.getLogger(__name__)

LIFETIME = timedelta(days=31)  # a sign-in older than this is over
REMEMBER_SECONDS = 60
KEY_PREFIX = "theset:sign-in:"


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
    """The fan signed in under `token`, or None when that sign-in has ended (read from the
    database, then remembered)."""
    found = db.session.execute(
        select(User, SignIn.created_at)
        .join(SignIn, SignIn.user_id == User.id)
        .where(User.id == user_id, SignIn.token == token, SignIn.created_at > utcnow() - LIFETIME)
    ).first()
    if found is None:
        return None
    user, started = found
    user.sign_in_token = token
    if not user.admin_via_setting:  # those are checked against THESET_ADMINS every time
        _remember(token, user_id, started + LIFETIME - utcnow())
    return user


def remembered_user(user_id: int, token: str) -> User | None:
    """The fan of a sign-in `session_user` found within REMEMBER_SECONDS, without reading
    their row: its columns load when first used (a vote uses only the id)."""
    try:
        remembered = get_redis().get(_key(token))
    except RedisError:
        return None
    if remembered is None or int(remembered) != user_id:
        return None
    user = User(id=user_id)
    make_transient_to_detached(user)  # persistent once merged, every other column unloaded
    user = db.session.merge(user, load=False)
    user.sign_in_token = token
    return user


def end_session(token: str | None) -> None:
    """Sign out one browser."""
    with write_transaction():
        db.session.execute(delete(SignIn).where(SignIn.token == token))
    _forget([token])


def end_all_sessions(user_id: int) -> None:
    """Sign the fan out everywhere."""
    with write_transaction():
        ended = db.session.scalars(
            delete(SignIn).where(SignIn.user_id == user_id).returning(SignIn.token)
        ).all()
    _forget(ended)


def _remember(token: str, user_id: int, left: timedelta) -> None:
    seconds = max(1, min(REMEMBER_SECONDS, int(left.total_seconds())))
    try:
        get_redis().set(_key(token), user_id, ex=seconds)
    except RedisError as error:
        log.warning("sign-in not remembered: %s", error.__class__.__name__)


def _forget(tokens: list[str | None]) -> None:
    keys = [_key(token) for token in tokens if token]
    if not keys:
        return
    try:
        get_redis().delete(*keys)
    except RedisError as error:
        log.error("ended sign-ins not forgotten in Redis: %s", error.__class__.__name__)


def _key(token: str) -> str:
    """Tokens are kept hashed: Redis never holds one that would open a session."""
    return KEY_PREFIX + hashlib.sha256(token.encode()).hexdigest()
