"""Artist pages: every artist, one artist, and selecting a search result."""

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.exceptions import NotFound as HTTPNotFound
from werkzeug.exceptions import ServiceUnavailable

from ..cache import DataUnavailable
from ..htmx import render_page
from ..providers.errors import NotFound, ProviderError
from ..redis_client import get_redis
from ..services.artists import artist_by_slug, ensure_artist_fresh, import_artist
from ..services.discovery import artists_page, upcoming_shows
from ..services.maintenance import record_view
from ..services.shows import ensure_artist_shows_fresh
from ..text import parse_whole_number
from ..upstream import get_upstream

bp = Blueprint("artists", __name__)

LAST_PAGE = 100_000
TM_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@bp.get("/artists")
def index():
    """Every artist we know, most popular first."""
    page = parse_whole_number(request.args.get("page", "1"), LAST_PAGE)
    if page is None:
        abort(400, "The page must be a whole number from 1 up, like ?page=2.")
    pagination = artists_page(page)
    return render_page("artists/index.html", "artists/_list.html", pagination=pagination)


@bp.get("/artists/tm/<attraction_id>")
def select(attraction_id: str):
    """Import the selected search result if it is new, then show its page."""
    if len(attraction_id) > 64 or not set(attraction_id) <= TM_ID_CHARACTERS:
        abort(404, "That is not a Ticketmaster artist id.")
    try:
        artist = import_artist(get_upstream(), attraction_id)
    except NotFound:
        raise HTTPNotFound("Ticketmaster knows no artist with that id.") from None
    except ProviderError:
        raise ServiceUnavailable(
            "Ticketmaster did not answer, so this artist cannot be added right now. "
            "Please try again in a minute."
        ) from None
    return redirect(url_for("artists.detail", slug=artist.slug), 303)


@bp.get("/artists/<slug>")
def detail(slug: str):
    """The artist's details and upcoming shows, refreshed when stale."""
    artist = artist_by_slug(slug)
    if artist is None:
        abort(404, "We do not know this artist yet. Search for them to add them.")
    upstream = get_upstream()
    record_view(get_redis(), artist.id)
    stale = shows_unavailable = False
    try:
        stale = ensure_artist_fresh(upstream, artist).stale
    except DataUnavailable:
        stale = True
    try:
        stale |= ensure_artist_shows_fresh(upstream, artist).stale
    except DataUnavailable:
        shows_unavailable = True
    return render_page(
        "artists/detail.html",
        "artists/_detail.html",
        artist=artist,
        shows=upcoming_shows(artist),
        stale=stale,
        shows_unavailable=shows_unavailable,
    )
