"""The admin pages: counts, sync status, quota, queues and failed jobs, songs fans
suggested, syncing an artist or a show's actual setlist now; rq-dashboard."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from rq.exceptions import NoSuchJobError
from rq.job import Job

from ..extensions import db
from ..jobs import enqueue, get_runner
from ..jobs.tasks import (
    PERIODIC,
    actual_job_id,
    import_actual_setlist,
    refresh_artist,
    sync_job_id,
)
from ..live.relay import publish
from ..models import Show
from ..redis_client import get_redis
from ..services.admin import failed_imports, last_runs, overview, queue_overview
from ..services.artists import artist_by_slug
from ..services.suggestions import NotSuggested, recent_suggestions, remove_suggestion
from ..upstream import get_upstream
from ..web.htmx import render_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


def require_admin() -> None:
    """Anonymous fans sign in first; signed-in fans who are not admins get a 403."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403, "This page is for TheSet's admins.")
    return None


bp.before_request(require_admin)


@bp.get("")
def index():
    """What the admins need to run TheSet day to day."""
    return render_page(
        "admin/index.html",
        "admin/_overview.html",
        stats=overview(get_redis(), get_upstream().ticketmaster.budget),
        periodic=last_runs(get_redis(), PERIODIC),
        queues=queue_overview(get_runner()),
        failed_imports=failed_imports(get_upstream().cache.backoff),
        suggestions=recent_suggestions(),
    )


def _failed_job(job_id: str) -> Job:
    try:
        return Job.fetch(job_id, connection=get_redis())
    except (NoSuchJobError, ValueError):  # ValueError: not a job id at all
        abort(404, "That job is gone already.")


@bp.post("/jobs/<job_id>/retry")
def retry_job(job_id: str):
    """Put a failed job back on its queue."""
    _failed_job(job_id).requeue()
    flash(f"Job {job_id} is queued again.")
    return redirect(url_for("admin.index"), 303)


@bp.post("/jobs/<job_id>/delete")
def delete_job(job_id: str):
    """Forget a failed job."""
    _failed_job(job_id).delete()
    flash(f"Job {job_id} was deleted.")
    return redirect(url_for("admin.index"), 303)


@bp.post("/suggestions/<id:song_id>/remove")
def remove_suggested_song(song_id: int):
    """Take a song fans suggested off its setlist, with its votes; open pages drop it."""
    try:
        show_id = remove_suggestion(song_id)
    except NotSuggested:
        abort(404, "That suggested song is gone already.")
    publish(show_id, [song_id], removed=True)
    flash("The suggested song was removed, with its votes.")
    return redirect(url_for("admin.index", _anchor="suggestions-title"), 303)


@bp.post("/artists/sync")
def sync_artist():
    """Refresh one artist's details, shows and catalog now, in the background."""
    artist = artist_by_slug(request.form.get("slug", "").strip())
    if artist is None:
        abort(400, "No artist has that slug; copy it from the artist's page address.")
    enqueue(refresh_artist, artist.id, job_id=sync_job_id(artist.id), queue="refresh")
    flash(f"{artist.name} will be synced in a moment.")
    return redirect(url_for("admin.index"), 303)


@bp.post("/shows/<id:show_id>/actual")
def look_up_actual(show_id: int):
    """Look the show's actual setlist up on setlist.fm now, in the background."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    if get_upstream().setlistfm is None:
        abort(409, "Actual setlists are off: set SETLISTFM_API_KEY.")
    enqueue(import_actual_setlist, show.id, job_id=actual_job_id(show.id), queue="refresh")
    flash("The setlist will be looked up on setlist.fm in a moment.")
    return redirect(url_for("shows.detail", show_id=show.id, _anchor="result-title"), 303)


def init_app(app: Flask) -> None:
    """The admin pages; without RQ (no REDIS_URL), /admin/rq says why it is missing."""
    app.register_blueprint(bp)
    if not app.config["REDIS_URL"]:
        app.add_url_rule("/admin/rq/", "rq_unavailable", _rq_unavailable, strict_slashes=False)


def _rq_unavailable():
    """The embedded default has no RQ: jobs run on threads of the web process."""
    refusal = require_admin()
    if refusal is not None:
        return refusal
    abort(
        404,
        "The RQ dashboard needs REDIS_URL; in the embedded default jobs run inline, "
        "and /admin shows them.",
    )
