"""Artist search, live from Ticketmaster."""

from flask import Blueprint, request

from ..cache import DataUnavailable
from ..services.search import (
    MAX_QUERY_LENGTH,
    MIN_QUERY_LENGTH,
    SHORT_QUERY_HINT,
    normalise_query,
    search_artists,
    unavailable_message,
)
from ..upstream import get_upstream
from ..web.htmx import render_page
from ..web.limits import SEARCH, limiter

bp = Blueprint("search", __name__)


@bp.get("/search")
@limiter.limit(SEARCH)
def search():
    """Search results for `q`; a prompt when it is empty, a hint when it is too short."""
    query = normalise_query(request.args.get("q", ""))

    def page(status=200, **context):
        context.setdefault("results", None)
        html = render_page("search/search.html", "search/_results.html", query=query, **context)
        return html, status

    if len(query) > MAX_QUERY_LENGTH:
        return page(
            400,
            error=f"Searches are limited to {MAX_QUERY_LENGTH} characters; "
            f"yours has {len(query)}. Try just the artist's name.",
        )
    if not query:
        return page()
    if len(query) < MIN_QUERY_LENGTH:
        return page(hint=SHORT_QUERY_HINT)
    try:
        return page(results=search_artists(get_upstream(), query))
    except DataUnavailable as error:
        return page(503, error=unavailable_message(error))
