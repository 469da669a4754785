"""Build the fictional demo catalog and its SVG art: `python -m theset.demo.build_catalog`.

The artists, venues, shows and fans are declared in data/*.toml (read by spec.py), and every
one of them is invented; this module turns them into Ticketmaster and Spotify records and SVG
art. The
output is deterministic (ids and numbers come from SHA-256 of fixed strings), so running the
script again rewrites theset/demo/catalog/*.json and static/demo/**.svg byte for byte. Event
dates are stored relative to the anchor date; the transport moves it to today.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.sax.saxutils import escape  # escapes SVG text we write; nothing is parsed  # nosec B406
from zoneinfo import ZoneInfo

from ..text import slugify
from .spec import Artist, Fan, Release, Show, Spec, SpotifyArtist, Venue, load_spec

PACKAGE_DIR = Path(__file__).resolve().parent
CATALOG_DIR = PACKAGE_DIR / "catalog"
STATIC_DIR = PACKAGE_DIR.parent.parent / "static" / "demo"
STATIC_URL = "/static/demo"
SPOTIFY_API = "https://api.spotify.com/v1"
SPOTIFY_OPEN = "https://open.spotify.com"
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


# --- helpers -------------------------------------------------------------------------------


def digest(*parts: str) -> int:
    """A stable integer from strings (the only source of 'randomness' here)."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest(), "big")


def base62(length: int, *parts: str) -> str:
    number = digest(*parts)
    chars = []
    for _ in range(length):
        number, rest = divmod(number, 62)
        chars.append(BASE62[rest])
    return "".join(chars)


def utc_text(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_to_utc(day: date, clock: time, zone: str) -> str:
    return utc_text(datetime.combine(day, clock, ZoneInfo(zone)))


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


# --- SVG art -------------------------------------------------------------------------------


def initials(name: str) -> str:
    words = [
        w
        for w in re.findall(r"\w+", name)
        if len(w) > 1
        and not w.isdigit()
        and w.lower() not in {"the", "los", "dr", "de", "to", "and"}
    ]
    if len(words) == 1:
        return words[0][:2].capitalize()
    return "".join(word[0].upper() for word in words[:2]) or "♪"


def svg(title: str, label: str, width: int, height: int, seed: str) -> str:
    hue = digest(seed) % 360
    other = (hue + 40 + digest(seed, "2") % 80) % 360
    size = min(width, height) * (0.36 if len(label) < 3 else 0.26)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="t">\n'
        f'<title id="t">{escape(title)}</title>\n'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue},62%,42%)"/>'
        f'<stop offset="1" stop-color="hsl({other},58%,22%)"/></linearGradient></defs>\n'
        f'<rect width="{width}" height="{height}" fill="url(#g)"/>\n'
        f'<circle cx="{width * 0.82:.0f}" cy="{height * 0.2:.0f}" '
        f'r="{min(width, height) * 0.3:.0f}" fill="#fff" fill-opacity=".08"/>\n'
        f'<text x="50%" y="50%" dy=".35em" text-anchor="middle" '
        f'font-family="system-ui,-apple-system,Segoe UI,sans-serif" font-size="{size:.0f}" '
        f'font-weight="700" fill="#fff" fill-opacity=".92">{escape(label)}</text>\n</svg>\n'
    )


