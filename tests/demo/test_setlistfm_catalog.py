"""The demo catalog's setlist.fm side: what its past shows played, in setlist.fm's shapes."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from theset.demo.spec import DATA_DIR, load_spec
from theset.services.song_names import names_a_version

CATALOG = Path(__file__).resolve().parents[2] / "theset" / "demo" / "built"
TM = json.loads((CATALOG / "ticketmaster.json").read_text(encoding="utf-8"))
SFM = json.loads((CATALOG / "setlistfm.json").read_text(encoding="utf-8"))
ANCHOR = date.fromisoformat(TM["anchor_date"])
MBID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def past_events() -> list[dict]:
    return [
        e for e in TM["events"] if date.fromisoformat(e["dates"]["start"]["localDate"]) < ANCHOR
    ]


def event_of(setlist: dict) -> dict:
    """The past event this setlist is of: its headliner, at its venue, on its local date."""
    day = datetime.strptime(setlist["eventDate"], "%d-%m-%Y").date().isoformat()
    (event,) = [
        e
        for e in past_events()
        if e["_embedded"]["attractions"][0]["name"] == setlist["artist"]["name"]
        and e["_embedded"]["venues"][0]["name"] == setlist["venue"]["name"]
        and e["dates"]["start"]["localDate"] == day
    ]
    return event


def songs(setlist: dict) -> list[dict]:
    return [song for one in setlist["sets"]["set"] for song in one["song"]]


def test_each_setlist_is_of_a_past_show_at_its_venue_and_city():
    assert len(SFM["setlists"]) >= 3
    for setlist in SFM["setlists"]:
        venue = event_of(setlist)["_embedded"]["venues"][0]
        assert setlist["venue"]["city"]["name"] == venue["city"]["name"]
        assert setlist["venue"]["city"]["country"]["code"] == venue["country"]["countryCode"]
        assert setlist["url"].startswith("https://www.setlist.fm/setlist/")
        assert setlist["url"].endswith(f"-{setlist['id']}.html")


def test_setlists_name_the_artists_by_the_musicbrainz_id_ticketmaster_links():
    for setlist in SFM["setlists"]:
        assert MBID.fullmatch(setlist["artist"]["mbid"])
        attraction = event_of(setlist)["_embedded"]["attractions"][0]
        linked = attraction.get("externalLinks", {}).get("musicbrainz")
        if linked:
            assert linked[0]["id"] == setlist["artist"]["mbid"]
    unlinked = [
        s
        for s in SFM["setlists"]
        if "musicbrainz" not in event_of(s)["_embedded"]["attractions"][0].get("externalLinks", {})
    ]
    assert len(unlinked) == 1  # found by the artist's name and the date only


def test_some_past_shows_have_no_setlist_on_setlistfm():
    with_setlist = {event_of(s)["id"] for s in SFM["setlists"]}
    assert len([e for e in past_events() if e["id"] not in with_setlist]) >= 1


def test_setlists_hold_what_real_ones_do():
    played = [song for setlist in SFM["setlists"] for song in songs(setlist)]
    sets = [one for setlist in SFM["setlists"] for one in setlist["sets"]["set"]]
    assert any(one.get("encore") == 1 for one in sets)
    assert any(song.get("tape") is True for song in played)
    assert any(MBID.fullmatch(song.get("cover", {}).get("mbid", "")) for song in played)
    assert any(song.get("info") for song in played)
    assert any(names_a_version(song["name"]) for song in played)
    assert any(song["name"] == "" for song in played)  # a song nobody identified
    multi_set = [
        s for s in SFM["setlists"] if sum(not o.get("encore") for o in s["sets"]["set"]) > 1
    ]
    assert multi_set


def test_a_setlist_of_a_show_that_is_not_past_is_refused(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "setlists.toml").write_text(
        '[setlists.fjora-oslo]\n[[setlists.fjora-oslo.sets]]\nsongs = ["Nordlys"]\n', "utf-8"
    )
    with pytest.raises(ValueError, match=r"\[setlists\.fjora-oslo\]: shows\.toml has no such past"):
        load_spec(tmp_path)
