"""The bundled demo catalog: counts, edge cases and consistency of the stored records."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scripts.demo_catalog.build import build, dump

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "theset" / "demo" / "built"
TM = json.loads((CATALOG / "ticketmaster.json").read_text(encoding="utf-8"))
SP = json.loads((CATALOG / "spotify.json").read_text(encoding="utf-8"))
ANCHOR = date.fromisoformat(TM["anchor_date"])
VERSION = re.compile(r"live|remix|remaster|demo|acoustic|instrumental|karaoke", re.IGNORECASE)
BASE62_ID = re.compile(r"[0-9A-Za-z]{22}")


def fold(text: str) -> str:
    text = text.replace("ø", "o").replace("Ø", "O")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def spotify_link_id(attraction: dict) -> str | None:
    links = attraction.get("externalLinks", {}).get("spotify", [])
    if not links:
        return None
    return links[0]["url"].split("/artist/")[1].split("?")[0]


def utc(day: str, clock: str, zone: str) -> str:
    local = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def offset(event: dict) -> int:
    """The event's day counted from the anchor date (negative: a past show)."""
    return (date.fromisoformat(event["dates"]["start"]["localDate"]) - ANCHOR).days


def events_of(attraction_id: str) -> list[dict]:
    return [
        e for e in TM["events"] if attraction_id in {a["id"] for a in e["_embedded"]["attractions"]}
    ]


def tracks_of(artist_id: str) -> list[tuple[dict, dict]]:
    return [
        (album, track)
        for album in SP["albums"]
        if album["artists"][0]["id"] == artist_id
        for track in SP["album_tracks"][album["id"]]
    ]


def studio_songs(artist_id: str) -> set[str]:
    return {
        fold(track["name"])
        for album, track in tracks_of(artist_id)
        if not VERSION.search(track["name"]) and not VERSION.search(album["name"])
    }


# --- Ticketmaster --------------------------------------------------------------------------


def test_counts_meet_the_demo_needs():
    countries = {v["country"]["countryCode"] for v in TM["venues"]}
    assert len(TM["attractions"]) >= 12
    assert len(TM["events"]) >= 40
    assert len(TM["venues"]) >= 10
    assert {"US", "GB", "DE", "JP", "BR", "AU"} <= countries


def test_ids_are_unique_across_ticketmaster_records():
    ids = [r["id"] for key in ("attractions", "venues", "events") for r in TM[key]]
    assert len(ids) == len(set(ids))


def test_attractions_are_music_with_upcoming_event_totals():
    for attraction in TM["attractions"]:
        assert attraction["type"] == "attraction"
        assert attraction["classifications"][0]["segment"]["name"] == "Music"
        upcoming = [e for e in events_of(attraction["id"]) if offset(e) >= 0]
        assert attraction["upcomingEvents"]["_total"] == len(upcoming) > 0
        assert attraction["_links"]["self"]["href"].startswith("/discovery/v2/attractions/")


def test_names_carry_accents_and_punctuation():
    names = [a["name"] for a in TM["attractions"]]
    assert sum(fold(name) != name.casefold() for name in names) >= 5
    assert any(re.search(r"[&.'’]", name) for name in names)
    assert "Zoé Marchetti" in names


def test_spotify_links_point_at_artists_of_the_same_name():
    artists = {a["id"]: a for a in SP["artists"]}
    linked = [a for a in TM["attractions"] if spotify_link_id(a)]
    assert len(linked) >= len(TM["attractions"]) - 2
    for attraction in linked:
        assert artists[spotify_link_id(attraction)]["name"] == attraction["name"]


def test_one_artist_is_found_on_spotify_by_exact_name_only():
    unlinked = [a for a in TM["attractions"] if "externalLinks" not in a]
    assert len(unlinked) == 1
    name = fold(unlinked[0]["name"])
    exact = [a for a in SP["artists"] if fold(a["name"]) == name]
    near = [a for a in SP["artists"] if name in fold(a["name"]) and fold(a["name"]) != name]
    assert len(exact) == 1 and near


