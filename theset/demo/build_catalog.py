"""Build the fictional demo catalog and its SVG art: `python -m theset.demo.build_catalog`.

The artists, venues, shows and fans are declared in catalog_spec.py, and every one of them
is invented; this module turns them into Ticketmaster and Spotify records and SVG art. The
output is deterministic (ids and numbers come from SHA-256 of fixed strings), so running the
script again rewrites theset/demo/catalog/*.json and static/demo/**.svg byte for byte. Event
dates are stored relative to ANCHOR_DATE; the transport moves them so the anchor falls on today.
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
from .catalog_spec import (
    ANCHOR_DATE,
    ARTISTS,
    CURRENCIES,
    EVENTS,
    FANS,
    GENRES,
    MUSIC_SEGMENT,
    NEAR_MISSES,
    TM_DOMAINS,
    TYPES,
    VENUES,
)

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


def local_to_utc(day: date, clock: str, zone: str) -> str:
    hour, minute = (int(part) for part in clock.split(":")[:2])
    return utc_text(datetime.combine(day, time(hour, minute), ZoneInfo(zone)))


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


def spotify_artist(art: Art, spec: dict) -> dict:
    spotify_id = base62(22, "spotify:artist", spec["slug"])
    record = {"external_urls": {"spotify": f"{SPOTIFY_OPEN}/artist/{spotify_id}"}}
    if spec.get("stats"):
        followers, popularity, genres = spec["stats"]
        record["followers"] = {"href": None, "total": followers}
        record["genres"] = genres
    record["href"] = f"{SPOTIFY_API}/artists/{spotify_id}"
    record["id"] = spotify_id
    if spec.get("images", True):
        path = art.add(
            f"artists/{spec['slug']}.svg",
            spec["name"],
            initials(spec["name"]),
            640,
            640,
            spec["slug"],
        )
        record["images"] = spotify_images(path, (640, 320, 160))
    else:
        record["images"] = []
    record["name"] = spec["name"]
    if spec.get("stats"):
        record["popularity"] = spec["stats"][1]
    record["type"] = "artist"
    record["uri"] = f"spotify:artist:{spotify_id}"
    return record


def _release(
    art: Art,
    artist: dict,
    name: str,
    released: str,
    album_type: str,
    tracks: list,
    explicit: bool = False,
) -> tuple[dict, list[dict]]:
    """One album or single with its simplified tracks; tracks are names or (name, extra artists)."""
    key = f"{artist['id']}:{name}:{album_type}"
    album_id = base62(22, "spotify:album", key)
    cover = art.add(
        f"albums/{slugify(artist['name'])}-{slugify(name)}.svg",
        f"{name} by {artist['name']}",
        initials(name),
        640,
        640,
    )
    owner = spotify_ref("artist", artist["id"], artist["name"])
    album = {
        "album_type": album_type,
        "artists": [owner],
        "external_urls": {"spotify": f"{SPOTIFY_OPEN}/album/{album_id}"},
        "href": f"{SPOTIFY_API}/albums/{album_id}",
        "id": album_id,
        "images": spotify_images(cover),
        "name": name,
        "release_date": released,
        "release_date_precision": {4: "year", 7: "month"}.get(len(released), "day"),
        "total_tracks": len(tracks),
        "type": "album",
        "uri": f"spotify:album:{album_id}",
    }
    items = []
    for number, entry in enumerate(tracks, start=1):
        title, guests = (entry, []) if isinstance(entry, str) else entry
        track_id = base62(22, "spotify:track", key, str(number), title)
        items.append(
            {
                "artists": [owner] + guests,
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


def discography(art: Art, spec: dict, artist: dict, guests: dict) -> list[tuple[dict, list]]:
    """Albums, singles and the non-studio versions that the app must filter out."""
    songs, dash, explicit = spec["songs"], spec["dash"], spec.get("explicit", False)
    out = []

    def add(name, released, album_type, tracks):
        out.append(_release(art, artist, name, released, album_type, tracks, explicit))

    if spec["slug"] == "harbour-static":
        add("Breakwater", "2026-01-16", "single", ["Breakwater"])
        add("Low Tide EP", "2026-03-06", "single", songs[:3])
        return out
    (first, first_date), (second, second_date) = spec["albums"]
    second_tracks = list(songs[9:16])
    if spec["slug"] == "grunwald":  # a feature: the album appears on Mirela Vântu's page too
        second_tracks[2] = (f"{second_tracks[2]} (feat. Mirela Vântu)", [guests["mirela-vantu"]])
    add(first, first_date, "album", songs[:9])
    add(songs[9], shifted(second_date, -70), "single", [songs[9]])  # lead single, also on album
    add(second, second_date, "album", second_tracks)
    add(
        songs[16],
        shifted(second_date, 400) if len(second_date) == 10 else "2025-04-04",
        "single",
        [songs[16]],
    )
    year = int(first_date[:4])
    later = min(int(second_date[:4]) + 1, 2026)
    for extra in spec["extras"]:
        if extra == "live":
            add(
                f"Live at {spec['live_venue']}",
                f"{later}-06-12",
                "album",
                [
                    f"{song} {dash} Live at {spec['live_venue']}"
                    for song in (songs[0], songs[3], songs[9], songs[11], songs[1])
                ],
            )
        elif extra == "acoustic":
            add(
                f"{songs[2]} (Acoustic)",
                f"{min(year + 4, 2026)}-02-21",
                "single",
                [f"{songs[2]} (Acoustic)", f"{songs[5]} (Acoustic)", f"{songs[12]} (Demo)"],
            )
        elif extra == "remix":
            add(
                f"{songs[10]} (Remix)",
                shifted(second_date, 120),
                "single",
                [f"{songs[10]} (Remix)", f"{songs[10]} (Instrumental)"],
            )
        elif extra == "karaoke":
            add(
                f"{songs[9]} (Karaoke Version)",
                shifted(second_date, 200),
                "single",
                [f"{songs[9]} - Karaoke Version"],
            )
        elif extra == "remaster":
            add(
                f"{first} ({year + 6} Remaster)",
                f"{year + 6}-05-07",
                "album",
                [f"{song} - {year + 6} Remaster" for song in songs[:9]],
            )
        elif extra == "compilation":
            add(
                "Grandes Éxitos",
                "2024-11-29",
                "compilation",
                [songs[0], songs[9], songs[1], songs[10], songs[4], songs[13]],
            )
    return out


def build_spotify(art: Art) -> tuple[dict, dict[str, str]]:
    specs = [a for a in ARTISTS if a["spotify"] != "none"] + NEAR_MISSES
    artists = [spotify_artist(art, spec) for spec in specs]
    ids = {spec["slug"]: artist["id"] for spec, artist in zip(specs, artists, strict=True)}
    guests = {
        spec["slug"]: spotify_ref("artist", a["id"], a["name"])
        for spec, a in zip(specs, artists, strict=True)
    }
    albums, album_tracks = [], {}
    for spec, artist in zip(specs, artists, strict=True):
        if "release" in spec:
            name, released, album_type, titles = spec["release"]
            releases = [_release(art, artist, name, released, album_type, titles)]
        else:
            releases = discography(art, spec, artist, guests)
        for album, tracks in releases:
            albums.append(album)
            album_tracks[album["id"]] = tracks
    users = []
    for fan in FANS:
        avatar = art.add(f"fans/{fan['id']}.svg", fan["name"], initials(fan["name"]), 300, 300)
        profile = {
            "account_id": base62(22, "spotify:account", fan["id"]),
            "country": fan["country"],
            "display_name": fan["name"],
            "email": f"{fan['id'].replace('_', '.')}@example.com",
            "explicit_content": {"filter_enabled": False, "filter_locked": False},
            "external_urls": {"spotify": f"{SPOTIFY_OPEN}/user/{fan['id']}"},
            "followers": {"href": None, "total": digest(fan["id"]) % 40},
            "href": f"{SPOTIFY_API}/users/{fan['id']}",
            "id": fan["id"],
            "images": spotify_images(avatar, (300, 64)),
            "product": fan["product"],
            "type": "user",
            "uri": f"spotify:user:{fan['id']}",
        }
        users.append(
            {
                "profile": profile,
                "followed_artist_ids": [ids[slug] for slug in fan["follows"]],
                "top_artist_ids": [ids[slug] for slug in fan["top"]],
            }
        )
    catalog = {
        "about": "Fictional demo catalog in Spotify Web API shapes; see build_catalog.py.",
        "artists": artists,
        "albums": albums,
        "album_tracks": album_tracks,
        "users": users,
    }
    return catalog, ids


# --- Ticketmaster --------------------------------------------------------------------------


def classification(spec: dict, with_type: bool) -> dict:
    genre = spec["genre"]
    entry = {
        "primary": True,
        "segment": MUSIC_SEGMENT,
        "genre": {"id": GENRES[genre], "name": genre},
        "subGenre": {
            "id": "KZazBEonSMnZfZ7v" + base62(3, "subgenre", spec["sub"]),
            "name": spec["sub"],
        },
    }
    if with_type:
        kind, sub_kind = TYPES[spec["kind"]]
        entry["type"], entry["subType"] = kind, sub_kind
    entry["family"] = False
    return entry


def build_attraction(art: Art, spec: dict, spotify_ids: dict[str, str], total: int) -> dict:
    tm_id = "K8vZ91" + base62(5, "tm:attraction", spec["slug"])
    record = {
        "name": spec["name"],
        "type": "attraction",
        "id": tm_id,
        "test": False,
        "url": f"https://www.ticketmaster.com/{spec['slug']}-tickets/artist/"
        f"{1_000_000 + digest(spec['slug']) % 8_999_999}",
        "locale": "en-us",
    }
    if spec["spotify"] != "name":
        links = {
            "homepage": [{"url": f"https://{spec['slug']}.example.com/"}],
            "instagram": [{"url": f"https://www.instagram.com/{spec['slug']}.demo/"}],
        }
        if spec["spotify"] == "linked":
            spotify_id = spotify_ids[spec["slug"]]
            url = f"{SPOTIFY_OPEN}/artist/{spotify_id}{spec.get('spotify_query', '')}"
            links["spotify"] = [{"url": url}]
        mbid = f"{digest(spec['slug'], 'mb'):064x}"
        links["musicbrainz"] = [
            {"id": f"{mbid[:8]}-{mbid[8:12]}-4{mbid[13:16]}-8{mbid[17:20]}-{mbid[20:32]}"}
        ]
        record["externalLinks"] = links
    if spec.get("aliases"):
        record["aliases"] = spec["aliases"]
    record["images"] = (
        fallback_images(art)
        if spec["spotify"] == "none"
        else tm_images(art, spec["slug"], spec["name"])
    )
    record["classifications"] = [classification(spec, with_type=True)]
    record["upcomingEvents"] = {"ticketmaster": total, "_total": total, "_filtered": 0}
    record["_links"] = {"self": {"href": f"/discovery/v2/attractions/{tm_id}?locale=en-us"}}
    return record


def build_venue(row: tuple, total: int) -> dict:
    key, name, city, state, (country, code), postal, line1, lat, lon, zone = row
    prefix = "KovZ917A" if code in ("US", "CA", "MX") else "Z198xZ" + code[0]
    venue_id = prefix + base62(12 - len(prefix), "tm:venue", key)
    record = {
        "name": name,
        "type": "venue",
        "id": venue_id,
        "test": False,
        "url": f"https://{TM_DOMAINS[code]}/{slugify(name)}-tickets-{slugify(city)}/venue/"
        f"{100_000 + digest(key) % 899_999}",
        "locale": "en-us",
        "postalCode": postal,
        "timezone": zone,
        "city": {"name": city},
    }
    if state:
        record["state"] = {"name": state[0], "stateCode": state[1]}
    record["country"] = {"name": country, "countryCode": code}
    record["address"] = {"line1": line1}
    record["location"] = {"longitude": lon, "latitude": lat}
    if digest(key, "info") % 3 == 0:
        record["generalInfo"] = {
            "generalRule": "No professional cameras. Bags are searched.",
            "childRule": "Under-14s must be accompanied by an adult.",
        }
    if digest(key, "parking") % 2 == 0:
        record["parkingDetail"] = "Paid parking two blocks away; public transport recommended."
    record["upcomingEvents"] = {"ticketmaster": total, "_total": total, "_filtered": 0}
    record["_links"] = {"self": {"href": f"/discovery/v2/venues/{venue_id}?locale=en-us"}}
    return record


def build_event(index: int, row: tuple, attractions: dict, venues: dict, specs: dict) -> dict:
    slugs, venue_key, offset, clock, extra = row
    venue, head = venues[venue_key], specs[slugs[0]]
    code, zone = venue["country"]["countryCode"], venue["timezone"]
    prefix = {"US": "vvG1", "CA": "vvG1", "MX": "Z7r9jZ1A"}.get(code, "G5v" + code[0])
    event_id = prefix + base62(16 - len(prefix), "tm:event", str(index), venue_key)
    day = ANCHOR_DATE + timedelta(days=offset)
    start = {"localDate": day.isoformat()}
    if clock:
        start["localTime"] = f"{clock}:00"
        start["dateTime"] = local_to_utc(day, clock, zone)
    start.update(dateTBD=False, dateTBA=False, timeTBA=clock is None, noSpecificTime=False)
    dates = {
        "start": start,
        "timezone": zone,
        "status": {"code": extra.get("status", "onsale")},
        "spanMultipleDays": False,
    }
    if "initial" in extra:
        first = ANCHOR_DATE + timedelta(days=extra["initial"])
        dates["initialStartDate"] = {
            "localDate": first.isoformat(),
            "localTime": f"{clock}:00",
            "dateTime": local_to_utc(first, clock, zone),
        }
    sale_start = local_to_utc(day - timedelta(days=120), "10:00", zone)
    sale_end = start.get("dateTime") or local_to_utc(day, "20:00", zone)
    name = extra.get("name") or (
        head["name"] if digest(event_id) % 2 else f"{head['name']}: {head['tour']}"
    )
    city = slugify(venue["city"]["name"])
    record = {
        "name": name,
        "type": "event",
        "id": event_id,
        "test": False,
        "url": f"https://{TM_DOMAINS[code]}/{head['slug']}-{city}-tickets/event/{event_id}",
        "locale": "en-us",
        "images": attractions[slugs[0]]["images"],
        "sales": {
            "public": {
                "startDateTime": sale_start,
                "startTBD": False,
                "startTBA": False,
                "endDateTime": sale_end,
            }
        },
        "dates": dates,
        "classifications": [classification(head, with_type=False)],
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
        currency = CURRENCIES[code]
        record["priceRanges"] = [
            {
                "type": "standard including fees",
                "currency": currency,
                "min": round(low * 1.15, 2),
                "max": round(high * 1.15, 2),
            },
            {"type": "standard", "currency": currency, "min": float(low), "max": float(high)},
        ]
    if extra.get("status") == "cancelled":
        record["info"] = "This event has been cancelled. Refunds go to the original payment."
    elif extra.get("status") == "rescheduled":
        record["pleaseNote"] = "This event has been rescheduled. Tickets remain valid."
    record["ageRestrictions"] = {"legalAgeEnforced": venue_key in ("spreewerk", "foundry")}
    record["_links"] = {
        "self": {"href": f"/discovery/v2/events/{event_id}?locale=en-us"},
        "attractions": [{"href": attractions[s]["_links"]["self"]["href"]} for s in slugs],
        "venues": [{"href": venue["_links"]["self"]["href"]}],
    }
    record["_embedded"] = {"venues": [venue], "attractions": [attractions[s] for s in slugs]}
    return record


def build_ticketmaster(art: Art, spotify_ids: dict[str, str]) -> dict:
    specs = {spec["slug"]: spec for spec in ARTISTS}
    per_artist = {slug: sum(slug in row[0] for row in EVENTS) for slug in specs}
    per_venue = {row[0]: sum(e[1] == row[0] for e in EVENTS) for row in VENUES}
    attractions = {
        slug: build_attraction(art, spec, spotify_ids, per_artist[slug])
        for slug, spec in specs.items()
    }
    venues = {row[0]: build_venue(row, per_venue[row[0]]) for row in VENUES}
    events = [build_event(i, row, attractions, venues, specs) for i, row in enumerate(EVENTS)]
    return {
        "about": "Fictional demo catalog in Ticketmaster Discovery v2 shapes; dates are "
        "stored relative to anchor_date and moved to today by the transport.",
        "anchor_date": ANCHOR_DATE.isoformat(),
        "attractions": list(attractions.values()),
        "venues": list(venues.values()),
        "events": events,
    }


# --- output --------------------------------------------------------------------------------


def build() -> tuple[dict, dict, dict[str, str]]:
    """The Ticketmaster catalog, the Spotify catalog and the SVG files (path -> text)."""
    art = Art()
    spotify, spotify_ids = build_spotify(art)
    ticketmaster = build_ticketmaster(art, spotify_ids)
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
