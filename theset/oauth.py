"""Spotify sign-in through Authlib: authorization code flow with PKCE (S256) and state."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

SCOPES = "user-read-private user-read-email user-follow-read user-top-read"
EXTENSION_KEY = "theset.oauth"


def init_app(app: Flask) -> None:
    """Register the Spotify client from the app's settings (one registry per app)."""
    oauth = OAuth(app)
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
