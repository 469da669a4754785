"""Fans: sign-in from a Spotify token, tokens kept encrypted server-side, refreshed when due."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..auth.tokens import InvalidToken, decrypt, encrypt
from ..database import write_transaction
from ..extensions import db
from ..models import User, utcnow
from ..providers.errors import TokenExpired, TokenRevoked
from ..providers.spotify import TokenSet
from ..upstream import Upstream
from .sessions import end_all_sessions
from .upsert import upsert

# Refresh a little before Spotify's expiry, so a call never starts with a dying token.
EXPIRY_MARGIN = timedelta(seconds=60)


class SignInExpired(Exception):
    """The fan's Spotify authorisation is gone (revoked or unreadable): sign in again."""


def sign_in(upstream: Upstream, tokens: TokenSet, admins: frozenset[str]) -> User:
    """The fan behind `tokens`, created or updated from Spotify's /me, tokens stored."""
    profile = upstream.spotify.me(tokens.access_token)
    now = utcnow()
    with write_transaction():
        values = {
            "spotify_id": profile.id,
            "display_name": profile.display_name or profile.id,
            "email": profile.email,
            "image_url": profile.image_url,
            "last_login_at": now,
            "created_at": now,
            "updated_at": now,
            **_token_columns(tokens),
        }
        update = [name for name in values if name not in ("spotify_id", "created_at")]
        user_id = upsert(User, values, conflict=["spotify_id"], update=update)
        user = db.session.get(User, user_id)
        if profile.id in admins and not user.is_admin:
            user.is_admin = user.admin_via_setting = True
    return user


def keep_admin_in_step(user: User, admins: frozenset[str]) -> None:
    """Demote a fan made admin by THESET_ADMINS once the setting no longer names them."""
    if user.admin_via_setting and user.spotify_id not in admins:
        with write_transaction():
            user.is_admin = user.admin_via_setting = False


def _token_columns(tokens: TokenSet) -> dict:
    columns = {
        "access_token_encrypted": encrypt(tokens.access_token),
        "token_expires_at": tokens.expires_at,
    }
    if tokens.refresh_token:  # Spotify may omit it on refresh: keep the one we have
        columns["refresh_token_encrypted"] = encrypt(tokens.refresh_token)
    return columns


def access_token(upstream: Upstream, user: User, *, force_refresh: bool = False) -> str:
    """A usable access token for `user`, refreshed when due; SignInExpired when it cannot be."""
    try:
        if not force_refresh and _still_valid(user.token_expires_at):
            return decrypt(user.access_token_encrypted)
        if not user.refresh_token_encrypted:
            raise SignInExpired
        tokens = upstream.spotify.refresh_user_token(decrypt(user.refresh_token_encrypted))
    except (InvalidToken, TokenRevoked, TypeError):
        end_all_sessions(user.id)  # Spotify no longer vouches for the fan anywhere
        raise SignInExpired from None
    with write_transaction():
        for name, value in _token_columns(tokens).items():
            setattr(user, name, value)
    return tokens.access_token


def _still_valid(expires_at: datetime | None) -> bool:
    return expires_at is not None and expires_at - EXPIRY_MARGIN > utcnow()


def with_user_token(upstream: Upstream, user: User, call):
    """`call(token)` with the fan's token, refreshing once if Spotify says it expired."""
    try:
        return call(access_token(upstream, user))
    except TokenExpired:
        return call(access_token(upstream, user, force_refresh=True))


def make_admin(spotify_id: str) -> User | None:
    """Grant admin to the fan with this Spotify id, whatever THESET_ADMINS says; None when
    there is no such fan."""
    user = db.session.scalar(select(User).where(User.spotify_id == spotify_id))
    if user is not None:
        with write_transaction():
            user.is_admin, user.admin_via_setting = True, False
    return user


def set_name_on_leaderboards(user_id: int, shown: bool) -> None:
    """Leaderboards show the fan's name (`shown`) or their initials."""
    with write_transaction():
        db.session.get(User, user_id).name_on_leaderboards = shown
