"""Show pages: details and the crowd's setlist (created and seeded on first visit)."""

from flask import Blueprint, request
from flask_login import current_user

from ..extensions import db
from ..models import Show
from ..services.setlist_view import setlist_view
from ..services.setlists import prepare_setlist
from ..services.show_results import show_result
from ..services.shows import read_show
from ..upstream import get_upstream
from ..web.htmx import render_page
from ..web.limits import page_reads
from .pending_vote import cast_pending_vote

bp = Blueprint("shows", __name__)


@bp.get("/shows/<id:show_id>")
@page_reads
def detail(show_id: int):
    """Show details, refreshed from Ticketmaster after 24 hours, and the setlist (none for a
    show cancelled before it had one); a vote made before signing in is counted here."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    stale = read_show(show)
    setlist = prepare_setlist(show)
    user = current_user if current_user.is_authenticated else None
    vote_note = cast_pending_vote(show.id, user.id) if user else None
    return render_page(
        "shows/detail.html",
        "shows/_detail.html",
        show=show,
        stale=stale,
        vote_note=vote_note,
        actuals_on=get_upstream().setlistfm is not None,
        result=show_result(show, user),
        view=(
            setlist_view(setlist, user, addable=True, query=request.args.get("q"))
            if setlist
            else None
        ),
    )
