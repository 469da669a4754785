"""The home page and the health check."""

from flask import Blueprint, jsonify, redirect, url_for
from sqlalchemy import text

from ..extensions import db
from ..redis_client import get_redis
from ..services.discovery import HOT_WINDOW, hot_shows, popular_artists
from ..web.htmx import render_page

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Hero, trending shows and popular artists."""
    return render_page(
        "main/index.html",
        "main/_home.html",
        hot=hot_shows(),
        hot_days=HOT_WINDOW.days,
        popular=popular_artists(),
    )


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask here when a page names no icon (JSON answers, old pages)."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.get("/healthz")
def healthz():
    """Database and Redis reachability as JSON; 503 when one is down."""
    checks = {
        "database": _check(lambda: db.session.execute(text("SELECT 1"))),
        "redis": _check(lambda: get_redis().ping()),
    }
    healthy = all(state == "ok" for state in checks.values())
    response = jsonify(status="ok" if healthy else "unavailable", **checks)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # a health check reports every failure, whatever its kind
        return f"error: {error.__class__.__name__}"
    return "ok"