def test_one_artist_has_no_spotify_artist_at_all():
    spotify_names = {fold(a["name"]) for a in SP["artists"]}
    missing = [a for a in TM["attractions"] if fold(a["name"]) not in spotify_names]
    assert len(missing) == 1
    assert "externalLinks" in missing[0] and spotify_link_id(missing[0]) is None
    assert any(fold(missing[0]["name"]) in name for name in spotify_names)  # a near miss


def test_near_miss_spotify_artists_exist_for_name_matching():
    tm_names = {fold(a["name"]) for a in TM["attractions"]}
    near = [
        a
        for a in SP["artists"]
        if fold(a["name"]) not in tm_names and any(name in fold(a["name"]) for name in tm_names)
    ]
    assert len(near) >= 2


def test_venues_have_real_shapes_and_valid_time_zones():
    for venue in TM["venues"]:
        ZoneInfo(venue["timezone"])
        assert isinstance(venue["location"]["latitude"], str)
        assert -90 <= float(venue["location"]["latitude"]) <= 90
        assert -180 <= float(venue["location"]["longitude"]) <= 180
        assert venue["address"]["line1"] and venue["city"]["name"] and venue["postalCode"]
        assert re.fullmatch(r"[A-Z]{2}", venue["country"]["countryCode"])
        if venue["country"]["countryCode"] in ("US", "CA", "AU"):
            assert venue["state"]["stateCode"]
    assert len({v["timezone"] for v in TM["venues"]}) >= 8


def test_every_event_embeds_existing_venues_and_attractions():
    attractions = {a["id"]: a for a in TM["attractions"]}
    venues = {v["id"]: v for v in TM["venues"]}
    for event in TM["events"]:
        embedded = event["_embedded"]
        assert len(embedded["venues"]) == 1
        for venue in embedded["venues"]:
            assert venues[venue["id"]] == venue
        assert embedded["attractions"]
        for attraction in embedded["attractions"]:
            assert attractions[attraction["id"]] == attraction
        assert [
            link["href"].split("/")[-1].split("?")[0] for link in event["_links"]["attractions"]
        ] == [a["id"] for a in embedded["attractions"]]
        assert event["dates"]["timezone"] == embedded["venues"][0]["timezone"]
        assert event["url"].startswith("https://www.ticketmaster.")


def test_date_times_agree_with_local_time_and_zone():
    for event in TM["events"]:
        start, zone = event["dates"]["start"], event["dates"]["timezone"]
        if "localTime" in start:
            assert start["dateTime"] == utc(start["localDate"], start["localTime"], zone)
        initial = event["dates"].get("initialStartDate")
        if initial:
            assert initial["dateTime"] == utc(initial["localDate"], initial["localTime"], zone)


def test_events_spread_from_days_to_months_after_the_anchor():
    upcoming = [offset(e) for e in TM["events"] if offset(e) >= 0]
    assert min(upcoming) >= 3
    assert 200 <= max(upcoming) <= 250


def test_a_few_past_shows_happened_one_to_twenty_days_before_the_anchor():
    past = [offset(e) for e in TM["events"] if offset(e) < 0]
    assert 4 <= len(past) <= 6
    assert all(-20 <= day <= -1 for day in past)


def test_status_edge_cases_occur_once_each():
    codes = Counter(e["dates"]["status"]["code"] for e in TM["events"])
    assert codes["cancelled"] == 1 and codes["rescheduled"] == 1
    rescheduled = next(e for e in TM["events"] if e["dates"]["status"]["code"] == "rescheduled")
    initial = rescheduled["dates"]["initialStartDate"]
    assert set(initial) == {"localDate", "localTime", "dateTime"}
    assert initial["localDate"] != rescheduled["dates"]["start"]["localDate"]


def test_one_event_has_its_time_to_be_announced():
    tba = [e for e in TM["events"] if e["dates"]["start"]["timeTBA"]]
    assert len(tba) == 1
    assert "localTime" not in tba[0]["dates"]["start"]
    assert "dateTime" not in tba[0]["dates"]["start"]


def test_one_event_is_a_co_headline():
    assert sum(len(e["_embedded"]["attractions"]) == 2 for e in TM["events"]) == 1


# --- Spotify -------------------------------------------------------------------------------


