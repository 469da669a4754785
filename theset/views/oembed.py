"""oEmbed 1.0 for show pages: consumers turn a show URL into the embedded widget."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, current_app, get_template_attribute, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from ..extensions import db
from ..models import Show
from ..services.shows import read_show
from ..text import parse_whole_number
from ..web.http_cache import conditional
from ..web.limits import page_reads

bp = Blueprint("oembed", __name__)

EMBED_WIDTH = 480
EMBED_HEIGHT = 440
CACHE_AGE = 3600  # seconds: the iframe for a show never changes
MAX_SIZE = 999_999  # pixels: a larger max{width,height} is refused, not clamped

bp.add_app_template_global(EMBED_WIDTH, "embed_width")
bp.add_app_template_global(EMBED_HEIGHT, "embed_height")


def _size(name: str, default: int) -> int:
    """The default size, or less when the consumer's max{width,height} is smaller."""
    raw = request.args.get(name)
    if raw is None:
        return default
    size = parse_whole_number(raw, MAX_SIZE)
    if size is None:
        abort(400, f"{name} must be a whole number of pixels, like {name}={default}.")
    return min(default, size)


def _show_id(url: str) -> int:
    """The id of the show page at `url` on this site; 404 for any other URL."""
    parts = urlsplit(url)
    ours = {urlsplit(current_app.config["THESET_PUBLIC_URL"]).netloc, request.host}  # trusted
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in ours:
        abort(404, "That is not a TheSet show page.")
    try:
        endpoint, args = current_app.url_map.bind(request.host).match(unquote(parts.path))
    except HTTPException:
        endpoint, args = None, {}
    if endpoint != "shows.detail":
        abort(404, "That is not a TheSet show page.")
    return args["show_id"]


@bp.get("/oembed")
@page_reads
def oembed():
    """The show page at `url` as an oEmbed "rich" answer (JSON only; XML is a 501)."""
    if request.args.get("format", "json") != "json":
        abort(501, "Only format=json is supported.")
    url = request.args.get("url", "").strip()
    if not url:
        abort(400, "Give the address of a show page, like ?url=https://…/shows/1.")
    width = _size("maxwidth", EMBED_WIDTH)
    height = _size("maxheight", EMBED_HEIGHT)
    show = db.get_or_404(Show, _show_id(url), description="There is no show with that number.")
    read_show(show)
    place = show.place
    html = get_template_attribute("embed/_macros.html", "iframe")(show, width, height)
    answer = jsonify(
        version="1.0",
        type="rich",
        provider_name="TheSet",
        provider_url=url_for("main.index", _external=True),
        title=f"{show.artist.name} at {place}",
        html=str(html),
        width=width,
        height=height,
        cache_age=CACHE_AGE,
    )
    return conditional(answer, personal=False)
