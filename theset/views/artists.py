"""Artist pages: every artist, one artist, and selecting a search result."""

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.exceptions import NotFound as HTTPNotFound
from werkzeug.exceptions import ServiceUnavailable

from ..cache import DataUnavailable
from ..providers.errors import NotFound, ProviderError
from ..services.artists import read_artist_at, select_artist
from ..services.discovery import artists_page
from ..services.leaderboard import leaderboard
from ..services.show_results import overall_accuracy, recent_shows
from ..text import parse_whole_number
from ..upstream import get_upstream
from ..web.htmx import render_page
from ..web.limits import SELECT, limiter, page_reads

bp = Blueprint("artists", __name__)

LAST_PAGE = 100_000
NO_ANSWER = (
    "Ticketmaster did not answer, so this artist cannot be added right now. "
    "Please try again in a minute."
)
IMPORTS_SPENT = (
    "TheSet has added all the new artists it may today; this one can be added after "
    "midnight UTC. Artists we already know open as usual."
)
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
@limiter.limit(SELECT)
def select(attraction_id: str):
    """Import the selected search result (and its shows) if it is new, then show its page."""
    if len(attraction_id) > 64 or not set(attraction_id) <= TM_ID_CHARACTERS:
        abort(404, "That is not a Ticketmaster artist id.")
    try:
        artist = select_artist(attraction_id)
    except NotFound:
        raise HTTPNotFound("Ticketmaster knows no artist with that id.") from None
    except DataUnavailable as error:
        raise ServiceUnavailable(IMPORTS_SPENT if error.quota_spent else NO_ANSWER) from None
    except ProviderError:
        raise ServiceUnavailable(NO_ANSWER) from None
    return redirect(url_for("artists.detail", slug=artist.slug), 303)


@bp.get("/artists/<slug>")
@page_reads
def detail(slug: str):
    """The artist's details and upcoming shows, refreshed when stale, then their recent
    shows with what was played and how the crowd did."""
    read = read_artist_at(slug)
    if read is None:
        abort(404, "We do not know this artist yet. Search for them to add them.")
    recent = recent_shows(read.artist)
    return render_page(
        "artists/detail.html",
        "artists/_detail.html",
        artist=read.artist,
        shows=read.shows,
        stale=read.stale,
        shows_unavailable=read.shows_unavailable,
        recent=recent,
        actuals_on=get_upstream().setlistfm is not None,
        crowd_accuracy=overall_accuracy(recent),
        top_fans=leaderboard(read.artist.id, limit=10) if recent else [],
    )
