"""Signing test clients in: as the Spotify callback leaves a fan, or through the fake
Spotify itself."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from theset.extensions import db
from theset.jobs import is_pending
from theset.jobs.tasks import shows_job_id
from theset.models import User
from theset.services.sessions import start_session

from ..factories import make_user
from .processes import wait_until

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class AuthActions:
    """Signs one test client in, like flaskr's AuthActions (inside an app context)."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, as_: User | None = None) -> User:
        """Sign in as `as_`, or as a new fan, as the Spotify callback would: a sign-ins row
        and the session cookie naming it. Returns the fan."""
        user = as_ or make_user()
        start_session(user)
        with self._client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user


def signed_in_client(app: Flask, user_id: int | None = None, **fields) -> FlaskClient:
    """A new client of `app` signed in as fan `user_id`, or as a new fan made with `fields`;
    committed, for other threads and processes to see."""
    client = app.test_client()
    with app.app_context():
        user = db.session.get(User, user_id) if user_id is not None else make_user(**fields)
        AuthActions(client).login(as_=user)
    return client


def csrf_token(html: str) -> str:
    """The CSRF token of the page `html`, as the site's forms and scripts send it."""
    return CSRF_META.search(html).group(1)


def spotify_sign_in(web: FlaskClient, upstream, fan: str = "demo_mara") -> None:
    """Sign `web` in through the fake Spotify's authorization page, as `fan`."""
    upstream.signing_in_as = fan
    to_spotify = web.get("/login/spotify").headers["Location"]
    back = urlsplit(requests.get(to_spotify, allow_redirects=False, timeout=5).headers["Location"])
    assert web.get(f"{back.path}?{back.query}").status_code == 303


def wait_for_shows(app: Flask, spotify_id: str = "demo_mara", timeout: float = 15.0) -> int:
    """Wait for the lookup of the fan's artists' shows that signing in started; the fan's id."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.spotify_id == spotify_id))
        wait_until(
            lambda: not is_pending(shows_job_id(user_id)),
            "the show lookup job to finish",
            timeout=timeout,
            every=0.05,
        )
    return user_id
