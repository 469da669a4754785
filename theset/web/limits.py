"""Rate limits (Flask-Limiter on Redis): the Ticketmaster and Spotify quotas, votes, songs
suggested, sign-in.

Every route that can call upstream is limited: search, selecting an artist, and the
pages that may refresh stored data (one shared limit for all of them, `page_reads`).
A fan is limited by account, an anonymous visitor by address. Too many requests
answer 429 with Retry-After, as a page, a fragment or JSON like every error.
"""

from __future__ import annotations

import time

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from .errors import render_error

SEARCH = "30 per minute"  # each miss of the 60 s micro-cache costs a Ticketmaster call
SELECT = "10 per minute"  # selecting an artist we do not know costs Ticketmaster calls
# Pages refresh stale data from upstream (once per TTL); a page polls every 2 s at most.
PAGE_READS = "120 per minute"
VOTE = "120 per minute"
SUGGEST = "10 per hour"  # songs a fan may suggest by name (each may be a new track)
SUGGEST_REFUSED = "A fan may suggest 10 songs an hour. Please wait a while before suggesting more."
SIGN_IN = "10 per minute"
DASHBOARD_REFRESH = "1 per minute"  # each refresh costs a fan's Spotify calls


def fan_or_address() -> str:
    """Who is asking: the signed-in fan, else the client's address."""
    if current_user and current_user.is_authenticated:
        return f"fan:{current_user.id}"
    return f"ip:{get_remote_address()}"


limiter = Limiter(
    key_func=fan_or_address,
    # X-RateLimit-* headers on every response cost two Redis round trips per vote;
    # only a 429 says when to come back (Retry-After, below).
    headers_enabled=False,
    # Redis down must not take pages down: limits then apply per process.
    swallow_errors=True,
    in_memory_fallback_enabled=True,
    key_prefix="theset:limits",
)
page_reads = limiter.shared_limit(PAGE_READS, scope="page-reads")


def init_app(app: Flask) -> None:
    """Count in the app's Redis (or in memory on the embedded default)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, answer_too_many)


def answer_too_many(error: RateLimitExceeded):
    """The 429 page, fragment or JSON, with Retry-After: seconds until the window resets."""
    breached = limiter.current_limit
    wait = max(1, int(breached.reset_at - time.time())) if breached else 60
    body, status, headers = render_error(error)
    return body, status, [*headers, ("Retry-After", str(wait))]
