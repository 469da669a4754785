"""The demo catalog behind the fake upstream, as the tests use it: a known artist, its first
show opened through the site, its rows gone stale, the day's budget spent."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from theset.cache import fresh_key
from theset.extensions import db
from theset.models import Artist, utcnow
from theset.redis_client import get_redis
from theset.upstream import get_upstream

ZOE = "K8vZ91mDDPm"  # Zoé Marchetti: linked to Spotify by Ticketmaster


def first_show_id(client: FlaskClient, tm_id: str = ZOE) -> int:
    """Import the artist through its search result; the id of its first show."""
    page = client.get(f"/artists/tm/{tm_id}", follow_redirects=True).text
    return int(page.split('href="/shows/', 1)[1].split('"', 1)[0])


def stale_artist(artist_id: int) -> Artist:
    """The artist with every source older than its TTL, as a day-old row would be."""
    artist = db.session.get(Artist, artist_id)
    artist.tm_synced_at = artist.spotify_synced_at = utcnow() - timedelta(days=8)
    artist.shows_synced_at = utcnow() - timedelta(days=2)
    db.session.commit()
    for kind in ("artist-tm", "artist-spotify", "shows"):
        get_redis().delete(fresh_key(kind, artist.id))
    return artist


def spend_share(kind: str) -> None:
    """Spend today's share of `kind` as if its calls had been made."""
    budget = get_upstream().ticketmaster.budget
    get_redis().set(budget.key(kind), budget.allowance(kind))
