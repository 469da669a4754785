"""The leaderboard: fans ranked by how well they predicted shows that have happened."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required

from ..services.leaderboard import MIN_SHOWS, leaderboard
from ..services.users import set_name_on_leaderboards
from ..web.htmx import render_page
from ..web.limits import page_reads

bp = Blueprint("leaderboard", __name__)


@bp.get("/leaderboard")
@page_reads
def index():
    """Fans by songs called, then precision, over shows whose setlist is in."""
    return render_page(
        "leaderboard/index.html",
        "leaderboard/_board.html",
        fans=leaderboard(),
        min_shows=MIN_SHOWS,
    )


@bp.post("/leaderboard/name")
@login_required
def name():
    """The fan chooses whether leaderboards show their name or their initials."""
    shown = request.form.get("show_name") == "yes"
    set_name_on_leaderboards(current_user.id, shown)
    flash("Leaderboards show your name." if shown else "Leaderboards show your initials.")
    return redirect(url_for("dashboard.index"), 303)
