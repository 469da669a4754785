"""The signed-in fan's dashboard: their predictions, then their Spotify artists' next shows."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required, logout_user

from ..cache import DataUnavailable
from ..jobs import enqueue, is_pending
from ..jobs.status import get_progress
from ..jobs.tasks import find_fan_shows, shows_job_id
from ..services.calendar_feeds import calendar_token
from ..services.fan_artists import ensure_fan_artists_fresh, fan_artists, next_shows
from ..services.leaderboard import MIN_SHOWS, fan_records
from ..services.predictions import fan_predictions
from ..services.users import SignInExpired
from ..upstream import get_upstream
from ..web.htmx import render_page
from ..web.limits import DASHBOARD_REFRESH, limiter, page_reads

bp = Blueprint("dashboard", __name__)


def _signed_out():
    logout_user()
    flash("Spotify no longer accepts TheSet's access to your account. Please sign in again.")
    return redirect(url_for("auth.login", next=url_for("dashboard.index")), 303)


def _load_artists(force: bool = False):
    """Make the fan's artists fresh; start the show lookups when they were refetched."""
    user = current_user._get_current_object()
    freshness = ensure_fan_artists_fresh(get_upstream(), user, force=force)
    if freshness.refreshed:
        enqueue(find_fan_shows, user.id, job_id=shows_job_id(user.id))
    return freshness


@bp.get("/dashboard")
@login_required
@page_reads
def index():
    """The fan's predictions, their artists from Spotify (cached an hour) with their next
    shows, and the address of their private calendar of those shows."""
    user = current_user._get_current_object()
    unavailable = stale = False
    try:
        stale = _load_artists().stale
    except SignInExpired:
        return _signed_out()
    except DataUnavailable:
        unavailable = True
    artists = fan_artists(user)
    job_id = shows_job_id(user.id)
    pending = is_pending(job_id)
    return render_page(
        "dashboard/index.html",
        "dashboard/_dashboard.html",
        predictions=fan_predictions(user),
        record=fan_records(user_id=user.id).get(user.id),
        min_shows=MIN_SHOWS,
        artists=artists,
        shows=next_shows([fan.artist for fan in artists]),
        progress=get_progress(job_id) if pending else None,
        pending=pending,
        stale=stale,
        unavailable=unavailable,
        calendar_url=url_for("calendars.fan_feed", token=calendar_token(user), _external=True),
    )


@bp.post("/dashboard/refresh")
@login_required
@limiter.limit(
    DASHBOARD_REFRESH,
    error_message="You refreshed less than a minute ago; please wait a moment before the next one.",
)
def refresh():
    """Refetch the fan's artists from Spotify now (at most once a minute)."""
    try:
        freshness = _load_artists(force=True)
    except SignInExpired:
        return _signed_out()
    except DataUnavailable:
        freshness = None
    if freshness is None or freshness.stale:
        flash("Spotify did not answer, so your artists were not refreshed. Please try later.")
    else:
        flash("Your artists are fresh from Spotify.")
    return redirect(url_for("dashboard.index"), 303)
