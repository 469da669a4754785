"""Spotify's artist, album, track and user objects as dataclasses, read from their JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..shapes import as_dict, as_int, as_list

MAX_IMAGE_WIDTH = 1024


@dataclass(frozen=True, slots=True)
class SpotifyArtist:
    """An artist; genres, popularity and followers are None when Spotify omits them."""

    id: str
    name: str
    url: str | None
    image_url: str | None
    genres: tuple[str, ...] | None
    popularity: int | None
    followers: int | None


@dataclass(frozen=True, slots=True)
class SpotifyAlbum:
    """An album or single; release_date keeps Spotify's precision (year, month or day)."""

    id: str
    name: str
    album_type: str | None
    release_date: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class SpotifyTrack:
    """A track; isrc is None for the simplified tracks of /albums/{id}/tracks."""

    id: str
    name: str
    url: str | None
    duration_ms: int | None
    isrc: str | None
    track_number: int | None
    disc_number: int | None


@dataclass(frozen=True, slots=True)
class SpotifyUser:
    """The signed-in user; account_id is the stable id to link accounts by (May 2026)."""

    id: str
    display_name: str | None
    email: str | None
    image_url: str | None
    account_id: str | None = None


def parse_artist(raw: dict[str, Any]) -> SpotifyArtist:
    """A SpotifyArtist from an artist object, full or simplified."""
    genres = raw.get("genres")
    followers = raw.get("followers")
    return SpotifyArtist(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        url=as_dict(raw.get("external_urls")).get("spotify"),
        image_url=_image_url(raw.get("images")),
        genres=tuple(str(g) for g in genres) if isinstance(genres, list) else None,
        popularity=as_int(raw.get("popularity")),
        followers=as_int(followers.get("total")) if isinstance(followers, dict) else None,
    )


def parse_album(raw: dict[str, Any]) -> SpotifyAlbum:
    """A SpotifyAlbum from an album object."""
    return SpotifyAlbum(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        album_type=raw.get("album_type"),
        release_date=raw.get("release_date"),
        url=as_dict(raw.get("external_urls")).get("spotify"),
    )


def parse_track(raw: dict[str, Any]) -> SpotifyTrack:
    """A SpotifyTrack from a full or simplified track object."""
    return SpotifyTrack(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        url=as_dict(raw.get("external_urls")).get("spotify"),
        duration_ms=as_int(raw.get("duration_ms")),
        isrc=as_dict(raw.get("external_ids")).get("isrc"),
        track_number=as_int(raw.get("track_number")),
        disc_number=as_int(raw.get("disc_number")),
    )


def parse_user(raw: dict[str, Any]) -> SpotifyUser:
    """A SpotifyUser from the /me object."""
    return SpotifyUser(
        id=str(raw.get("id", "")),
        display_name=raw.get("display_name"),
        email=raw.get("email"),
        image_url=_image_url(raw.get("images")),
        account_id=raw.get("account_id"),
    )


def _image_url(images: Any) -> str | None:
    """The widest image up to 1024 px, else the widest; Spotify may leave widths null."""
    usable = [i for i in as_list(images) if isinstance(i, dict) and i.get("url")]
    if not usable:
        return None
    small_enough = [i for i in usable if (as_int(i.get("width")) or 0) <= MAX_IMAGE_WIDTH]
    return max(small_enough or usable, key=lambda i: as_int(i.get("width")) or 0)["url"]
