"""A vote made before signing in: kept across sign-in, counted once back on the show."""

from datetime import timedelta

import pytest

from theset.models import Show, utcnow
from theset.views.pending_vote import PENDING_VOTE

from .factories import make_artist, make_setlist, make_show
from .support.headers import HX, JSON
from .support.rows import votes_of


@pytest.fixture
def songs(session):
    songs = make_setlist(make_show(artist=make_artist(name="Night Ferries")))
    session.commit()
    return songs


def _vote_signed_out(client, song, **headers):
    show_url = f"http://localhost/shows/{song.setlist.show_id}"
    return client.post(f"/setlist-songs/{song.id}/vote", headers={"Referer": show_url, **headers})


def _demo_sign_in(client, show_id: int):
    """Sign in as a demo fan from the page the vote sent the fan to."""
    assert client.get(f"/login?next=/shows/{show_id}").status_code == 200
    landed = client.post("/login/demo", data={"fan": "demo_mara"})
    assert landed.status_code == 303 and landed.headers["Location"] == f"/shows/{show_id}"


def test_a_vote_before_sign_in_is_counted_once_back_on_the_show(client, songs):
    song = songs[2]
    show_id = song.setlist.show_id
    assert _vote_signed_out(client, song).headers["Location"] == f"/login?next=/shows/{show_id}"
    _demo_sign_in(client, show_id)

    back = client.get(f"/shows/{show_id}").text
    assert f"Your vote for {song.track.name} is counted." in back
    assert votes_of(back)[song.id] == 1 and 'aria-pressed="true"' in back
    again = client.get(f"/shows/{show_id}").text
    assert "is counted" not in again and votes_of(again)[song.id] == 1


def test_htmx_is_sent_to_sign_in_without_an_error_status_and_the_vote_is_kept(client, songs):
    song = songs[0]
    show_id = song.setlist.show_id
    answer = _vote_signed_out(client, song, **HX)
    assert answer.status_code == 204
    assert answer.headers["HX-Redirect"] == f"/login?next=/shows/{show_id}"
    with client.session_transaction() as session:
        assert session[PENDING_VOTE] == {"song": song.id, "show": show_id}


def test_a_json_client_gets_a_401_and_no_vote_is_kept(client, songs):
    answer = _vote_signed_out(client, songs[0], **JSON)
    assert answer.status_code == 401 and answer.json["error"]["status"] == 401
    with client.session_transaction() as session:
        assert PENDING_VOTE not in session


def test_a_pending_vote_waits_for_its_own_show(client, session, songs):
    song = songs[1]
    elsewhere = make_show()
    make_setlist(elsewhere)
    session.commit()
    _vote_signed_out(client, song)
    _demo_sign_in(client, song.setlist.show_id)

    assert "is counted" not in client.get(f"/shows/{elsewhere.id}").text
    assert votes_of(client.get(f"/shows/{song.setlist.show_id}").text)[song.id] == 1


def test_no_vote_is_counted_when_voting_closed_while_the_fan_signed_in(client, session, songs):
    song = songs[0]
    show_id = song.setlist.show_id
    _vote_signed_out(client, song)
    session.get(Show, show_id).starts_at = utcnow() - timedelta(minutes=1)
    session.commit()
    _demo_sign_in(client, show_id)

    back = client.get(f"/shows/{show_id}").text
    assert "This show has started, so voting is closed." in back
    assert "The vote you made before signing in was not counted." in back
    assert votes_of(back)[song.id] == 0
    with client.session_transaction() as cookie:
        assert PENDING_VOTE not in cookie
