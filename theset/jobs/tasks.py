"""The jobs themselves: functions RQ imports by name, taking ids only; their job ids;
and the periodic jobs with their periods.

The catalog import is queued by the setlist service, which names it (this module
imports the services), so its job id sits beside its back-off key in services.catalog.

`python worker.py` enqueues the periodic jobs with RQ's cron scheduler
(theset.jobs.cron); the embedded default runs them on a thread (`wsgi.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from ..extensions import db
from ..models import Artist
from ..providers.errors import ProviderError
from ..redis_client import get_redis
from ..services import actual_setlists, fan_artists, maintenance, setlists, votes
from ..services.artists import refresh_artist_details
from ..services.catalog import Catalog, catalog_retry_key, catalog_state
from ..services.shows import refresh_artist_shows
from ..upstream import get_upstream
from . import Schedule, is_last_attempt
from .status import record_run, set_progress

log = logging.getLogger(__name__)


def shows_job_id(user_id: int) -> str:
    """The stable id of the job that finds the fan's artists' shows."""
    return f"fan-shows-{user_id}"


def sync_job_id(artist_id: int) -> str:
    """The stable id of an admin's "sync now" of the artist."""
    return f"sync-artist-{artist_id}"


def actual_job_id(show_id: int) -> str:
    """The stable id of an admin's "look up now" of the show's actual setlist."""
    return f"actual-setlist-{show_id}"


def import_actual_setlist(show_id: int) -> str:
    """An admin's "look up now": the show's actual setlist from setlist.fm, at once."""
    return actual_setlists.import_actual(get_upstream().setlistfm, show_id).status


def find_fan_shows(user_id: int) -> None:
    """Look up the fan's artists on Ticketmaster and refresh their shows, with progress."""
    job_id = shows_job_id(user_id)
    set_progress(job_id, 0, 1)
    fan_artists.find_fan_shows(
        get_upstream(), user_id, lambda done, total: set_progress(job_id, done, total)
    )


def import_catalog_and_seed(artist_id: int) -> int:
    """Import the artist's catalog from Spotify, then seed their waiting setlists.

    When the last retry fails too, the waiting setlists are marked failed and the
    import waits out a growing back-off before a visit or the heal job tries again.
    """
    upstream = get_upstream()
    try:
        seeded = setlists.import_catalog_and_seed(upstream, artist_id)
    except ProviderError:
        if is_last_attempt():
            wait = upstream.cache.backoff.failed(catalog_retry_key(artist_id))
            failed = setlists.fail_waiting_setlists(artist_id)
            log.warning("artist %s: import failed; %d setlists wait %s", artist_id, failed, wait)
        raise
    upstream.cache.backoff.succeeded(catalog_retry_key(artist_id))
    log.info("artist %s: catalog imported, %d setlists seeded", artist_id, seeded)
    return seeded


def heal_waiting_setlists() -> int:
    """Seed, or queue the catalog import for, every setlist still waiting for songs;
    how many imports were queued. Runs on a schedule, so setlists heal without a visit."""
    upstream = get_upstream()
    queued = 0
    for artist_id in dict.fromkeys(artist for _, artist in setlists.waiting_setlists()):
        state = catalog_state(db.session.get(Artist, artist_id))
        if state is Catalog.NEEDED:
            queued += setlists.queue_catalog_import(upstream, artist_id)
        elif state is Catalog.STORED:
            setlists.seed_waiting_setlists(artist_id)
    return queued


def refresh_artist(artist_id: int) -> None:
    """An admin's "sync now": the artist's details, shows and catalog, at once."""
    upstream = get_upstream()
    refresh_artist_details(upstream, artist_id)
    refresh_artist_shows(upstream, artist_id)
    setlists.import_catalog_and_seed(upstream, artist_id)


# Periodic jobs: each records its last run and report for /admin.


def refresh_popularity_job() -> None:
    """Daily: Spotify popularity where allowed, our own activity score for all."""
    _run_periodic("popularity", lambda: maintenance.refresh_popularity(get_upstream()))


def refresh_stale_job() -> None:
    """Hourly: refresh artists and shows fans looked at that are older than their TTL."""
    _run_periodic("refresh-stale", lambda: maintenance.refresh_stale(get_upstream(), get_redis()))


def reconcile_votes_job() -> None:
    """Nightly: recompute every vote counter from the votes table."""
    _run_periodic("reconcile-votes", votes.reconcile_votes)


def clean_up_job() -> None:
    """Nightly: drop old view stamps and the live state of shows that are over."""
    _run_periodic("clean-up", lambda: maintenance.clean_up(get_redis()))


def heal_setlists_job() -> None:
    """Every few minutes: setlists waiting for a catalog are seeded or their import queued."""
    _run_periodic("heal-setlists", heal_waiting_setlists)


def look_up_actuals_job() -> None:
    """Hourly: look up on setlist.fm what the shows that are over actually played."""
    _run_periodic("look-up-actuals", lambda: actual_setlists.look_up_due(get_upstream().setlistfm))


def _run_periodic(name: str, work: Callable) -> None:
    result = work()
    record_run(get_redis(), name, str(result))
    log.info("periodic %s done: %s", name, result)


# One line per periodic job: its name, function, period and queue.
PERIODIC = {
    "popularity": (refresh_popularity_job, timedelta(days=1), "popularity"),
    "refresh-stale": (refresh_stale_job, timedelta(hours=1), "refresh"),
    "reconcile-votes": (reconcile_votes_job, timedelta(days=1), "refresh"),
    "clean-up": (clean_up_job, timedelta(days=1), "refresh"),
    "heal-setlists": (heal_setlists_job, timedelta(minutes=5), "imports"),
    "look-up-actuals": (look_up_actuals_job, timedelta(hours=1), "refresh"),
}


def periods(scale: float) -> dict[str, int]:
    """Seconds between runs of each periodic job, times `scale` (THESET_PERIODS_SCALE)."""
    return {
        name: max(1, round(period.total_seconds() * scale))
        for name, (_func, period, _queue) in PERIODIC.items()
    }


def schedule(scale: float) -> Schedule:
    """Each periodic job's function and seconds between runs, times `scale`."""
    seconds = periods(scale)
    return {name: (func, seconds[name]) for name, (func, _period, _queue) in PERIODIC.items()}