def test_spotify_ids_are_unique_base62():
    ids = (
        [a["id"] for a in SP["artists"]]
        + [a["id"] for a in SP["albums"]]
        + [t["id"] for tracks in SP["album_tracks"].values() for t in tracks]
    )
    assert len(ids) == len(set(ids))
    assert all(BASE62_ID.fullmatch(i) for i in ids)


def test_about_half_the_artists_carry_dev_mode_removed_fields():
    with_stats = [a for a in SP["artists"] if "popularity" in a]
    assert all("followers" in a and "genres" in a for a in with_stats)
    assert all(
        "followers" not in a and "genres" not in a for a in SP["artists"] if "popularity" not in a
    )
    assert 0.3 <= len(with_stats) / len(SP["artists"]) <= 0.7


def test_most_artists_have_fifteen_studio_songs_and_one_has_under_five_tracks():
    linked = [a for a in TM["attractions"] if spotify_link_id(a)]
    small = [a for a in linked if len(tracks_of(spotify_link_id(a))) < 5]
    assert len(small) == 1
    for attraction in linked:
        if attraction is not small[0]:
            assert len(studio_songs(spotify_link_id(attraction))) >= 15, attraction["name"]


def test_non_studio_versions_and_duplicates_are_present():
    names = [t["name"] for tracks in SP["album_tracks"].values() for t in tracks]
    for pattern in (
        r" [–-] Live at ",
        r"\(Acoustic\)$",
        r" - \d{4} Remaster$",
        r"\(Remix\)$",
        r"\(Demo\)$",
        r"\(Instrumental\)$",
        r" - Karaoke Version$",
    ):
        assert any(re.search(pattern, name) for name in names), pattern
    dupes = 0
    for artist in SP["artists"]:
        by_type: dict[str, set] = {"album": set(), "single": set()}
        for album, track in tracks_of(artist["id"]):
            by_type.setdefault(album["album_type"], set()).add(track["name"])
        dupes += bool(by_type["album"] & by_type["single"])
    assert dupes >= 10


def test_albums_and_tracks_have_real_fields():
    for album in SP["albums"]:
        assert album["album_type"] in ("album", "single", "compilation")
        precision = album["release_date_precision"]
        assert len(album["release_date"]) == {"year": 4, "month": 7, "day": 10}[precision]
        tracks = SP["album_tracks"][album["id"]]
        assert album["total_tracks"] == len(tracks)
        for number, track in enumerate(tracks, start=1):
            assert track["track_number"] == number and track["disc_number"] == 1
            assert 60_000 < track["duration_ms"] < 600_000
            assert track["uri"] == f"spotify:track:{track['id']}"
            assert track["external_urls"]["spotify"].endswith(track["id"])


def test_demo_fans_follow_and_top_catalog_artists():
    artists = {a["id"] for a in SP["artists"]}
    assert len(SP["users"]) == 3
    for user in SP["users"]:
        profile = user["profile"]
        assert profile["type"] == "user" and profile["uri"] == f"spotify:user:{profile['id']}"
        for key in ("display_name", "email", "images", "country", "product", "external_urls"):
            assert profile[key]
        assert set(user["followed_artist_ids"]) <= artists
        assert set(user["top_artist_ids"]) <= artists
        assert set(user["followed_artist_ids"]) & set(user["top_artist_ids"])


# --- art and generator ---------------------------------------------------------------------


def test_images_are_small_local_svgs_with_titles():
    urls = set(re.findall(r'"(/static/demo/[^"]+)"', json.dumps([TM, SP])))
    assert urls
    for url in urls:
        path = ROOT / url.lstrip("/")
        text = path.read_text(encoding="utf-8")
        assert path.suffix == ".svg" and len(text.encode()) < 4096
        assert "<title" in text and 'role="img"' in text


def test_generator_rewrites_the_catalog_identically():
    catalogs, files = build()
    assert set(catalogs) == {path.name for path in CATALOG.glob("*.json")}
    for name, catalog in catalogs.items():
        assert dump(catalog) == (CATALOG / name).read_text("utf-8"), name
    for path, text in files.items():
        assert (ROOT / "static" / "demo" / path).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("name", ["Zoé Marchetti", "Fjøra", "GRÜNWALD"])
def test_fold_helper_matches_the_transport(name):
    from theset.demo.catalog import fold as transport_fold

    assert transport_fold(name) == fold(name)
