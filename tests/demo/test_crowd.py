"""The demo crowd's votes: theset/demo/data/votes.toml read into records."""

from __future__ import annotations

import shutil

import pytest

from theset.demo.catalog import load_catalog
from theset.demo.crowd import load_crowd
from theset.demo.spec import DATA_DIR, load_spec


def test_each_voted_show_is_the_demo_event_of_that_show():
    spec, catalog = load_spec(), load_catalog()
    events = {event["id"]: event for event in catalog.raw_events}
    for planned in load_crowd().shows:
        show = spec.shows[planned.show]
        event = events[planned.event_id]["_embedded"]
        assert event["attractions"][0]["name"] == spec.artists[show.artists[0]].name
        assert event["venues"][0]["name"] == spec.venues[show.venue].name


def test_the_crowd_votes_only_for_the_headliners_studio_songs():
    spec = load_spec()
    for planned in load_crowd().shows:
        songs = spec.artists[spec.shows[planned.show].artists[0]].songs
        assert set(planned.songs) <= set(songs), planned.show


def _with_votes(tmp_path, text: str):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "votes.toml").write_text(text, "utf-8")
    return load_crowd(tmp_path)


def test_a_show_shows_toml_does_not_have_is_refused_with_its_place(tmp_path):
    text = '[crowd]\na = "A"\n\n[votes.nobody-nowhere]\n"Song" = 1\n'
    with pytest.raises(ValueError, match=r"\[votes\.nobody-nowhere\]: shows\.toml has no such"):
        _with_votes(tmp_path, text)


@pytest.mark.parametrize("count", ["0", "3", '"two"'])
def test_a_song_needs_between_one_vote_and_one_per_crowd_fan(tmp_path, count):
    text = f'[crowd]\na = "A"\nb = "B"\n\n[votes.fjora-oslo]\n"Nordlys" = {count}\n'
    with pytest.raises(ValueError, match=r"\[votes\.fjora-oslo\]: 'Nordlys' needs 1 to 2 votes"):
        _with_votes(tmp_path, text)
