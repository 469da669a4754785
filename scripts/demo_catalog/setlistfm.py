"""The setlist.fm side: past shows' setlists in the shapes of setlist.fm's search answers."""

from __future__ import annotations

from datetime import timedelta

from theset.demo.spec import PlayedSet, PlayedSetlist, PlayedSong, Spec, Venue
from theset.text import slugify

from .ids import digest, musicbrainz_id
from .ticketmaster import artist_mbid

SETLISTFM = "https://www.setlist.fm"
DATE_FORMAT = "%d-%m-%Y"  # setlist.fm's dd-MM-yyyy


def hex_id(*parts: str) -> str:
    """setlist.fm's ids are 8 hex digits."""
    return f"{digest(*parts):08x}"[:8]


def sort_name(name: str) -> str:
    """ "The Nightjar Quintet" is sorted as "Nightjar Quintet, The"."""
    return f"{name[4:]}, The" if name.startswith("The ") else name


def artist_record(name: str, mbid: str) -> dict:
    return {
        "mbid": mbid,
        "name": name,
        "sortName": sort_name(name),
        "disambiguation": "",
        "url": f"{SETLISTFM}/setlists/{slugify(name)}-{hex_id('sfm:artist', mbid)}.html",
    }


def place_slug(venue: Venue) -> str:
    """How setlist.fm's URLs name a venue: "marigold-theatre-chicago-il-usa"."""
    country = {"US": "USA", "GB": "England"}.get(venue.country_code, venue.country)
    return slugify(" ".join(filter(None, (venue.name, venue.city, venue.state_code, country))))


def venue_record(venue: Venue) -> dict:
    city = {"id": str(1_000_000 + digest("sfm:city", venue.city) % 8_999_999), "name": venue.city}
    if venue.state:
        city["state"], city["stateCode"] = venue.state, venue.state_code
    city["coords"] = {"lat": float(venue.latitude), "long": float(venue.longitude)}
    city["country"] = {"code": venue.country_code, "name": venue.country}
    venue_id = hex_id("sfm:venue", venue.key)
    return {
        "id": venue_id,
        "name": venue.name,
        "city": city,
        "url": f"{SETLISTFM}/venue/{place_slug(venue)}-{venue_id}.html",
    }


def song_record(song: PlayedSong, mbids: dict[str, str]) -> dict:
    """A song; a cover names its original artist by the demo artist's id, if one."""
    record: dict = {"name": song.name}
    if song.cover:
        mbid = mbids.get(song.cover) or musicbrainz_id(song.cover, "mb:cover")
        record["cover"] = artist_record(song.cover, mbid)
    if song.info:
        record["info"] = song.info
    if song.tape:
        record["tape"] = True
    return record


def set_record(played: PlayedSet, mbids: dict[str, str]) -> dict:
    record: dict = {"encore": played.encore} if played.encore else {}
    record["song"] = [song_record(song, mbids) for song in played.songs]
    return record


def build_setlist(spec: Spec, played: PlayedSetlist) -> dict:
    show = spec.shows[played.show]
    artist, venue = spec.artists[show.artists[0]], spec.venues[show.venue]
    day = spec.anchor_date + timedelta(days=show.day)
    setlist_id = hex_id("sfm:setlist", played.show)
    record = {
        "id": setlist_id,
        "versionId": "g" + hex_id("sfm:version", played.show),
        "eventDate": day.strftime(DATE_FORMAT),
        "artist": artist_record(artist.name, artist_mbid(artist)),
        "venue": venue_record(venue),
    }
    if played.tour:
        record["tour"] = {"name": played.tour}
    mbids = {other.name: artist_mbid(other) for other in spec.artists.values()}
    record["sets"] = {"set": [set_record(one, mbids) for one in played.sets]}
    record["url"] = (
        f"{SETLISTFM}/setlist/{slugify(artist.name)}/{day.year}/"
        f"{place_slug(venue)}-{setlist_id}.html"
    )
    return record


def build_setlistfm(spec: Spec) -> dict:
    return {
        "about": "Fictional setlists of the demo's past shows in setlist.fm API 1.0 shapes; "
        "event dates are stored relative to anchor_date and moved to today by the transport.",
        "anchor_date": spec.anchor_date.isoformat(),
        "setlists": [build_setlist(spec, played) for played in spec.setlists.values()],
    }
