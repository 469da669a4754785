"""An artist's releases made from two albums and 17 songs (artists.toml describes how)."""

from __future__ import annotations

from datetime import date, timedelta

from theset.demo.spec import Artist, Release


def shifted(released: str, days: int) -> str:
    """A release date `days` after another; keeps the precision of the original."""
    if len(released) < 10:
        return released
    return (date.fromisoformat(released) + timedelta(days=days)).isoformat()


def discography(artist: Artist) -> list[Release]:
    """An artist's two albums, their singles, and the non-studio versions the app filters out."""
    songs, (first, second) = artist.songs, artist.albums
    lead_single = shifted(second.released, -70)  # its song is on the second album too
    late_single = shifted(second.released, 400)
    studio = [
        Release(name=first.name, released=first.released, type="album", tracks=songs[:9]),
        Release(name=songs[9], released=lead_single, type="single", tracks=songs[9:10]),
        Release(name=second.name, released=second.released, type="album", tracks=songs[9:16]),
        Release(name=songs[16], released=late_single, type="single", tracks=songs[16:]),
    ]
    return studio + [version(artist, kind) for kind in artist.extra_releases]


def version(artist: Artist, kind: str) -> Release:
    """One non-studio release of the kinds artists.toml's extra_releases names."""
    songs, (first, second) = artist.songs, artist.albums
    year = int(first.released[:4])
    if kind == "live":
        later = min(int(second.released[:4]) + 1, 2026)
        at = f"Live at {artist.live_venue}"
        tracks = [f"{songs[i]} {artist.live_dash} {at}" for i in (0, 3, 9, 11, 1)]
        return Release(name=at, released=f"{later}-06-12", type="album", tracks=tracks)
    if kind == "acoustic":
        tracks = [f"{songs[2]} (Acoustic)", f"{songs[5]} (Acoustic)", f"{songs[12]} (Demo)"]
        released = f"{min(year + 4, 2026)}-02-21"
        return Release(name=tracks[0], released=released, type="single", tracks=tracks)
    if kind == "remix":
        tracks = [f"{songs[10]} (Remix)", f"{songs[10]} (Instrumental)"]
        released = shifted(second.released, 120)
        return Release(name=tracks[0], released=released, type="single", tracks=tracks)
    if kind == "karaoke":
        name, released = f"{songs[9]} (Karaoke Version)", shifted(second.released, 200)
        tracks = [f"{songs[9]} - Karaoke Version"]
        return Release(name=name, released=released, type="single", tracks=tracks)
    if kind == "remaster":
        name, released = f"{first.name} ({year + 6} Remaster)", f"{year + 6}-05-07"
        tracks = [f"{song} - {year + 6} Remaster" for song in songs[:9]]
        return Release(name=name, released=released, type="album", tracks=tracks)
    if kind == "compilation":
        name, tracks = "Grandes Éxitos", [songs[i] for i in (0, 9, 1, 10, 4, 13)]
        return Release(name=name, released="2024-11-29", type="compilation", tracks=tracks)
    raise ValueError(f"{artist.slug}: no release kind {kind!r}")
