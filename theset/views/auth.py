"""Signing in with Spotify (or as a demo fan in demo mode) and out."""

from __future__ import annotations

import logging
from urllib.parse import unquote, urlsplit

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import BadGateway

from ..auth.oauth import spotify_oauth
from ..demo.catalog import demo_fans
from ..providers.errors import ProviderError
from ..providers.spotify import TokenSet, parse_token_set
from ..services.sessions import end_all_sessions, end_session, start_session
from ..services.users import sign_in
from ..upstream import get_upstream
from ..web.htmx import render_page
from ..web.limits import SIGN_IN, limiter
from .pending_vote import pending_vote_kept

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)

NEXT_KEY = "login_next"


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (no open redirects)."""
    if not target or len(target) > 2000:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in target):
        return None
    decoded = unquote(target)
    if not target.startswith("/") or target.startswith("//") or decoded.startswith("//"):
        return None
    if "\\" in decoded or any(ord(ch) < 32 for ch in decoded):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _finish_sign_in(tokens: TokenSet):
    """Store the fan, rotate the session and land on `next` or the dashboard."""
    try:
        user = sign_in(get_upstream(), tokens, current_app.config["THESET_ADMINS"])
    except ProviderError as error:
        log.warning("Spotify profile unavailable at sign-in: %s", error)
        raise BadGateway("Spotify did not answer while signing you in. Please try again.") from None
    target = session.get(NEXT_KEY)
    with pending_vote_kept():
        session.clear()  # a fresh session for the signed-in fan (no fixation)
    start_session(user)
    login_user(user)
    return redirect(safe_next(target) or url_for("dashboard.index"), 303)


@bp.get("/login")
def login():
    """Sign in: with Spotify, or as one of the demo fans in demo mode."""
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("dashboard.index"), 303)
    session[NEXT_KEY] = target
    fans = demo_fans() if current_app.config["DEMO_MODE"] else []
    return render_page("auth/login.html", "auth/_login.html", fans=fans)


@bp.get("/login/spotify")
@limiter.limit(SIGN_IN)
def spotify():
    """Send the fan to Spotify to approve TheSet (PKCE and state kept in the session)."""
    if current_app.config["DEMO_MODE"]:
        abort(404, "Demo mode signs in demo fans; Spotify sign-in needs the production settings.")
    redirect_uri = url_for("auth.callback", _external=True)
    return spotify_oauth().authorize_redirect(redirect_uri)


@bp.get("/auth/spotify/callback")
@limiter.limit(SIGN_IN)
def callback():
    """Spotify sends the fan back here with a code (or an error) and our state."""
    if request.args.get("error"):
        # Only a known answer is told apart: the text itself could be anyone's words.
        declined = request.args["error"] == "access_denied"
        return render_page("auth/denied.html", "auth/_denied.html", declined=declined), 200
    try:
        token = spotify_oauth().authorize_access_token()
    except MismatchingStateError:
        abort(400, "This sign-in link is stale or was not started here. Please sign in again.")
    except (OAuthError, requests.RequestException) as error:
        log.warning("Spotify token exchange failed: %s", error)
        raise BadGateway("Spotify did not complete the sign-in. Please try again.") from None
    return _finish_sign_in(parse_token_set(token))


@bp.post("/login/demo")
@limiter.limit(SIGN_IN)
def demo():
    """Sign in as a demo fan, through the same path as a Spotify sign-in (demo mode only)."""
    if not current_app.config["DEMO_MODE"]:
        abort(404)
    fan_id = request.form.get("fan", "")
    if fan_id not in {fan["id"] for fan in demo_fans()}:
        abort(400, "Choose one of the demo fans listed on the sign-in page.")
    try:
        tokens = get_upstream().spotify.exchange_code(
            f"demo-code:{fan_id}", url_for("auth.callback", _external=True)
        )
    except ProviderError:
        raise BadGateway("The demo sign-in failed. Please try again.") from None
    return _finish_sign_in(tokens)


@bp.post("/logout")
def logout():
    """Sign out: this browser's sign-in ends, and its session is forgotten."""
    if current_user.is_authenticated:
        end_session(current_user.sign_in_token)
    return _signed_out()


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """Sign out on every browser and device the fan signed in on."""
    end_all_sessions(current_user.id)
    return _signed_out()


def _signed_out():
    logout_user()
    session.clear()
    return redirect(url_for("main.index"), 303)
