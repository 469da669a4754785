"""The setlist as every reader sees it: one order of rows, and what a fresh setlist is."""

import re
from datetime import timedelta

import pytest

from theset.extensions import db
from theset.models import Setlist, SetlistSong, utcnow

from .factories import make_artist, make_setlist, make_show, make_track
from .support.headers import HX
from .support.rows import rows

STARTER = "Starter picks"


def _song(setlist: Setlist, name: str, added, votes: int = 0) -> SetlistSong:
    track = make_track(artist=setlist.show.artist, name=name)
    song = SetlistSong(setlist=setlist, track=track, votes=votes, created_at=added)
    db.session.add(song)
    db.session.flush()
    return song


@pytest.fixture
def tied(session):
    """A setlist whose ties the song ids would break the other way: (show, songs in the
    order every reader must show them)."""
    show = make_show()
    make_setlist(show, songs=0)
    now = utcnow()
    bravo = _song(show.setlist, "Bravo", now)
    alpha = _song(show.setlist, "Alpha", now)  # added at the same time: the name decides
    early = _song(show.setlist, "Charlie", now - timedelta(minutes=1))  # added first
    voted = _song(show.setlist, "Delta", now + timedelta(minutes=1), votes=1)
    session.commit()
    return show, [voted, early, alpha, bravo]


def test_ties_go_by_time_added_then_name_in_the_page_the_fragment_the_widget_and_the_api(
    client, tied
):
    show, expected = tied
    ids = [song.id for song in expected]
    page = client.get(f"/shows/{show.id}").text
    fragment = client.get(f"/shows/{show.id}", headers=HX).text
    widget = client.get(f"/embed/shows/{show.id}").text
    for html in (page, fragment, widget):
        assert [song for song, _votes in rows(html)] == ids
    api = client.get(f"/api/shows/{show.id}/setlist").json
    assert [song["id"] for song in api["songs"]] == ids


def test_each_row_carries_its_place_among_ties_for_the_pages_script(client, tied):
    show, expected = tied
    page = client.get(f"/shows/{show.id}").text
    places = dict(re.findall(r'id="setlist-song-(\d+)"[^>]* data-added-order="(\d+)"', page))
    # By time added, then name: Charlie, Alpha, Bravo, Delta.
    assert places == {str(expected[i].id): str(n) for i, n in ((1, 1), (2, 2), (3, 3), (0, 4))}


def test_a_vote_answers_its_row_with_the_same_place(client, auth, tied):
    show, expected = tied
    auth.login()
    alpha, delta = f"/setlist-songs/{expected[2].id}", f"/setlist-songs/{expected[0].id}"
    assert 'data-votes="1" data-added-order="2"' in client.post(f"{alpha}/vote", headers=HX).text
    # A vote that changes nothing, and taking one back, answer the same place.
    assert 'data-votes="1" data-added-order="2"' in client.post(f"{alpha}/vote", headers=HX).text
    assert 'data-votes="0" data-added-order="2"' in client.post(f"{alpha}/unvote", headers=HX).text
    assert 'data-votes="2" data-added-order="4"' in client.post(f"{delta}/vote", headers=HX).text


def test_a_fresh_setlist_says_its_songs_are_starter_picks_until_a_vote(client, auth, session):
    show = make_show(artist=make_artist(spotify_id="0OdUWJ0sBjDrqHygGUXeCF"))
    songs = make_setlist(show)
    session.commit()
    auth.login()
    for path in (f"/shows/{show.id}", f"/embed/shows/{show.id}"):
        assert STARTER in client.get(path).text
    client.post(f"/setlist-songs/{songs[1].id}/vote")
    for path in (f"/shows/{show.id}", f"/embed/shows/{show.id}"):
        assert STARTER not in client.get(path).text


def test_songs_fans_added_for_an_artist_without_a_catalog_are_no_starter_picks(client, session):
    show = make_show()  # its artist is not on Spotify
    make_setlist(show)
    session.commit()
    assert STARTER not in client.get(f"/shows/{show.id}").text
