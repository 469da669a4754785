"""Factories for model rows: sensible defaults, unique ids, any field overridable."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select

from theset.extensions import db
from theset.models import (
    ActualSetlist,
    Artist,
    PlayedSong,
    Setlist,
    SetlistSong,
    Show,
    Track,
    User,
    Venue,
    Vote,
    utcnow,
)

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
    # Fresh by default, so pages do not ask the upstream APIs about made-up ids.
    fields.setdefault("tm_synced_at", utcnow())
    fields.setdefault("shows_synced_at", utcnow())
    # Spotify answered: with the artist's details, or that it has no such artist.
    stamp = "spotify_synced_at" if fields.get("spotify_id") else "spotify_match_checked_at"
    fields.setdefault(stamp, utcnow())
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
    fields.setdefault("tm_synced_at", utcnow())
    return _save(Show(artist=artist or make_artist(), venue=venue or make_venue(), **fields))


def make_track(artist: Artist | None = None, **fields) -> Track:
    n = _next()
    fields.setdefault("spotify_id", f"trk{n:019d}")
    fields.setdefault("name", f"Song {n}")
    return _save(Track(artist=artist or make_artist(), **fields))


def make_setlist(show: Show, songs: int = 3, votes: Sequence[int] = ()) -> list[SetlistSong]:
    """The show's ready setlist of `songs` new songs of its artist at no votes, or of one
    song per entry of `votes` with that many; its rows, in order."""
    setlist = _save(Setlist(show=show, status="ready"))
    counts = list(votes) or [0] * songs
    return [
        _save(SetlistSong(setlist=setlist, track=make_track(artist=show.artist), votes=count))
        for count in counts
    ]


def make_vote(show: Show, user: User | None = None, track: Track | None = None, **fields) -> Vote:
    """A vote on `track` (a new one by default) in the show's setlist, counted."""
    if show.setlist is None:
        make_setlist(show, songs=0)
    track = track or make_track(artist=show.artist)
    song = db.session.scalar(
        select(SetlistSong).filter_by(setlist_id=show.setlist.id, track_id=track.id)
    ) or _save(SetlistSong(setlist=show.setlist, track=track))
    song.votes += 1
    return _save(Vote(user=user or make_user(), setlist_song_id=song.id, **fields))


def make_actual(
    show: Show, songs: Sequence[str | tuple[str, bool]] = (), **fields
) -> ActualSetlist:
    """The show's actual setlist, found, of `songs` in order (a name, or (name, tape))."""
    fields.setdefault("status", "found" if songs else "waiting")
    fields.setdefault("source_url", f"https://www.setlist.fm/setlist/{show.id}.html")
    actual = _save(ActualSetlist(show=show, checks=1, checked_at=utcnow(), **fields))
    for position, song in enumerate(songs, start=1):
        name, tape = (song, False) if isinstance(song, str) else song
        _save(PlayedSong(actual=actual, position=position, name=name, set_number=1, tape=tape))
    return actual
