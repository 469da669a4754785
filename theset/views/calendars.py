"""Calendars: an artist's upcoming shows, one show, and a fan's private feed of the shows
of their Spotify artists (with the reset of its secret address)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Show
from ..services.artists import artist_by_slug
from ..services.calendar_feeds import fan_by_calendar_token, fan_shows, reset_calendar_token
from ..services.discovery import upcoming_shows
from .ics import calendar_response

bp = Blueprint("calendars", __name__)


@bp.get("/artists/<slug>/shows.ics")
def artist_feed(slug: str):
    """The artist's upcoming shows, for a calendar app to subscribe to."""
    artist = artist_by_slug(slug)
    if artist is None:
        abort(404, "We do not know this artist yet. Search for them to add them.")
    shows = upcoming_shows(artist)
    return calendar_response(
        f"{artist.name} · TheSet", shows, f"{artist.slug}-shows.ics", personal=False
    )


@bp.get("/shows/<id:show_id>/show.ics")
def show_event(show_id: int):
    """One show as a calendar event, to add to a calendar once."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    if show.starts_at is None and show.local_date is None:
        abort(404, "This show has no date yet, so it cannot go into a calendar.")
    title = f"{show.artist.name} · TheSet"
    return calendar_response(title, [show], f"theset-show-{show.id}.ics", personal=False)


@bp.get("/calendars/<token>.ics")
def fan_feed(token: str):
    """A fan's private feed: the upcoming shows of all their followed and top artists."""
    fan = fan_by_calendar_token(token)
    if fan is None:
        abort(404, "There is no calendar at this address. It may have been reset.")
    return calendar_response("My artists · TheSet", fan_shows(fan), "theset.ics", personal=True)


@bp.post("/dashboard/calendar/reset")
@login_required
def reset():
    """Give the fan's feed a new secret address; the old one stops working."""
    reset_calendar_token(current_user._get_current_object())
    flash(
        "Your calendar has a new address, and the old one no longer works: "
        "subscribe to the new one in your calendar app."
    )
    return redirect(url_for("dashboard.index", _anchor="calendar"), 303)