class Art:
    """Collects the SVG files to write, keyed by their path under static/demo."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def add(
        self, path: str, title: str, label: str, width: int, height: int, seed: str = ""
    ) -> str:
        self.files[path] = svg(title, label, width, height, seed or path)
        return path


def tm_images(art: Art, slug: str, name: str) -> list[dict]:
    wide = art.add(f"artists/{slug}-16_9.svg", name, initials(name), 1024, 576, slug)
    photo = art.add(f"artists/{slug}-3_2.svg", name, initials(name), 640, 427, slug)
    return [
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 1024,
            "height": 576,
            "fallback": False,
        },
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 640,
            "height": 360,
            "fallback": False,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 640,
            "height": 427,
            "fallback": False,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 305,
            "height": 203,
            "fallback": False,
        },
    ]


def fallback_images(art: Art) -> list[dict]:
    wide = art.add("fallback-16_9.svg", "Live music", "♪", 1024, 576)
    photo = art.add("fallback-3_2.svg", "Live music", "♪", 640, 427)
    return [
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 1024,
            "height": 576,
            "fallback": True,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 305,
            "height": 203,
            "fallback": True,
        },
    ]


# --- Spotify -------------------------------------------------------------------------------


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
        title, artists = (
            (f"{song} (feat. {guest['name']})", [owner, guest]) if guest else (song, [owner])
        )
        track_id = base62(22, "spotify:track", key, str(number), title)
        items.append(
            {
                "artists": artists,
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


def shifted(released: str, days: int) -> str:
    """A release date `days` after another; keeps the precision of the original."""
    if len(released) < 10:
        return released
    return (date.fromisoformat(released) + timedelta(days=days)).isoformat()


def discography(artist: Artist) -> list[Release]:
    """An artist's two albums, their singles, and the non-studio versions the app filters out."""
    songs, (first, second) = artist.songs, artist.albums
    studio = [
        Release(name=first.name, released=first.released, type="album", tracks=songs[:9]),
        # the lead single, also on the album
        Release(
            name=songs[9], released=shifted(second.released, -70), type="single", tracks=songs[9:10]
        ),
        Release(name=second.name, released=second.released, type="album", tracks=songs[9:16]),
        Release(
            name=songs[16], released=shifted(second.released, 400), type="single", tracks=songs[16:]
        ),
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
        name, tracks = (
            f"{first.name} ({year + 6} Remaster)",
            [f"{song} - {year + 6} Remaster" for song in songs[:9]],
        )
        return Release(name=name, released=f"{year + 6}-05-07", type="album", tracks=tracks)
    if kind == "compilation":
        tracks = [songs[i] for i in (0, 9, 1, 10, 4, 13)]
        return Release(
            name="Grandes Éxitos", released="2024-11-29", type="compilation", tracks=tracks
        )
    raise ValueError(f"{artist.slug}: no release kind {kind!r}")


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
        "about": "Fictional demo catalog in Spotify Web API shapes; see build_catalog.py.",
        "artists": list(artists.values()),
        "albums": albums,
        "album_tracks": album_tracks,
        "users": [spotify_user(art, fan, ids) for fan in spec.fans.values()],
    }
    return catalog, ids


# --- Ticketmaster --------------------------------------------------------------------------


def classification(spec: Spec, artist: Artist, with_type: bool) -> dict:
    entry = {
        "primary": True,
        "segment": spec.segment,
        "genre": {"id": spec.genres[artist.genre], "name": artist.genre},
        "subGenre": {
            "id": "KZazBEonSMnZfZ7v" + base62(3, "subgenre", artist.subgenre),
            "name": artist.subgenre,
        },
    }
    if with_type:
        kind = spec.kinds[artist.kind]
        entry["type"], entry["subType"] = kind["type"], kind["subtype"]
    entry["family"] = False
    return entry


def build_attraction(
    art: Art, spec: Spec, artist: Artist, spotify_ids: dict[str, str], total: int
) -> dict:
    tm_id = "K8vZ91" + base62(5, "tm:attraction", artist.slug)
    record = {
        "name": artist.name,
        "type": "attraction",
        "id": tm_id,
        "test": False,
        "url": f"https://www.ticketmaster.com/{artist.slug}-tickets/artist/"
        f"{1_000_000 + digest(artist.slug) % 8_999_999}",
        "locale": "en-us",
    }
    if artist.spotify != "by-name":
        links = {
            "homepage": [{"url": f"https://{artist.slug}.example.com/"}],
            "instagram": [{"url": f"https://www.instagram.com/{artist.slug}.demo/"}],
        }
        if artist.spotify == "linked":
            spotify_id = spotify_ids[artist.slug]
            url = f"{SPOTIFY_OPEN}/artist/{spotify_id}{artist.spotify_link_suffix}"
            links["spotify"] = [{"url": url}]
        mbid = f"{digest(artist.slug, 'mb'):064x}"
        links["musicbrainz"] = [
            {"id": f"{mbid[:8]}-{mbid[8:12]}-4{mbid[13:16]}-8{mbid[17:20]}-{mbid[20:32]}"}
        ]
        record["externalLinks"] = links
    if artist.aliases:
        record["aliases"] = artist.aliases
    record["images"] = (
        fallback_images(art)
        if artist.spotify == "none"
        else tm_images(art, artist.slug, artist.name)
    )
    record["classifications"] = [classification(spec, artist, with_type=True)]
    record["upcomingEvents"] = {"ticketmaster": total, "_total": total, "_filtered": 0}
    record["_links"] = {"self": {"href": f"/discovery/v2/attractions/{tm_id}?locale=en-us"}}
    return record


