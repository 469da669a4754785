"""The JSON API's shapes: what the templates are to pages, these are to the API."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import url_for

from ..models import Artist, Show, Venue
from ..services.leaderboard import FanRecord
from ..services.search import SearchResult
from ..services.setlist_view import SetlistView
from ..services.show_results import ShowResult


def _iso(value: datetime | date | time | None) -> str | None:
    return value.isoformat() if value is not None else None


def search_result(result: SearchResult) -> dict:
    """A Ticketmaster search hit; `url` selects (imports) it."""
    return {
        "tm_id": result.tm_id,
        "name": result.name,
        "image_url": result.image_url,
        "upcoming_shows": result.upcoming_shows,
        "url": url_for("artists.select", attraction_id=result.tm_id, _external=True),
    }


def artist(row: Artist) -> dict:
    """An artist's own fields."""
    return {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "tm_id": row.tm_id,
        "spotify_id": row.spotify_id,
        "image_url": row.image_url,
        "genres": list(row.genres or []),
        "popularity": row.popularity,
        "followers": row.followers,
        "url": url_for("artists.detail", slug=row.slug, _external=True),
    }


def venue(row: Venue | None) -> dict | None:
    """A venue, or None for a show without one."""
    if row is None:
        return None
    return {
        "id": row.id,
        "name": row.name,
        "address": row.address,
        "city": row.city,
        "state": row.state,
        "country": row.country,
        "postal_code": row.postal_code,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "timezone": row.timezone,
    }


def show(row: Show) -> dict:
    """A show's own fields and its venue."""
    return {
        "id": row.id,
        "tm_id": row.tm_id,
        "name": row.name,
        "starts_at": _iso(row.starts_at),
        "local_date": _iso(row.local_date),
        "local_time": _iso(row.local_time),
        "status": row.status,
        "ticket_url": row.ticket_url,
        "image_url": row.image_url,
        "url": url_for("shows.detail", show_id=row.id, _external=True),
        "venue": venue(row.venue),
    }


def artist_with_shows(row: Artist, shows: list[Show]) -> dict:
    """An artist and their upcoming shows."""
    return {**artist(row), "shows": [show(item) for item in shows]}


def show_with_artist(row: Show) -> dict:
    """A show with its venue and artist."""
    return {**show(row), "artist": artist(row.artist)}


def setlist(view: SetlistView) -> dict:
    """The crowd's setlist, most votes first; `voted` is the signed-in fan's."""
    return {
        "show_id": view.setlist.show_id,
        "status": view.setlist.status,
        "songs": [
            {
                "id": song.id,
                "votes": song.votes,
                "voted": song.voted,
                "suggested": song.track.from_fans,
                "track": {
                    "id": song.track.id,
                    "name": song.track.name,
                    "spotify_id": song.track.spotify_id,
                    "spotify_url": song.track.spotify_url,
                },
            }
            for song in view.rows
        ],
    }


def actual(show_id: int, result: ShowResult | None, *, off: bool) -> dict:
    """What the show actually played, from setlist.fm, against the crowd's prediction."""
    if off or result is None:
        return {
            "show_id": show_id,
            "status": "off" if off else "waiting",
            "source_url": None,
            "songs": [],
            "accuracy": None,
        }
    accuracy = result.accuracy
    return {
        "show_id": show_id,
        "status": result.actual.status,
        "source_url": result.actual.source_url,
        "songs": [
            {
                "position": row.song.position,
                "name": row.song.name,
                "set": row.song.set_number,
                "encore": row.song.encore,
                "tape": row.song.tape,
                "cover": row.song.cover,
                "track_id": row.song.track_id,
                "crowd_rank": row.crowd_rank,
                "crowd_votes": row.crowd_votes,
            }
            for row in result.played
        ],
        "accuracy": accuracy
        and {
            "predicted": accuracy.predicted,
            "played": accuracy.played,
            "hits": accuracy.hits,
            "precision": round(accuracy.precision, 4),
            "recall": round(accuracy.recall, 4),
        },
    }


def leaderboard(fans: list[FanRecord]) -> dict:
    """Fans by songs called, then precision; names as each fan chose (else initials)."""
    return {
        "fans": [
            {
                "name": fan.name,
                "shows": fan.shows,
                "hits": fan.hits,
                "precision": round(fan.precision, 4),
            }
            for fan in fans
        ]
    }
