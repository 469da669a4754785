"""Use-cases that span services and background jobs (views call these, jobs do not)."""

from __future__ import annotations

from .extensions import db
from .jobs import catalog_job_id, enqueue, import_catalog_and_seed, is_pending
from .models import Setlist, Show
from .services.setlists import claim_import, get_or_create_setlist, needs_catalog, seed_setlist


def prepare_setlist(show: Show) -> Setlist:
    """The show's setlist: seeded now when the catalog is stored, else by a queued import."""
    setlist = get_or_create_setlist(show)
    if setlist.status == "ready":
        return setlist
    if not needs_catalog(setlist):
        seed_setlist(setlist.id)
        db.session.refresh(setlist)
        return setlist
    job_id = catalog_job_id(show.artist_id)
    if not is_pending(job_id) and claim_import(setlist):
        enqueue(import_catalog_and_seed, show.artist_id, job_id=job_id)
        db.session.refresh(setlist)
    return setlist
