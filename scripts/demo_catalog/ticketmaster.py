"""The Ticketmaster side: attractions, venues and events in Discovery v2 shapes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from theset.demo.spec import Artist, Show, Spec, Venue
from theset.text import slugify

from .art import Art, fallback_images, tm_images
from .ids import base62, digest, musicbrainz_id
from .spotify import SPOTIFY_OPEN


def utc_text(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_to_utc(day: date, clock: time, zone: str) -> str:
    return utc_text(datetime.combine(day, clock, ZoneInfo(zone)))


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


def artist_mbid(artist: Artist) -> str:
    """The artist's MusicBrainz id (which Ticketmaster links but for by-name artists)."""
    return musicbrainz_id(artist.slug, "mb")


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
        links["musicbrainz"] = [{"id": artist_mbid(artist)}]
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


def event_dates(spec: Spec, show: Show, zone: str) -> dict:
    """An event's `dates`: its start (time to be announced without a time) and status."""
    day = spec.anchor_date + timedelta(days=show.day)
    start = {"localDate": day.isoformat()}
    if show.time is not None:
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
    return dates


def price_ranges(event_id: str, code: str, currency: str) -> list[dict]:
    low = 25 + digest(event_id, "low") % 40
    high = low + 20 + digest(event_id, "high") % 90
    if code == "JP":
        low, high = low * 150, high * 150
    return [
        {
            "type": "standard including fees",
            "currency": currency,
            "min": round(low * 1.15, 2),
            "max": round(high * 1.15, 2),
        },
        {"type": "standard", "currency": currency, "min": float(low), "max": float(high)},
    ]


def build_event(spec: Spec, index: int, show: Show, attractions: dict, venues: dict) -> dict:
    venue, head = venues[show.venue], spec.artists[show.artists[0]]
    code, zone = venue["country"]["countryCode"], venue["timezone"]
    prefix = {"US": "vvG1", "CA": "vvG1", "MX": "Z7r9jZ1A"}.get(code, "G5v" + code[0])
    event_id = prefix + base62(16 - len(prefix), "tm:event", str(index), show.venue)
    dates = event_dates(spec, show, zone)
    day = date.fromisoformat(dates["start"]["localDate"])
    sale_start = local_to_utc(day - timedelta(days=120), time(10), zone)
    sale_end = dates["start"].get("dateTime") or local_to_utc(day, time(20), zone)
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
        record["priceRanges"] = price_ranges(event_id, code, spec.countries[code].currency)
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
    upcoming = [show for show in shows if show.day >= 0]  # what upcomingEvents counts
    attractions = {
        slug: build_attraction(
            art, spec, artist, spotify_ids, sum(slug in show.artists for show in upcoming)
        )
        for slug, artist in spec.artists.items()
    }
    venues = {
        key: build_venue(spec, venue, sum(show.venue == key for show in upcoming))
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
