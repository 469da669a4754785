"""Voting: one vote per fan per song, counters that never drift, answers in every format."""

import json
import threading
from datetime import timedelta
from functools import partial

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import func, select

from theset.extensions import db
from theset.models import SetlistSong, Show, Vote, utcnow
from theset.services.votes import (
    VersionOnSetlist,
    VotingClosed,
    add_song,
    reconcile_votes,
    unvote,
    vote,
)

from .conftest import empty_database
from .factories import make_artist, make_setlist, make_show, make_track, make_user
from .support.concurrency import at_once
from .support.headers import HX, JSON


@pytest.fixture
def song(session):
    song = make_setlist(make_show())[0]
    session.commit()
    return song


@pytest.fixture
def fan(auth):
    return auth.login()


def test_anonymous_votes_go_to_sign_in_and_back_to_the_show(client, song):
    show_url = f"http://localhost/shows/{song.setlist.show_id}"
    plain = client.post(f"/setlist-songs/{song.id}/vote", headers={"Referer": show_url})
    assert plain.status_code == 303
    assert plain.headers["Location"] == f"/login?next=/shows/{song.setlist.show_id}"
    htmx = client.post(f"/setlist-songs/{song.id}/vote", headers={**HX, "Referer": show_url})
    assert htmx.status_code == 204  # htmx follows HX-Redirect; no error in the console
    assert htmx.headers["HX-Redirect"] == f"/login?next=/shows/{song.setlist.show_id}"
    as_json = client.post(f"/setlist-songs/{song.id}/vote", headers=JSON)
    assert as_json.status_code == 401 and as_json.json["error"]["status"] == 401


def test_vote_twice_then_unvote_twice_as_json(client, fan, song):
    url = f"/setlist-songs/{song.id}"
    first = client.post(f"{url}/vote", headers=JSON).json
    assert first == {"setlist_song_id": song.id, "votes": 1, "voted": True}
    assert client.post(f"{url}/vote", headers=JSON).json == first
    taken_back = client.post(f"{url}/unvote", headers=JSON).json
    assert taken_back == {"setlist_song_id": song.id, "votes": 0, "voted": False}
    assert client.post(f"{url}/unvote", headers=JSON).json == taken_back


def test_vote_without_javascript_redirects_back_to_the_song(client, fan, song):
    response = client.post(f"/setlist-songs/{song.id}/vote")
    assert response.status_code == 303
    assert response.headers["Location"] == (f"/shows/{song.setlist.show_id}#setlist-song-{song.id}")
    page = client.get(response.headers["Location"]).text
    assert f'id="setlist-song-{song.id}" class="song" data-votes="1"' in page
    assert 'aria-pressed="true"' in page


def test_vote_with_htmx_answers_the_updated_row(client, fan, song):
    row = client.post(f"/setlist-songs/{song.id}/vote", headers=HX).text
    assert row.lstrip().startswith(f'<li id="setlist-song-{song.id}" class="song" data-votes="1"')
    assert 'aria-pressed="true"' in row and f"/setlist-songs/{song.id}/unvote" in row


def test_setlist_shows_most_votes_first(client, fan, session, song):
    others = session.scalars(
        select(SetlistSong).where(SetlistSong.setlist_id == song.setlist_id)
    ).all()
    last = others[-1]
    client.post(f"/setlist-songs/{last.id}/vote")
    page = client.get(f"/shows/{song.setlist.show_id}").text
    assert page.index(f'id="setlist-song-{last.id}"') < page.index(f'id="setlist-song-{song.id}"')


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "cancelled"),
        ({"starts_at": utcnow() - timedelta(minutes=5)}, "started"),
    ],
)
def test_voting_closes_when_the_show_starts_or_is_cancelled(client, fan, session, change, message):
    show = make_show(**change)
    song = make_setlist(show)[0]
    session.commit()
    response = client.post(f"/setlist-songs/{song.id}/vote")
    assert response.status_code == 403
    assert message in response.text
    assert (
        client.post(f"/setlist-songs/{song.id}/vote", headers=JSON).json["error"]["status"] == 403
    )
    page = client.get(f"/shows/{show.id}").text
    assert "Voting closed" in page and "▲ Vote" not in page
    assert session.scalar(select(func.count(Vote.id))) == 0


