"""A show with a ready setlist, for the embed, oEmbed and API tests."""

from __future__ import annotations

from theset.extensions import db
from theset.models import Setlist, SetlistSong, Show

from .factories import make_show, make_track

SONG_NAMES = ("Paper Lanterns", "Night Ferry", "Salt & Static", "Harbour Lights", "Tidewater")


def ready_show(votes=(0, 3, 1), **show_fields) -> tuple[Show, list[SetlistSong]]:
    """A committed show whose setlist is ready, one song per entry of `votes`."""
    show = make_show(**show_fields)
    tracks = [make_track(artist=show.artist, name=name) for name in SONG_NAMES[: len(votes)]]
    setlist = Setlist(show=show, status="ready")
    songs = [
        SetlistSong(setlist=setlist, track=track, votes=count)
        for track, count in zip(tracks, votes, strict=True)
    ]
    db.session.add_all([setlist, *songs])
    db.session.commit()
    return show, songs
