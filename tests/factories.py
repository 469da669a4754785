"""Factories for model rows: sensible defaults, unique ids, any field overridable."""

from __future__ import annotations

import itertools
from datetime import timedelta

from theset.extensions import db
from theset.models import Artist, Show, Track, User, Venue, utcnow

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def _save(row):
    db.session.add(row)
    db.session.flush()
    return row


def make_user(**fields) -> User:
    n = _next()
    fields.setdefault("spotify_id", f"fan{n}")
    fields.setdefault("display_name", f"Fan {n}")
    return _save(User(**fields))


def make_artist(**fields) -> Artist:
    n = _next()
    fields.setdefault("tm_id", f"K8vZ9{n:06d}")
    fields.setdefault("name", f"Artist {n}")
    fields.setdefault("slug", f"artist-{n}")
    return _save(Artist(**fields))


def make_venue(**fields) -> Venue:
    n = _next()
    fields.setdefault("tm_id", f"KovZpZA{n:06d}")
    fields.setdefault("name", f"Venue {n}")
    fields.setdefault("city", "Chicago")
    fields.setdefault("country", "US")
    fields.setdefault("timezone", "America/Chicago")
    return _save(Venue(**fields))


def make_show(artist: Artist | None = None, venue: Venue | None = None, **fields) -> Show:
    n = _next()
    starts_at = fields.setdefault("starts_at", utcnow() + timedelta(days=30))
    fields.setdefault("tm_id", f"vvG1{n:06d}")
    fields.setdefault("name", f"Show {n}")
    fields.setdefault("local_date", starts_at.date() if starts_at else None)
    return _save(Show(artist=artist or make_artist(), venue=venue or make_venue(), **fields))


def make_track(artist: Artist | None = None, **fields) -> Track:
    n = _next()
    fields.setdefault("spotify_id", f"trk{n:019d}")
    fields.setdefault("name", f"Song {n}")
    return _save(Track(artist=artist or make_artist(), **fields))
