"""The app's upstream clients and TTL cache, built once per app from its settings.

In demo mode the bundled catalog is mounted as a transport adapter on the
clients' own sessions: every layer above the transport runs as in production.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from flask import Flask, current_app

from . import redis_client
from .cache import Backoff, TTLCache
from .providers.setlistfm import SetlistFmClient
from .providers.spotify import SpotifyClient
from .providers.ticketmaster import TicketmasterClient

EXTENSION_KEY = "theset.upstream"


@dataclass(frozen=True)
class Upstream:
    """What the services need to reach Ticketmaster, Spotify and setlist.fm.

    `setlistfm` is None when no key is set outside demo mode: actual setlists are off.
    """

    ticketmaster: TicketmasterClient
    spotify: SpotifyClient
    cache: TTLCache
    setlistfm: SetlistFmClient | None = None


def build(config, redis) -> Upstream:
    """Clients for `config`: real HTTP, or the demo catalog behind the same code."""
    session = requests.Session()
    if config["DEMO_MODE"]:
        from .demo.transport import mount_demo_transport

        mount_demo_transport(session)
    options = config.get("UPSTREAM_OPTIONS", {})
    return Upstream(
        ticketmaster=TicketmasterClient(
            api_key=config["TICKETMASTER_API_KEY"],
            base_url=config["TICKETMASTER_BASE_URL"],
            session=session,
            redis=redis,
            **options,
        ),
        spotify=SpotifyClient(
            client_id=config["SPOTIFY_CLIENT_ID"],
            client_secret=config["SPOTIFY_CLIENT_SECRET"],
            api_base=config["SPOTIFY_API_BASE_URL"],
            accounts_base=config["SPOTIFY_ACCOUNTS_BASE_URL"],
            session=session,
            redis=redis,
            **options,
        ),
        cache=TTLCache(redis, backoff=Backoff(redis, *config["RETRY_BACKOFF"])),
        setlistfm=(
            SetlistFmClient(
                api_key=config["SETLISTFM_API_KEY"],
                base_url=config["SETLISTFM_BASE_URL"],
                session=session,
                redis=redis,
                **options,
            )
            if config["SETLISTFM_API_KEY"]
            else None
        ),
    )


def init_app(app: Flask) -> None:
    """Build the app's upstream from its settings, on the app's Redis."""
    app.extensions[EXTENSION_KEY] = build(app.config, app.extensions[redis_client.EXTENSION_KEY])


def get_upstream() -> Upstream:
    """The current app's upstream."""
    return current_app.extensions[EXTENSION_KEY]