def test_a_vote_cast_earlier_is_loaded_at_its_moment_only_while_voting_was_open(app, session):
    starts_at = utcnow() - timedelta(days=3)
    show = make_show(starts_at=starts_at)
    setlist = make_setlist(show, songs=1)[0].setlist
    extra, fan = make_track(artist=show.artist, name="Deep Cut"), make_user()
    session.commit()
    the_day_before = starts_at - timedelta(days=1)
    song, added = add_song(fan.id, setlist, extra.id, at=the_day_before)
    cast = vote(fan.id, song.id, at=the_day_before)
    assert added and cast.changed and cast.votes == 1
    assert session.scalar(select(Vote.created_at)) == the_day_before
    assert vote(fan.id, song.id, at=the_day_before).changed is False  # loading again
    with pytest.raises(VotingClosed):
        vote(make_user().id, song.id, at=starts_at)
    with pytest.raises(VotingClosed):
        add_song(fan.id, setlist, make_track(artist=show.artist).id, at=starts_at)
    with pytest.raises(VotingClosed):
        vote(make_user().id, song.id)  # now: the show has started
    assert session.scalar(select(func.count(Vote.id))) == 1


def test_unknown_song_is_a_404(client, fan):
    assert client.post("/setlist-songs/999999/vote").status_code == 404
    assert client.post("/setlist-songs/99999999999999/vote").status_code == 404


def test_adding_a_catalog_song(client, fan, session, song):
    show = song.setlist.show
    extra = make_track(artist=show.artist, name="Deep Cut")
    session.commit()
    response = client.post(f"/shows/{show.id}/songs", data={"track_id": str(extra.id)})
    assert response.status_code == 303
    assert "Deep Cut" in client.get(f"/shows/{show.id}").text
    again = client.post(f"/shows/{show.id}/songs", data={"track_id": str(extra.id)}, headers=JSON)
    assert again.status_code == 200 and again.json["added"] is False
    count = session.scalar(
        select(func.count(SetlistSong.id)).where(SetlistSong.setlist_id == song.setlist_id)
    )
    assert count == 4


def test_adding_a_song_with_htmx_answers_its_row_for_the_list_and_a_closed_picker(
    client, fan, session, song
):
    show = song.setlist.show
    extra = make_track(artist=show.artist, name="Deep Cut")
    session.commit()
    response = client.post(f"/shows/{show.id}/songs", data={"track_id": str(extra.id)}, headers=HX)
    assert response.status_code == 200
    html = response.text.strip()
    # Not the setlist again: that would open a second live socket.
    assert html.startswith('<ul id="song-picker-options"') and "ws-connect" not in html
    assert 'id="setlist"' not in html and "<html" not in html
    added = session.scalar(select(SetlistSong.id).where(SetlistSong.track_id == extra.id))
    assert html.count('class="song"') == 1
    assert f'<ol hx-swap-oob="beforeend:#songs"><li id="setlist-song-{added}"' in html
    # The picker's options close, with nothing chosen, and its status says what happened.
    assert 'role="option"' not in html and "“Deep Cut” is on the setlist now." in html
    assert json.loads(response.headers["HX-Trigger"]) == {"song-added": {"setlist_song_id": added}}
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("on_setlist", "adding"),
    [
        ("4 a.m. Cab Ride", "4 a.m. Cab Ride – 2020 Remaster"),
        ("4 a.m. Cab Ride", "4 A.M. Cab Ride (Live at The Lantern Room)"),
        ("4 a.m. Cab Ride (Live)", "4 a.m. Cab Ride"),
    ],
)
def test_adding_a_version_of_a_song_on_the_setlist_is_refused(
    client, fan, session, on_setlist, adding
):
    show = make_show()
    (song,) = make_setlist(show, songs=1)
    song.track.name = on_setlist
    version = make_track(artist=show.artist, name=adding, is_studio=False)
    session.commit()
    url, data = f"/shows/{show.id}/songs", {"track_id": str(version.id)}
    for headers in ({}, HX):
        response = client.post(url, data=data, headers=headers)
        assert response.status_code == 409
        assert f"“{on_setlist}” is on the setlist already" in response.text
    as_json = client.post(url, data=data, headers=JSON).json
    assert as_json["error"]["status"] == 409 and "vote for it there" in as_json["error"]["message"]
    assert session.scalar(select(func.count(SetlistSong.id))) == 1


def test_versions_added_at_once_put_one_on_the_setlist(committed_app):
    with committed_app.app_context():
        show = make_show()
        make_setlist(show, songs=0)
        titles = ["Owl Light", "Owl Light - 2020 Remaster", "Owl Light (Live)", "Owl Light [Demo]"]
        tracks = [make_track(artist=show.artist, name=title).id for title in titles]
        fans = [make_user().id for _ in tracks * 2]
        show_id = show.id
        db.session.commit()

    def add(fan_id, track_id):
        with committed_app.app_context():
            try:
                return add_song(fan_id, db.session.get(Show, show_id).setlist, track_id)[1]
            except VersionOnSetlist:
                return False

    try:
        pairs = zip(fans, tracks * 2, strict=True)
        added = at_once(*(partial(add, fan, track) for fan, track in pairs))
        assert sorted(added) == [False] * 7 + [True]
        with committed_app.app_context():
            assert db.session.scalar(select(func.count(SetlistSong.id))) == 1
    finally:
        empty_database(committed_app)