def build_venue(spec: Spec, venue: Venue, total: int) -> dict:
    code = venue.country_code
    prefix = "KovZ917A" if code in ("US", "CA", "MX") else "Z198xZ" + code[0]
    venue_id = prefix + base62(12 - len(prefix), "tm:venue", venue.key)
    site = spec.countries[code].ticketmaster_site
    record = {
        "name": venue.name,
        "type": "venue",
        "id": venue_id,
        "test": False,
        "url": f"https://{site}/{slugify(venue.name)}-tickets-{slugify(venue.city)}/venue/"
        f"{100_000 + digest(venue.key) % 899_999}",
        "locale": "en-us",
        "postalCode": venue.postal_code,
        "timezone": venue.timezone,
        "city": {"name": venue.city},
    }
    if venue.state:
        record["state"] = {"name": venue.state, "stateCode": venue.state_code}
    record["country"] = {"name": venue.country, "countryCode": code}
    record["address"] = {"line1": venue.address}
    record["location"] = {"longitude": venue.longitude, "latitude": venue.latitude}
    if digest(venue.key, "info") % 3 == 0:
        record["generalInfo"] = {
            "generalRule": "No professional cameras. Bags are searched.",
            "childRule": "Under-14s must be accompanied by an adult.",
        }
    if digest(venue.key, "parking") % 2 == 0:
        record["parkingDetail"] = "Paid parking two blocks away; public transport recommended."
    record["upcomingEvents"] = {"ticketmaster": total, "_total": total, "_filtered": 0}
    record["_links"] = {"self": {"href": f"/discovery/v2/venues/{venue_id}?locale=en-us"}}
    return record


