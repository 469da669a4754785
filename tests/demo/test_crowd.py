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


def test_the_crowd_and_the_demo_fans_vote_only_for_the_headliners_studio_songs():
    spec, crowd = load_spec(), load_crowd()
    for planned in [*crowd.shows, *crowd.picks]:
        songs = spec.artists[spec.shows[planned.show].artists[0]].songs
        assert set(planned.songs) <= set(songs), planned.show


def test_demo_fans_pick_songs_of_past_shows_as_the_demo_fans_who_sign_in():
    spec, crowd = load_spec(), load_crowd()
    assert {fan.spotify_id for fan in crowd.demo_fans} == set(spec.fans)
    assert {fan.name for fan in crowd.demo_fans} == {fan.name for fan in spec.fans.values()}
    assert all(spec.shows[pick.show].day < 0 for pick in crowd.picks)


def test_a_pick_by_a_fan_fans_toml_does_not_have_is_refused(tmp_path):
    text = '[crowd]\na = "A"\n\n[votes]\n\n[picks.fjora-oslo]\ndemo_nobody = ["Nordlys"]\n'
    with pytest.raises(
        ValueError, match=r"\[picks\.fjora-oslo\]: fans\.toml has no fan 'demo_nobody'"
    ):
        _with_votes(tmp_path, text)


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
