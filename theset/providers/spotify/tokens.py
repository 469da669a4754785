"""Spotify's OAuth tokens: the app's client-credentials token, shared through Redis, and a
user's token set."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from redis.exceptions import RedisError

from ..errors import Unavailable
from ..shapes import as_int

log = logging.getLogger("theset.providers")

APP_TOKEN_KEY = "theset:spotify:app-token"  # a Redis key name, not a secret  # nosec B105
TOKEN_MARGIN = 60  # drop a cached token this many seconds before Spotify does


@dataclass(frozen=True, slots=True)
class TokenSet:
    """A user's tokens after a refresh."""

    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str | None


def parse_token_set(payload: dict[str, Any], fallback_refresh_token: str | None = None) -> TokenSet:
    """Tokens from a token endpoint answer (ours, or Authlib's token dict)."""
    expires_in = as_int(payload.get("expires_in")) or 3600
    return TokenSet(
        access_token=access_token(payload),
        refresh_token=payload.get("refresh_token") or fallback_refresh_token,
        expires_at=datetime.now(UTC) + timedelta(seconds=expires_in),
        scope=payload.get("scope"),
    )


def access_token(payload: dict[str, Any]) -> str:
    """The access token of a token endpoint answer; Unavailable when it has none."""
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        raise Unavailable("spotify", "token response without an access_token")
    return token


class AppTokenCache:
    """The app token, in Redis for every process, else in this one's memory."""

    def __init__(self, redis: Any = None) -> None:
        self.redis = redis
        self._memory: tuple[str, float] | None = None  # (token, monotonic expiry)

    def get(self) -> str | None:
        """The cached token, or None when there is none or it is about to expire."""
        if self.redis is not None:
            try:
                value = self.redis.get(APP_TOKEN_KEY)
                return value.decode() if isinstance(value, bytes) else value
            except RedisError as exc:
                log.warning("spotify token cache unavailable: %s", exc)
        if self._memory and self._memory[1] > time.monotonic():
            return self._memory[0]
        return None

    def store(self, payload: dict[str, Any]) -> str:
        """Keep the token of a client-credentials answer until shortly before it expires."""
        token = access_token(payload)
        ttl = max(1, (as_int(payload.get("expires_in")) or 3600) - TOKEN_MARGIN)
        if self.redis is not None:
            try:
                self.redis.set(APP_TOKEN_KEY, token, ex=ttl)
                return token
            except RedisError as exc:
                log.warning("spotify token cache unavailable: %s", exc)
        self._memory = (token, time.monotonic() + ttl)
        return token

    def drop(self) -> None:
        """Forget the token (Spotify refused it)."""
        self._memory = None
        if self.redis is not None:
            try:
                self.redis.delete(APP_TOKEN_KEY)
            except RedisError as exc:
                log.warning("spotify token cache unavailable: %s", exc)
