"""Shared set-up for the benchmarks: a fresh PostgreSQL database, Redis, data, gunicorn.

Settings: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/theset_bench,
dropped and created), BENCH_REDIS_URL (default redis://127.0.0.1:6379/13, flushed).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.processes import gunicorn as serve  # noqa: E402 - after the path is set

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/theset_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SECRET = "benchmark-secret"
CONNECTIONS = 50  # wrk's connections: the "50 clients" of the goals
USER_AGENT = "theset-bench"  # sent by every benchmark client; part of the session's identity


@dataclass
class Fan:
    user_id: int
    cookie: str
    csrf: str


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def fresh_database() -> None:
    """Drop and create the benchmark database, then migrate it."""
    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
    )


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TICKETMASTER", "SPOTIFY"))}
    env.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        SECRET_KEY=SECRET,
        THESET_INSTANCE_PATH=tempfile.mkdtemp(prefix="theset-bench-"),
        **extra,
    )
    return env


def app():
    """The app as the benchmark's gunicorn sees it (for set-up and cookies)."""
    os.environ.update(_env())
    from theset import create_app

    return create_app()


def setlist_with_fans(songs: int, fans: int) -> tuple[int, list[int], list[Fan]]:
    """A show with a ready setlist of `songs` songs and `fans` signed-in fans."""
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from theset.extensions import db
    from theset.models import Artist, Setlist, SetlistSong, Show, Track, User, utcnow
    from theset.services.sessions import start_session

    flask_app = app()
    with flask_app.app_context():
        artist = Artist(name="Bench Band", slug="bench-band", tm_id="bench")
        show = Show(
            tm_id="bench-show",
            artist=artist,
            name="Bench Night",
            starts_at=utcnow().replace(year=utcnow().year + 1),
            tm_synced_at=utcnow(),
        )
        setlist = Setlist(show=show, status="ready")
        rows = [
            SetlistSong(
                setlist=setlist, track=Track(artist=artist, spotify_id=f"t{n}", name=f"Song {n}")
            )
            for n in range(songs)
        ]
        users = [User(spotify_id=f"bench{n}", display_name=f"Fan {n}") for n in range(fans)]
        db.session.add_all([setlist, *rows, *users])
        db.session.commit()
        show_id, song_ids = show.id, [row.id for row in rows]
        user_ids = [user.id for user in users]
    serializer = flask_app.session_interface.get_signing_serializer(flask_app)
    signed = []
    for user_id in user_ids:
        # The session a real sign-in leaves (flask-login's identifier included), so a
        # request does not rewrite the cookie on every response.
        client = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": USER_AGENT}
        with flask_app.test_request_context("/", environ_base=client):
            user = db.session.get(User, user_id)
            start_session(user)  # the server-side sign-in the cookie names
            login_user(user)
            token = generate_csrf()
            signed.append(Fan(user_id, serializer.dumps(dict(session)), token))
    return show_id, song_ids, signed


@contextlib.contextmanager
def gunicorn_process(workers: int = 2, **settings: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`gunicorn wsgi:app` with `workers` gevent workers on the benchmark's data (plus
    `settings` as environment variables); its URL and its master process."""
    with serve(_env(**settings), workers) as served:
        yield served


@contextlib.contextmanager
def gunicorn(workers: int = 2, **settings: str) -> Iterator[str]:
    """As `gunicorn_process`; its URL."""
    with gunicorn_process(workers, **settings) as (url, _server):
        yield url


def wrk(url: str, seconds: float, script: str | None = None, args: tuple = ()) -> dict:
    """Run wrk; requests/s, request count, and the p50/p99 latency as wrk prints them.

    A run with any non-2xx/3xx answer, socket error or timeout is not a result: it raises.
    """
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{int(seconds)}s", "--latency", url]
    # A slow answer is a latency to report, not a lost request: wait up to 10 s for it.
    command[1:1] = ["--timeout", "10s"]
    if script:
        command[1:1] = ["-s", script]
        command += ["--", *map(str, args)]
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    out = run.stdout
    # A Lua error goes to stderr, and wrk carries on.
    if "Non-2xx" in out or "Socket errors" in out or run.stderr:
        raise RuntimeError(f"errors during the run:\n{out}{run.stderr}")
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1),
        "p99": re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1),
    }


def commit_and_date() -> str:
    """The commit measured and when, for the figures' header."""
    head = subprocess.run(
        ["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    when = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True)
    return f"commit {head}; {when.stdout.strip()}"


def summary(run: dict) -> str:
    """One wrk run as a line: rate and latency."""
    return f"{run['rate']:8.0f} req/s  p50 {run['p50']:>8}  p99 {run['p99']:>8}"