def test_adding_with_nothing_chosen_says_so_in_the_page(client, fan, song):
    response = client.post(f"/shows/{song.setlist.show_id}/songs", data={}, headers=HX)
    assert response.status_code == 400
    assert "Choose a song from the list to add it." in response.text


@pytest.mark.parametrize("track_id", ["", "abc", "-1", "99999999999"])
def test_adding_garbage_is_a_400(client, fan, song, track_id):
    response = client.post(f"/shows/{song.setlist.show_id}/songs", data={"track_id": track_id})
    assert response.status_code == 400
    assert "Choose a song" in response.text


def test_adding_another_artists_song_is_a_400(client, fan, session, song):
    stranger = make_track(artist=make_artist(name="Someone Else"))
    session.commit()
    response = client.post(
        f"/shows/{song.setlist.show_id}/songs", data={"track_id": str(stranger.id)}
    )
    assert response.status_code == 400
    assert "not in" in response.text and "catalog" in response.text


@pytest.mark.csrf
def test_a_post_without_a_csrf_token_changes_nothing(client, auth, session, song):
    auth.login()
    response = client.post(f"/setlist-songs/{song.id}/vote")
    assert response.status_code == 400
    assert session.scalar(select(func.count(Vote.id))) == 0


def test_forty_fans_voting_twice_at_once_count_forty(committed_app):
    with committed_app.app_context():
        song_id = make_setlist(make_show(), songs=1)[0].id
        fans = [make_user().id for _ in range(40)]
        db.session.commit()
    barrier = threading.Barrier(80)
    errors = []

    def cast(user_id):
        with committed_app.app_context():
            try:
                barrier.wait()
                vote(user_id, song_id)
            except Exception as error:  # collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=cast, args=(fan,)) for fan in fans * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        with committed_app.app_context():
            assert db.session.get(SetlistSong, song_id).votes == 40
            assert db.session.scalar(select(func.count(Vote.id))) == 40
    finally:
        empty_database(committed_app)


class VotingMachine(RuleBasedStateMachine):
    """Random votes and unvotes by a few fans on a few songs keep counter == rows == the
    number of fans whose last action on the song was a vote."""

    session = None

    def __init__(self):
        super().__init__()
        show = make_show()
        self.songs = make_setlist(show, songs=2)
        self.fans = [make_user().id for _ in range(3)]
        self.voted = set()  # the model: (fan, song) pairs that hold a vote
        db.session.commit()

    @rule(fan=st.integers(0, 2), song=st.integers(0, 1))
    def vote(self, fan, song):
        vote(self.fans[fan], self.songs[song].id)
        self.voted.add((fan, song))

    @rule(fan=st.integers(0, 2), song=st.integers(0, 1))
    def unvote(self, fan, song):
        unvote(self.fans[fan], self.songs[song].id)
        self.voted.discard((fan, song))

    @invariant()
    def counters_match_rows(self):
        for n, song in enumerate(self.songs):
            expected = sum(1 for _, voted_song in self.voted if voted_song == n)
            rows = db.session.scalar(
                select(func.count(Vote.id)).where(Vote.setlist_song_id == song.id)
            )
            counter = db.session.scalar(select(SetlistSong.votes).where(SetlistSong.id == song.id))
            assert counter == rows == expected


def test_random_vote_sequences_keep_counters_true(session):
    VotingMachine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=20, deadline=None
    )
    VotingMachine.TestCase().runTest()


def test_reconcile_votes_fixes_and_reports_drift(session, runner, song):
    vote(make_user().id, song.id)
    session.execute(db.update(SetlistSong).where(SetlistSong.id == song.id).values(votes=7))
    session.commit()
    assert reconcile_votes() == [(song.id, 7, 1)]
    assert reconcile_votes() == []
    session.execute(db.update(SetlistSong).where(SetlistSong.id == song.id).values(votes=3))
    session.commit()
    result = runner.invoke(args=["theset", "reconcile-votes"])
    assert result.exit_code == 0
    assert f"song {song.id}: 3 -> 1" in result.output
    assert "1 counter corrected" in result.output
