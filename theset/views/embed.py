"""The vote widget alone, for an iframe or an htmx include on any other site."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, request
from flask_login import current_user

from ..extensions import db
from ..models import Show
from ..services.setlist_view import setlist_view
from ..services.setlists import NONE_WHEN_CANCELLED, prepare_setlist
from ..services.show_results import show_result
from ..services.shows import read_show
from ..web.framing import allow_any_framing
from ..web.htmx import HTMX_RESPONSE_HEADERS, render_page
from ..web.http_cache import conditional
from ..web.limits import page_reads

bp = Blueprint("embed", __name__, url_prefix="/embed")

# The headers htmx sends with a request: another site's htmx may send them to us.
HTMX_REQUEST_HEADERS = (
    "HX-Request",
    "HX-Current-URL",
    "HX-Target",
    "HX-Trigger",
    "HX-Trigger-Name",
    "HX-Boosted",
)
PREFLIGHT_MAX_AGE = 600  # seconds


@bp.after_request
def open_to_other_sites(response):
    """Any site may frame the widget, or fetch it with htmx (CORS without credentials),
    whose htmx may read the headers it looks for."""
    allow_any_framing(response)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = ", ".join(HTMX_RESPONSE_HEADERS)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET"
        response.headers["Access-Control-Allow-Headers"] = ", ".join(HTMX_REQUEST_HEADERS)
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


@bp.get("/shows/<id:show_id>")
@page_reads
def show(show_id: int):
    """The show's setlist with vote buttons; creates the setlist on first access."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    read_show(show)
    setlist = prepare_setlist(show)
    if setlist is None:
        abort(404, NONE_WHEN_CANCELLED)
    user = current_user if current_user.is_authenticated else None
    view = setlist_view(setlist, user, embedded=True)
    result = show_result(show)
    html = render_page("embed/show.html", "embed/_widget.html", show=show, view=view, result=result)
    # Personal for everyone: like every page it carries the visitor's CSRF token.
    return conditional(make_response(html), personal=True)
