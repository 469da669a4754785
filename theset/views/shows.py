"""Show pages: details and the crowd's setlist."""

from flask import Blueprint

from ..cache import DataUnavailable
from ..extensions import db
from ..htmx import render_page
from ..models import Show
from ..services.shows import ensure_show_fresh
from ..upstream import get_upstream

bp = Blueprint("shows", __name__)


@bp.get("/shows/<int(min=1, max=2147483647):show_id>")
def detail(show_id: int):
    """Show details, refreshed from Ticketmaster after 24 hours, and the setlist."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    try:
        stale = ensure_show_fresh(get_upstream(), show).stale
    except DataUnavailable:
        stale = True
    return render_page("shows/detail.html", "shows/_detail.html", show=show, stale=stale)
