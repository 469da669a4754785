"""The read-only JSON API, described by /api/openapi.json; errors come from errors.py."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import ServiceUnavailable

from ..cache import DataUnavailable
from ..extensions import db
from ..models import Show
from ..services.artists import read_artist_at
from ..services.leaderboard import leaderboard as ranked_fans
from ..services.search import (
    MAX_QUERY_LENGTH,
    MIN_QUERY_LENGTH,
    normalise_query,
    search_artists,
    unavailable_message,
)
from ..services.setlist_view import setlist_view
from ..services.setlists import NONE_WHEN_CANCELLED, prepare_setlist
from ..services.show_results import show_result
from ..services.shows import read_show
from ..upstream import get_upstream
from ..web.http_cache import conditional
from ..web.limits import SEARCH, limiter, page_reads
from . import payloads
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")


def _show_or_404(show_id: int) -> Show:
    """The show, its details refreshed like the show page's."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    read_show(show)
    return show


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return conditional(jsonify(openapi_document()), personal=False)


@bp.get("/search")
@limiter.limit(SEARCH)
def search():
    """Artists with upcoming shows matching `q`, live from Ticketmaster."""
    query = normalise_query(request.args.get("q", ""))
    if not query:
        abort(400, "Give an artist's name to search for, like ?q=marchetti.")
    if len(query) < MIN_QUERY_LENGTH:
        abort(400, f"Give at least {MIN_QUERY_LENGTH} letters of the artist's name.")
    if len(query) > MAX_QUERY_LENGTH:
        abort(400, f"Searches are limited to {MAX_QUERY_LENGTH} characters.")
    try:
        results = search_artists(get_upstream(), query)
    except DataUnavailable as error:
        raise ServiceUnavailable(unavailable_message(error)) from None
    body = {"artists": [payloads.search_result(result) for result in results]}
    return conditional(jsonify(body), personal=False)


@bp.get("/artists/<slug>")
@page_reads
def artist(slug: str):
    """An artist and their upcoming shows."""
    read = read_artist_at(slug)
    if read is None:
        abort(404, "We do not know this artist.")
    body = payloads.artist_with_shows(read.artist, read.shows)
    return conditional(jsonify(body), personal=False)


@bp.get("/shows/<id:show_id>")
@page_reads
def show(show_id: int):
    """A show with its venue and artist."""
    body = payloads.show_with_artist(_show_or_404(show_id))
    return conditional(jsonify(body), personal=False)


@bp.get("/shows/<id:show_id>/setlist")
@page_reads
def setlist(show_id: int):
    """The crowd's setlist, most votes first; created on first access like the show page."""
    setlist = prepare_setlist(_show_or_404(show_id))
    if setlist is None:
        abort(404, NONE_WHEN_CANCELLED)
    user = current_user if current_user.is_authenticated else None
    return conditional(jsonify(payloads.setlist(setlist_view(setlist, user))))


@bp.get("/shows/<id:show_id>/actual")
@page_reads
def actual(show_id: int):
    """What the show actually played (setlist.fm) and how the crowd's prediction did."""
    show = _show_or_404(show_id)
    off = get_upstream().setlistfm is None
    body = payloads.actual(show.id, None if off else show_result(show), off=off)
    return conditional(jsonify(body), personal=False)


@bp.get("/leaderboard")
@page_reads
def leaderboard():
    """Fans ranked by the songs they called, then precision (MIN_SHOWS shows at least)."""
    return conditional(jsonify(payloads.leaderboard(ranked_fans())), personal=False)
