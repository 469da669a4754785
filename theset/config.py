"""Settings from the environment, exactly as INTERFACE.md names them.

Demo mode is on exactly when TICKETMASTER_API_KEY is unset: the bundled demo
catalog answers through the real clients and no secret is required. Outside
demo mode a missing secret stops the app with a message naming it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from .cache import RETRY_CAP, RETRY_FIRST

DEFAULT_TICKETMASTER_BASE_URL = "https://app.ticketmaster.com/discovery/v2"
DEFAULT_SPOTIFY_API_BASE_URL = "https://api.spotify.com/v1"
DEFAULT_SPOTIFY_ACCOUNTS_BASE_URL = "https://accounts.spotify.com"
DEFAULT_SETLISTFM_BASE_URL = "https://api.setlist.fm/rest/1.0"
DEFAULT_PORT = "5000"  # scripts/run serves the demo here
MAX_PROXY_HOPS = 10
# Forms and JSON carry a token and a song name at most; a larger body is refused unread.
MAX_BODY_BYTES = 8 * 1024


class ConfigError(RuntimeError):
    """A setting is missing or invalid; the message names it."""


def database_url(raw: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL: PostgreSQL through psycopg 3, else a SQLite file."""
    if not raw:
        return f"sqlite:///{Path(instance_path, 'theset.sqlite3')}"
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def demo_secret_key(instance_path: str) -> str:
    """A secret generated once and kept in the instance folder (demo mode only)."""
    path = Path(instance_path, "secret_key")
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def validate_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The non-empty settings; raise ConfigError naming the first unusable one."""
    env = {key: value.strip() for key, value in environ.items() if value and value.strip()}
    if "TICKETMASTER_API_KEY" in env:
        for name in (
            "SECRET_KEY",
            "SPOTIFY_CLIENT_ID",
            "SPOTIFY_CLIENT_SECRET",
            "THESET_PUBLIC_URL",
        ):
            if name not in env:
                raise ConfigError(
                    f"{name} is not set; it is required when TICKETMASTER_API_KEY is set "
                    "(unset TICKETMASTER_API_KEY to run on the demo catalog)"
                )
    jobs = env.get("THESET_JOBS")
    if jobs not in (None, "rq", "inline"):
        raise ConfigError(f"THESET_JOBS must be 'rq' or 'inline', not {jobs!r}")
    if jobs == "rq" and "REDIS_URL" not in env:
        raise ConfigError("THESET_JOBS=rq needs REDIS_URL")
    try:
        scale = float(env.get("THESET_PERIODS_SCALE", "1"))
    except ValueError:
        scale = 0
    if not scale > 0:
        raise ConfigError("THESET_PERIODS_SCALE must be a number above 0, like 1 or 0.001")
    if "THESET_PUBLIC_URL" in env:
        public_origin(env["THESET_PUBLIC_URL"])
    hops = env.get("THESET_PROXY_HOPS", "0")
    if not (hops.isdigit() and int(hops) <= MAX_PROXY_HOPS):
        raise ConfigError(
            "THESET_PROXY_HOPS must be the number of proxies in front of TheSet, 0 to "
            f"{MAX_PROXY_HOPS}"
        )
    return env


def public_origin(url: str) -> str:
    """`url` as an origin (scheme://host[:port], no trailing slash); ConfigError otherwise."""
    parts = urlsplit(url.rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise ConfigError(
            f"THESET_PUBLIC_URL must be an origin like https://theset.example, not {url!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


def load_config(environ: Mapping[str, str], instance_path: str) -> dict:
    """Build the Flask config from environment variables; raise ConfigError when unusable."""
    env = validate_environment(environ)
    demo_mode = "TICKETMASTER_API_KEY" not in env
    redis_url = env.get("REDIS_URL")
    jobs = env.get("THESET_JOBS", "rq" if redis_url else "inline")
    public_url = public_origin(
        env.get("THESET_PUBLIC_URL", f"http://127.0.0.1:{env.get('PORT', DEFAULT_PORT)}")
    )
    return {
        "DEMO_MODE": demo_mode,
        # Absolute URLs are built from this origin, never from the request's Host.
        "THESET_PUBLIC_URL": public_url,
        # How many reverse proxies' X-Forwarded-* headers to believe (0: none).
        "THESET_PROXY_HOPS": int(env.get("THESET_PROXY_HOPS", "0")),
        "SECRET_KEY": env.get("SECRET_KEY") or demo_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL"), instance_path),
        "REDIS_URL": redis_url,
        "THESET_JOBS": jobs,
        # Periodic jobs run this many times their usual period apart (tests shorten them).
        "THESET_PERIODS_SCALE": float(env.get("THESET_PERIODS_SCALE", "1")),
        "TICKETMASTER_API_KEY": env.get("TICKETMASTER_API_KEY", "demo"),
        "TICKETMASTER_BASE_URL": env.get(
            "TICKETMASTER_BASE_URL", DEFAULT_TICKETMASTER_BASE_URL
        ).rstrip("/"),
        "SPOTIFY_CLIENT_ID": env.get("SPOTIFY_CLIENT_ID", "demo"),
        "SPOTIFY_CLIENT_SECRET": env.get("SPOTIFY_CLIENT_SECRET", "demo"),
        "SPOTIFY_API_BASE_URL": env.get(
            "SPOTIFY_API_BASE_URL", DEFAULT_SPOTIFY_API_BASE_URL
        ).rstrip("/"),
        "SPOTIFY_ACCOUNTS_BASE_URL": env.get(
            "SPOTIFY_ACCOUNTS_BASE_URL", DEFAULT_SPOTIFY_ACCOUNTS_BASE_URL
        ).rstrip("/"),
        # None (outside demo mode): actual setlists are off.
        "SETLISTFM_API_KEY": env.get("SETLISTFM_API_KEY", "demo" if demo_mode else None),
        "SETLISTFM_BASE_URL": env.get("SETLISTFM_BASE_URL", DEFAULT_SETLISTFM_BASE_URL).rstrip("/"),
        "THESET_ADMINS": frozenset(
            admin.strip() for admin in env.get("THESET_ADMINS", "").split(",") if admin.strip()
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not demo_mode,
        "SESSION_COOKIE_NAME": "session" if demo_mode else "__Host-session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not demo_mode,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # (first, longest) wait before a failed upstream read or import is tried again.
        "RETRY_BACKOFF": (RETRY_FIRST, RETRY_CAP),
        # Seconds before each retry of a failed RQ job; then it has failed for good.
        "JOB_RETRY_INTERVALS": (5, 15, 30),
        # Flask-Compress: brotli, else gzip, for pages, fragments and JSON.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
    }
