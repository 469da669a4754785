"""Rate limits (Flask-Limiter on Redis): protect the Ticketmaster quota, votes and sign-in.

A fan is limited by account, an anonymous visitor by address. Too many requests
answer 429 with Retry-After, as a page, a fragment or JSON like every error.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

SEARCH = "30 per minute"  # each miss of the 60 s micro-cache costs a Ticketmaster call
VOTE = "120 per minute"
SIGN_IN = "10 per minute"


def fan_or_address() -> str:
    """Who is asking: the signed-in fan, else the client's address."""
    if current_user and current_user.is_authenticated:
        return f"fan:{current_user.id}"
    return f"ip:{get_remote_address()}"


limiter = Limiter(
    key_func=fan_or_address,
    headers_enabled=True,
    # Redis down must not take pages down: limits then apply per process.
    swallow_errors=True,
    in_memory_fallback_enabled=True,
    key_prefix="theset:limits",
)


def init_app(app: Flask) -> None:
    """Count in the app's Redis (or in memory on the embedded default)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    limiter.init_app(app)
