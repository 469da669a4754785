"""Show pages: details and the crowd's setlist (created and seeded on first visit), and
what sharing a show gives: its link to copy and its share card."""

from flask import Blueprint, request
from flask_login import current_user

from ..extensions import db
from ..models import Show
from ..services.setlist_view import setlist_view
from ..services.setlists import prepare_setlist
from ..services.share import ShareText, share_text
from ..services.show_results import show_result
from ..services.shows import read_show
from ..upstream import get_upstream
from ..web.htmx import render_page
from ..web.http_cache import made_when_changed
from ..web.limits import page_reads
from ..web.share_card import DESIGN, draw_card, show_card
from .pending_vote import cast_pending_vote

bp = Blueprint("shows", __name__)


def _show(show_id: int) -> Show:
    return db.get_or_404(Show, show_id, description="There is no show with that number.")


def _guest_share(show: Show) -> ShareText:
    """The show's share as anyone not signed in sees it: from its setlist (None: cancelled
    without one) and, after the show, its result."""
    setlist = prepare_setlist(show)
    return share_text(show, setlist_view(setlist, None) if setlist else None, show_result(show))


@bp.get("/shows/<id:show_id>")
@page_reads
def detail(show_id: int):
    """Show details, refreshed from Ticketmaster after 24 hours, and the setlist (none for a
    show cancelled before it had one); a vote made before signing in is counted here."""
    show = _show(show_id)
    stale = read_show(show)
    setlist = prepare_setlist(show)
    user = current_user if current_user.is_authenticated else None
    vote_note = cast_pending_vote(show.id, user.id) if user else None
    query = request.args.get("q")
    view = setlist_view(setlist, user, addable=True, query=query) if setlist else None
    result = show_result(show, user)
    return render_page(
        "shows/detail.html",
        "shows/_detail.html",
        show=show,
        stale=stale,
        vote_note=vote_note,
        actuals_on=get_upstream().setlistfm is not None,
        result=result,
        view=view,
        share=share_text(show, view, result),
    )


@bp.get("/shows/<id:show_id>/card.png")
@page_reads
def card(show_id: int):
    """The show's share card, a PNG for link previews: drawn again only when its words or
    counts change."""
    show = _show(show_id)
    card = show_card(show, _guest_share(show))
    return made_when_changed(repr((DESIGN, card)), lambda: draw_card(card), "image/png")


@bp.get("/shows/<id:show_id>/share")
@page_reads
def share(show_id: int):
    """The show's link to copy, with its card: the Share button without JavaScript."""
    show = _show(show_id)
    share = _guest_share(show)
    return render_page("shows/share.html", "shows/_share.html", show=show, share=share)
