"""What the admin page shows: counts, freshness, stale rows, upstream quota and jobs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import redis
from rq.job import Job
from sqlalchemy import func, select

from ..cache import ARTIST_DETAILS_TTL, SHOWS_TTL, Backoff
from ..extensions import db
from ..jobs import Runner
from ..jobs.inline_runner import InlineRunner
from ..jobs.rq_runner import queues_for
from ..jobs.status import LAST_RUN_KEY, NEXT_RUN_KEY
from ..models import Artist, Setlist, Show, User, Vote, utcnow
from ..providers.budget import DailyBudget
from ..providers.counter import daily_call_count
from .catalog import catalog_retry_key


def overview(redis, budget: DailyBudget) -> dict:
    """Counts, last syncs, stale rows and today's upstream calls, in a few queries."""
    now = utcnow()
    count = lambda model: db.session.scalar(select(func.count(model.id)))  # noqa: E731
    artists = db.session.execute(
        select(
            func.max(Artist.tm_synced_at),
            func.max(Artist.spotify_synced_at),
            func.max(Artist.catalog_synced_at),
            func.count(Artist.id).filter(Artist.tm_synced_at < now - ARTIST_DETAILS_TTL),
            func.count(Artist.id).filter(Artist.popularity.is_not(None)),
        )
    ).one()
    shows = db.session.execute(
        select(
            func.max(Show.tm_synced_at),
            func.count(Show.id).filter(Show.starts_at > now, Show.tm_synced_at < now - SHOWS_TTL),
        )
    ).one()
    counts = {
        "artists": count(Artist),
        "shows": count(Show),
        "setlists": count(Setlist),
        "votes": count(Vote),
        "fans": count(User),
    }
    return {
        "counts": counts,
        "last_sync": {
            "Ticketmaster artists": artists[0],
            "Ticketmaster shows": shows[0],
            "Spotify details": artists[1],
            "Spotify catalogs": artists[2],
        },
        "stale": {
            "artists (older than 7 days)": artists[3],
            "upcoming shows (older than 24 hours)": shows[1],
        },
        "popularity": {
            "from Spotify": artists[4],
            "from our own signals": counts["artists"] - artists[4],
        },
        "upstream_today": {
            "ticketmaster": daily_call_count(redis, "ticketmaster"),
            "spotify": daily_call_count(redis, "spotify"),
        },
        "ticketmaster_quota": budget.quota,
        "ticketmaster_budget": quota_by_kind(budget),
    }


def quota_by_kind(budget: DailyBudget) -> list[dict]:
    """Each kind of traffic's calls today against its share of the quota."""
    spent = budget.spent()
    return [
        {"kind": kind, "spent": spent[kind], "allowance": budget.allowance(kind)}
        for kind in budget.shares
    ]


def failed_imports(backoff: Backoff) -> list[dict]:
    """Artists whose catalog import failed after every retry: their failed setlists and
    when the import is tried again (on the next visit or heal run after that)."""
    rows = db.session.execute(
        select(Artist.id, Artist.name, Artist.slug, func.count(Setlist.id))
        .join(Show, Show.artist_id == Artist.id)
        .join(Setlist, Setlist.show_id == Show.id)
        .where(Setlist.is_failed)
        .group_by(Artist.id, Artist.name, Artist.slug)
        .order_by(Artist.name)
    ).all()
    return [
        {
            "name": name,
            "slug": slug,
            "setlists": setlists,
            "retry_at": backoff.retry_at(catalog_retry_key(artist_id)),
        }
        for artist_id, name, slug, setlists in rows
    ]


def queue_overview(runner: Runner) -> dict:
    """Queue lengths and failed jobs (RQ), or the jobs running inline."""
    if isinstance(runner, InlineRunner):
        return {"mode": "inline", "running": runner.running(), "queues": {}, "failed": []}
    queues = queues_for(runner.connection)
    failed = []
    for queue in queues:
        registry = queue.failed_job_registry
        for job in Job.fetch_many(registry.get_job_ids(0, 49), connection=runner.connection):
            if job is not None:
                error = (job.latest_result().exc_string if job.latest_result() else "") or ""
                failed.append(
                    {
                        "id": job.id,
                        "queue": queue.name,
                        "call": job.func_name,
                        "error": error.strip()[-400:],
                    }
                )
    return {
        "mode": "rq",
        "running": [],
        "queues": {queue.name: len(queue) for queue in queues},
        "failed": failed,
    }


@dataclass(frozen=True)
class PeriodicStatus:
    """One periodic job as /admin shows it."""

    name: str
    last_run: datetime | None
    report: str
    next_run: datetime | None


def last_runs(connection: redis.Redis, names: Iterable[str]) -> list[PeriodicStatus]:
    """Each periodic job's last run, what it reported, and its next run."""
    last, upcoming = connection.hgetall(LAST_RUN_KEY), connection.hgetall(NEXT_RUN_KEY)
    statuses = []
    for name in names:
        run = json.loads(last[name.encode()]) if name.encode() in last else {}
        next_run = upcoming.get(name.encode())
        statuses.append(
            PeriodicStatus(
                name=name,
                last_run=datetime.fromisoformat(run["at"]) if run else None,
                report=run.get("report", ""),
                next_run=datetime.fromisoformat(next_run.decode()) if next_run else None,
            )
        )
    return statuses
