"""Spotify sign-in through Authlib: authorization code flow with PKCE (S256) and state.

The PKCE verifier stays server-side: Authlib keeps each sign-in's state data in
Redis, and the session cookie only binds the state to the browser.
"""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from ..redis_client import get_redis

SCOPES = "user-read-private user-read-email user-follow-read user-top-read"
EXTENSION_KEY = "theset.auth.oauth"
STATE_PREFIX = "theset:oauth:"


class StateStore:
    """Authlib's cache interface (get, set, delete) over the app's Redis."""

    def get(self, key: str) -> str | None:
        value = get_redis().get(STATE_PREFIX + key)
        return value.decode() if value is not None else None

    def set(self, key: str, value: str, expires_in: int) -> None:
        get_redis().set(STATE_PREFIX + key, value, ex=int(expires_in))

    def delete(self, key: str) -> None:
        get_redis().delete(STATE_PREFIX + key)


def init_app(app: Flask) -> None:
    """Register the Spotify client from the app's settings (one registry per app)."""
    oauth = OAuth(app, cache=StateStore())
    accounts = app.config["SPOTIFY_ACCOUNTS_BASE_URL"]
    oauth.register(
        "spotify",
        client_id=app.config["SPOTIFY_CLIENT_ID"],
        client_secret=app.config["SPOTIFY_CLIENT_SECRET"],
        authorize_url=f"{accounts}/authorize",
        access_token_url=f"{accounts}/api/token",
        client_kwargs={"scope": SCOPES, "code_challenge_method": "S256", "timeout": 10},
    )
    app.extensions[EXTENSION_KEY] = oauth


def spotify_oauth():
    """The current app's Authlib client for Spotify."""
    return current_app.extensions[EXTENSION_KEY].spotify