def build_event(spec: Spec, index: int, show: Show, attractions: dict, venues: dict) -> dict:
    venue, head = venues[show.venue], spec.artists[show.artists[0]]
    code, zone = venue["country"]["countryCode"], venue["timezone"]
    prefix = {"US": "vvG1", "CA": "vvG1", "MX": "Z7r9jZ1A"}.get(code, "G5v" + code[0])
    event_id = prefix + base62(16 - len(prefix), "tm:event", str(index), show.venue)
    day = spec.anchor_date + timedelta(days=show.day)
    start = {"localDate": day.isoformat()}
    if show.time:
        start["localTime"] = show.time.isoformat()
        start["dateTime"] = local_to_utc(day, show.time, zone)
    start.update(dateTBD=False, dateTBA=False, timeTBA=show.time is None, noSpecificTime=False)
    dates = {
        "start": start,
        "timezone": zone,
        "status": {"code": show.status},
        "spanMultipleDays": False,
    }
    if show.rescheduled_from_day is not None:
        first = spec.anchor_date + timedelta(days=show.rescheduled_from_day)
        dates["initialStartDate"] = {
            "localDate": first.isoformat(),
            "localTime": show.time.isoformat(),
            "dateTime": local_to_utc(first, show.time, zone),
        }
    sale_start = local_to_utc(day - timedelta(days=120), time(10), zone)
    sale_end = start.get("dateTime") or local_to_utc(day, time(20), zone)
    name = show.name or (head.name if digest(event_id) % 2 else f"{head.name}: {head.tour}")
    city = slugify(venue["city"]["name"])
    site = spec.countries[code].ticketmaster_site
    record = {
        "name": name,
        "type": "event",
        "id": event_id,
        "test": False,
        "url": f"https://{site}/{head.slug}-{city}-tickets/event/{event_id}",
        "locale": "en-us",
        "images": attractions[head.slug]["images"],
        "sales": {
            "public": {
                "startDateTime": sale_start,
                "startTBD": False,
                "startTBA": False,
                "endDateTime": sale_end,
            }
        },
        "dates": dates,
        "classifications": [classification(spec, head, with_type=False)],
    }
    if digest(event_id, "promoter") % 2 == 0:
        record["promoter"] = {
            "id": "4242",
            "name": "LANTERNFISH PRESENTS",
            "description": f"LANTERNFISH PRESENTS / NTL / {code}",
        }
        record["promoters"] = [record["promoter"]]
    if digest(event_id, "prices") % 3 != 0:
        low = 25 + digest(event_id, "low") % 40
        high = low + 20 + digest(event_id, "high") % 90
        if code == "JP":
            low, high = low * 150, high * 150
        currency = spec.countries[code].currency
        record["priceRanges"] = [
            {
                "type": "standard including fees",
                "currency": currency,
                "min": round(low * 1.15, 2),
                "max": round(high * 1.15, 2),
            },
            {"type": "standard", "currency": currency, "min": float(low), "max": float(high)},
        ]
    if show.status == "cancelled":
        record["info"] = "This event has been cancelled. Refunds go to the original payment."
    elif show.status == "rescheduled":
        record["pleaseNote"] = "This event has been rescheduled. Tickets remain valid."
    record["ageRestrictions"] = {"legalAgeEnforced": spec.venues[show.venue].legal_age_enforced}
    record["_links"] = {
        "self": {"href": f"/discovery/v2/events/{event_id}?locale=en-us"},
        "attractions": [{"href": attractions[s]["_links"]["self"]["href"]} for s in show.artists],
        "venues": [{"href": venue["_links"]["self"]["href"]}],
    }
    record["_embedded"] = {"venues": [venue], "attractions": [attractions[s] for s in show.artists]}
    return record


def build_ticketmaster(art: Art, spec: Spec, spotify_ids: dict[str, str]) -> dict:
    shows = list(spec.shows.values())
    attractions = {
        slug: build_attraction(
            art, spec, artist, spotify_ids, sum(slug in show.artists for show in shows)
        )
        for slug, artist in spec.artists.items()
    }
    venues = {
        key: build_venue(spec, venue, sum(show.venue == key for show in shows))
        for key, venue in spec.venues.items()
    }
    events = [
        build_event(spec, index, show, attractions, venues) for index, show in enumerate(shows)
    ]
    return {
        "about": "Fictional demo catalog in Ticketmaster Discovery v2 shapes; dates are "
        "stored relative to anchor_date and moved to today by the transport.",
        "anchor_date": spec.anchor_date.isoformat(),
        "attractions": list(attractions.values()),
        "venues": list(venues.values()),
        "events": events,
    }


# --- output --------------------------------------------------------------------------------


def build() -> tuple[dict, dict, dict[str, str]]:
    """The Ticketmaster catalog, the Spotify catalog and the SVG files (path -> text)."""
    art, spec = Art(), load_spec()
    spotify, spotify_ids = build_spotify(art, spec)
    ticketmaster = build_ticketmaster(art, spec, spotify_ids)
    return ticketmaster, spotify, art.files


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    ticketmaster, spotify, files = build()
    CATALOG_DIR.mkdir(parents=True, exist_ok=True)
    (CATALOG_DIR / "ticketmaster.json").write_text(dump(ticketmaster), encoding="utf-8")
    (CATALOG_DIR / "spotify.json").write_text(dump(spotify), encoding="utf-8")
    for path, text in sorted(files.items()):
        target = STATIC_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(
        f"wrote {len(ticketmaster['events'])} events, {len(spotify['artists'])} Spotify "
        f"artists, {len(spotify['albums'])} releases and {len(files)} images"
    )


if __name__ == "__main__":
    main()
