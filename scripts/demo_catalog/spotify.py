"""The Spotify side: artists, albums with their tracks, and the demo fans, in Web API shapes."""

from __future__ import annotations

from theset.demo.spec import Fan, Release, Spec, SpotifyArtist
from theset.text import slugify

from .art import STATIC_URL, Art, initials
from .discography import discography
from .ids import base62, digest

SPOTIFY_API = "https://api.spotify.com/v1"
SPOTIFY_OPEN = "https://open.spotify.com"


def spotify_ref(kind: str, spotify_id: str, name: str) -> dict:
    return {
        "external_urls": {"spotify": f"{SPOTIFY_OPEN}/{kind}/{spotify_id}"},
        "href": f"{SPOTIFY_API}/{kind}s/{spotify_id}",
        "id": spotify_id,
        "name": name,
        "type": kind,
        "uri": f"spotify:{kind}:{spotify_id}",
    }


def spotify_images(path: str, sizes=(640, 300, 64)) -> list[dict]:
    return [{"height": size, "url": f"{STATIC_URL}/{path}", "width": size} for size in sizes]


def spotify_artist(art: Art, spec: SpotifyArtist) -> dict:
    spotify_id = base62(22, "spotify:artist", spec.slug)
    record = {"external_urls": {"spotify": f"{SPOTIFY_OPEN}/artist/{spotify_id}"}}
    if spec.stats:
        record["followers"] = {"href": None, "total": spec.stats.followers}
        record["genres"] = spec.stats.genres
    record["href"] = f"{SPOTIFY_API}/artists/{spotify_id}"
    record["id"] = spotify_id
    if spec.images:
        path = art.add(
            f"artists/{spec.slug}.svg", spec.name, initials(spec.name), 640, 640, spec.slug
        )
        record["images"] = spotify_images(path, (640, 320, 160))
    else:
        record["images"] = []
    record["name"] = spec.name
    if spec.stats:
        record["popularity"] = spec.stats.popularity
    record["type"] = "artist"
    record["uri"] = f"spotify:artist:{spotify_id}"
    return record


def release_records(
    art: Art, artist: dict, release: Release, explicit: bool, featuring: dict[str, dict]
) -> tuple[dict, list[dict]]:
    """One album or single with its simplified tracks; `featuring` maps song names to guests."""
    key = f"{artist['id']}:{release.name}:{release.type}"
    album_id = base62(22, "spotify:album", key)
    cover = art.add(
        f"albums/{slugify(artist['name'])}-{slugify(release.name)}.svg",
        f"{release.name} by {artist['name']}",
        initials(release.name),
        640,
        640,
    )
    owner = spotify_ref("artist", artist["id"], artist["name"])
    album = {
        "album_type": release.type,
        "artists": [owner],
        "external_urls": {"spotify": f"{SPOTIFY_OPEN}/album/{album_id}"},
        "href": f"{SPOTIFY_API}/albums/{album_id}",
        "id": album_id,
        "images": spotify_images(cover),
        "name": release.name,
        "release_date": release.released,
        "release_date_precision": {4: "year", 7: "month"}.get(len(release.released), "day"),
        "total_tracks": len(release.tracks),
        "type": "album",
        "uri": f"spotify:album:{album_id}",
    }
    items = []
    for number, song in enumerate(release.tracks, start=1):
        guest = featuring.get(song)
        title = f"{song} (feat. {guest['name']})" if guest else song
        track_id = base62(22, "spotify:track", key, str(number), title)
        items.append(
            {
                "artists": [owner, guest] if guest else [owner],
                "disc_number": 1,
                "duration_ms": 150_000 + digest(track_id) % 180_000,
                "explicit": explicit and digest(track_id, "explicit") % 3 != 0,
                "external_urls": {"spotify": f"{SPOTIFY_OPEN}/track/{track_id}"},
                "href": f"{SPOTIFY_API}/tracks/{track_id}",
                "id": track_id,
                "is_local": False,
                "name": title,
                "track_number": number,
                "type": "track",
                "uri": f"spotify:track:{track_id}",
            }
        )
    return album, items


def spotify_user(art: Art, fan: Fan, ids: dict[str, str]) -> dict:
    """A demo fan: their Spotify profile and the artists they follow and listen to most."""
    avatar = art.add(f"fans/{fan.id}.svg", fan.name, initials(fan.name), 300, 300)
    profile = {
        "account_id": base62(22, "spotify:account", fan.id),
        "country": fan.country,
        "display_name": fan.name,
        "email": f"{fan.id.replace('_', '.')}@example.com",
        "explicit_content": {"filter_enabled": False, "filter_locked": False},
        "external_urls": {"spotify": f"{SPOTIFY_OPEN}/user/{fan.id}"},
        "followers": {"href": None, "total": digest(fan.id) % 40},
        "href": f"{SPOTIFY_API}/users/{fan.id}",
        "id": fan.id,
        "images": spotify_images(avatar, (300, 64)),
        "product": fan.product,
        "type": "user",
        "uri": f"spotify:user:{fan.id}",
    }
    return {
        "profile": profile,
        "followed_artist_ids": [ids[slug] for slug in fan.follows],
        "top_artist_ids": [ids[slug] for slug in fan.top_artists],
    }


def build_spotify(art: Art, spec: Spec) -> tuple[dict, dict[str, str]]:
    """The Spotify catalog, and every Spotify artist's id by slug."""
    specs = [a for a in spec.artists.values() if a.spotify != "none"]
    specs += spec.spotify_only.values()
    artists = {s.slug: spotify_artist(art, s) for s in specs}
    refs = {slug: spotify_ref("artist", a["id"], a["name"]) for slug, a in artists.items()}
    albums, album_tracks = [], {}
    for artist in specs:
        featuring = {song: refs[slug] for song, slug in artist.featuring.items()}
        for release in artist.releases or discography(artist):
            album, tracks = release_records(
                art, artists[artist.slug], release, artist.explicit, featuring
            )
            albums.append(album)
            album_tracks[album["id"]] = tracks
    ids = {slug: a["id"] for slug, a in artists.items()}
    catalog = {
        "about": "Fictional demo catalog in Spotify Web API shapes; "
        "see scripts/build_demo_catalog.py.",
        "artists": list(artists.values()),
        "albums": albums,
        "album_tracks": album_tracks,
        "users": [spotify_user(art, fan, ids) for fan in spec.fans.values()],
    }
    return catalog, ids
