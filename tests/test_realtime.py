"""Live setlists over WebSockets: every socket of a show hears every vote, in any process."""

import os
import re
import time

import pytest
from flask import url_for
from simple_websocket import Client, ConnectionClosed

from theset.extensions import db
from theset.live import relay
from theset.live.relay import QUEUE_SIZE, Listener, Watcher, render_changes
from theset.live.slots import SocketSlots
from theset.models import Show, Vote
from theset.redis_client import get_redis
from theset.services.setlist_view import RowVariant

from .conftest import TEST_DATABASE_URL, TEST_REDIS_URL, empty_database
from .factories import make_track, make_user
from .support.auth import signed_in_client
from .support.live import LiveServer, closed_within, ready_setlist, receive_until
from .support.processes import gunicorn, peer_ports, wait_until, worker_pids
from .support.queries import statements_run
from .support.rows import votes_of


@pytest.fixture
def live(committed_app):
    with LiveServer(committed_app) as server:
        yield server


def test_the_socket_route_belongs_to_the_live_blueprint(app):
    with app.test_request_context("/"):
        assert url_for("live.show_socket", show_id=5) == "ws://localhost/ws/shows/5"


def test_a_socket_first_gets_the_current_state_of_every_row(live, committed_app):
    with committed_app.app_context():
        show_id, songs, _fan = ready_setlist()
    ws = Client.connect(f"ws://127.0.0.1:{live.url.rsplit(':', 1)[1]}/ws/shows/{show_id}")
    try:
        first = ws.receive(timeout=5)
        assert votes_of(first) == {song: 0 for song in songs}
        # In place of the list's rows: it may hold songs added since the page was drawn.
        assert first.startswith('<ol hx-swap-oob="innerHTML:#songs"><li id="setlist-song-')
        assert first.count("hx-swap-oob") == 1
    finally:
        ws.close()


def test_a_crowds_anonymous_first_messages_are_drawn_once_until_the_show_changes(
    live, committed_app
):
    with committed_app.app_context():
        show_id, songs, fan_id = ready_setlist()
    url = live.url.replace("http://", "ws://") + f"/ws/shows/{show_id}"
    hub = committed_app.extensions[relay.EXTENSION_KEY]
    sockets = [Client.connect(url)]  # the first starts this process's relay
    try:
        sockets[0].receive(timeout=5)
        wait_until(lambda: hub.hearing, "the relay to hear every change")
        sockets.append(Client.connect(url))  # drawn, and kept
        drawn = sockets[-1].receive(timeout=5)
        with statements_run(committed_app) as statements:
            sockets.append(Client.connect(url))
            assert sockets[-1].receive(timeout=5) == drawn
        assert not [sql for sql in statements if "setlist_songs" in sql]  # not drawn again
        voter = signed_in_client(committed_app, fan_id)
        assert voter.post(f"/setlist-songs/{songs[0]}/vote").status_code == 303
        receive_until(sockets[0], lambda m: votes_of(m).get(songs[0]) == 1)
        sockets.append(Client.connect(url))  # the show changed: drawn anew
        assert votes_of(sockets[-1].receive(timeout=5))[songs[0]] == 1
    finally:
        for ws in sockets:
            ws.close()


def test_a_kept_first_message_is_drawn_anew_after_a_while(live, committed_app, monkeypatch):
    """A show that starts or is cancelled publishes nothing: what was kept goes stale."""
    monkeypatch.setattr(relay, "FIRST_MESSAGE_SECONDS", 0.5)
    with committed_app.app_context():
        show_id, _songs, _fan = ready_setlist()
    url = live.url.replace("http://", "ws://") + f"/ws/shows/{show_id}"
    hub = committed_app.extensions[relay.EXTENSION_KEY]
    sockets = [Client.connect(url)]
    try:
        sockets[0].receive(timeout=5)
        wait_until(lambda: hub.hearing, "the relay to hear every change")
        sockets.append(Client.connect(url))  # drawn, and kept
        assert "Voting closed" not in sockets[-1].receive(timeout=5)
        with committed_app.app_context():
            db.session.get(Show, show_id).status = "cancelled"  # by a Ticketmaster sync
            db.session.commit()
        time.sleep(0.6)
        sockets.append(Client.connect(url))
        assert "Voting closed" in sockets[-1].receive(timeout=5)
    finally:
        for ws in sockets:
            ws.close()


def test_a_vote_reaches_every_socket_of_the_show_with_each_fans_own_button(live, committed_app):
    with committed_app.app_context():
        show_id, songs, fan_id = ready_setlist()
    port = live.url.rsplit(":", 1)[1]
    voter = signed_in_client(committed_app, fan_id)
    cookie = voter.get_cookie("session").value
    mine = Client.connect(
        f"ws://127.0.0.1:{port}/ws/shows/{show_id}", headers={"Cookie": f"session={cookie}"}
    )
    theirs = Client.connect(f"ws://127.0.0.1:{port}/ws/shows/{show_id}")
    try:
        mine.receive(timeout=5)
        theirs.receive(timeout=5)
        started = time.monotonic()
        assert voter.post(f"/setlist-songs/{songs[1]}/vote").status_code == 303
        for ws, pressed in ((mine, "true"), (theirs, "false")):
            message = receive_until(ws, lambda m: votes_of(m).get(songs[1]) == 1)
            assert f'aria-pressed="{pressed}"' in message
            assert set(votes_of(message)) == {songs[1]}  # only the changed row
        assert time.monotonic() - started < 2
    finally:
        mine.close()
        theirs.close()


def test_an_added_song_reaches_every_socket_with_a_signal_for_open_pickers(live, committed_app):
    with committed_app.app_context():
        show_id, songs, fan_id = ready_setlist()
        deep_cut = make_track(artist=db.session.get(Show, show_id).artist, name="Deep Cut").id
        db.session.commit()
    adder = signed_in_client(committed_app, fan_id)
    ws = Client.connect(f"{live.url.replace('http://', 'ws://')}/ws/shows/{show_id}")
    try:
        ws.receive(timeout=5)
        assert adder.post(f"/setlist-songs/{songs[0]}/vote").status_code == 303
        a_vote = receive_until(ws, lambda m: votes_of(m).get(songs[0]) == 1)
        assert "setlist-added" not in a_vote  # votes leave the pickers alone
        added = adder.post(f"/shows/{show_id}/songs", data={"track_id": str(deep_cut)})
        song_id = int(added.headers["Location"].rsplit("-", 1)[1])
        message = receive_until(ws, lambda m: "setlist-added" in m)
        assert votes_of(message) == {song_id: 0}
        # No page shows the song yet: its row goes at the end of the list, not by its id.
        appended = f'<ol hx-swap-oob="beforeend:#songs"><li id="setlist-song-{song_id}"'
        assert message.startswith(appended)
        assert message.count("hx-swap-oob") == 2  # the list's and the signal's
        signal = f'<span id="setlist-added" hidden hx-swap-oob="true" data-songs="{song_id}">'
        assert signal in message
    finally:
        ws.close()


def test_a_widgets_guest_gets_the_servers_links_to_vote_on_the_show_page(live, committed_app):
    with committed_app.app_context():
        show_id, songs, fan_id = ready_setlist()
    url = f"{live.url.replace('http://', 'ws://')}/ws/shows/{show_id}?embed=1"
    voter = signed_in_client(committed_app, fan_id)
    guest = Client.connect(url)
    fan = Client.connect(url, headers={"Cookie": f"session={voter.get_cookie('session').value}"})
    link = f'<a class="vote-button" href="{live.url}/shows/{show_id}" target="_top"'
    try:
        first = guest.receive(timeout=5)
        assert first.count(link) == 3 and "vote-form" not in first
        assert first.startswith('<ol hx-swap-oob="innerHTML:#songs">')
        mine = fan.receive(timeout=5)  # a signed-in fan votes inside the widget
        assert mine.count('class="vote-form"') == 3 and link not in mine
        assert voter.post(f"/setlist-songs/{songs[1]}/vote").status_code == 303
        message = receive_until(guest, lambda m: votes_of(m).get(songs[1]) == 1)
        assert message.count(link) == 1 and "vote-form" not in message
        assert 'aria-pressed="true"' in receive_until(fan, lambda m: votes_of(m).get(songs[1]))
    finally:
        guest.close()
        fan.close()


def test_a_client_message_changes_nothing_and_closes_the_socket(live, committed_app):
    with committed_app.app_context():
        show_id, songs, _fan = ready_setlist()
    ws = Client.connect(f"ws://127.0.0.1:{live.url.rsplit(':', 1)[1]}/ws/shows/{show_id}")
    ws.receive(timeout=5)
    ws.send(f'{{"vote": {songs[0]}}}')
    assert closed_within(ws, 3)
    assert ws.close_reason == 1008  # policy violation: clients have nothing to say
    with committed_app.app_context():
        assert db.session.query(Vote).count() == 0


def test_unknown_show_socket_is_closed(live):
    ws = Client.connect(f"ws://127.0.0.1:{live.url.rsplit(':', 1)[1]}/ws/shows/999999")
    with pytest.raises(ConnectionClosed) as closed:  # a silent open socket answers None
        ws.receive(timeout=5)
    assert closed.value.reason == 1008  # policy violation: no such setlist


def test_the_rows_for_many_signed_in_watchers_cost_one_votes_query(session, count_queries):
    show_id, songs, _fan = ready_setlist()
    fans = [make_user().id for _ in range(30)]
    for n, fan in enumerate(fans):
        session.add(Vote(user_id=fan, setlist_song_id=songs[n % 3]))
    session.commit()
    guest = Watcher(RowVariant.LIVE, None)
    with count_queries() as one_fan:
        render_changes(show_id, songs, {Watcher(RowVariant.LIVE, fans[0]), guest})
    with count_queries() as all_fans:
        messages = render_changes(
            show_id, songs, {*(Watcher(RowVariant.LIVE, fan) for fan in fans), guest}
        )
    assert len(all_fans) == len(one_fan)
    for n, fan in enumerate(fans):
        rows = messages[Watcher(RowVariant.LIVE, fan)].split("</li>")
        own = [
            re.search(r'id="setlist-song-(\d+)"', row)[1]
            for row in rows
            if 'aria-pressed="true"' in row
        ]
        assert [int(song) for song in own] == [songs[n % 3]]
    assert 'aria-pressed="true"' not in messages[guest]


def test_a_slow_listener_is_dropped_instead_of_holding_others_back():
    slow, fine = (Listener(Watcher(RowVariant.LIVE, None)) for _ in range(2))
    for n in range(QUEUE_SIZE + 5):
        slow.offer(f"message {n}")
    fine.offer("hello")
    assert slow.dropped is True
    assert fine.dropped is False and fine.outbox.get_nowait() == "hello"


@pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="needs PostgreSQL and Redis shared by two gunicorn workers",
)
def test_sockets_on_two_gunicorn_workers_all_hear_a_vote(committed_app, backend, tmp_path):
    if not backend.is_postgres:
        pytest.skip("the embedded backend cannot be shared by two processes")
    with committed_app.app_context():
        show_id, songs, fan_id = ready_setlist()
    env = {
        **os.environ,
        "DATABASE_URL": TEST_DATABASE_URL,
        "REDIS_URL": TEST_REDIS_URL,
        "THESET_INSTANCE_PATH": str(tmp_path),
    }
    sockets = []
    try:
        with gunicorn(env, workers=2) as (url, server):
            assert len(worker_pids(server.pid)) == 2
            ws_url = url.replace("http://", "ws://") + f"/ws/shows/{show_id}"
            port = int(url.rsplit(":", 1)[1])
            try:
                # Workers accept in turn as they please: connect until both hold a socket.
                while len(sockets) < 40 and not all(_holds_one(sockets, server, port)):
                    sockets.append(Client.connect(ws_url))
                    sockets[-1].receive(timeout=5)
                assert _holds_one(sockets, server, port) == [True, True], "one worker got them all"
                voter = signed_in_client(committed_app, fan_id)
                assert voter.post(f"/setlist-songs/{songs[0]}/vote").status_code == 303
                for ws in sockets:
                    receive_until(ws, lambda m: votes_of(m).get(songs[0]) == 1)
            finally:
                for ws in sockets:
                    ws.close()
    finally:
        empty_database(committed_app)


def _holds_one(sockets, server, port) -> list[bool]:
    """For each gunicorn worker, whether it serves one of `sockets`."""
    ours = {ws.sock.getsockname()[1] for ws in sockets}
    return [bool(peer_ports(pid, port) & ours) for pid in worker_pids(server.pid)]


def test_other_origins_watch_only_as_anonymous_viewers(live, committed_app):
    with committed_app.app_context():
        show_id, songs, fan_id = ready_setlist()
    port = live.url.rsplit(":", 1)[1]
    voter = signed_in_client(committed_app, fan_id)
    voter.post(f"/setlist-songs/{songs[0]}/vote")
    cookie = {"Cookie": f"session={voter.get_cookie('session').value}"}
    url = f"ws://127.0.0.1:{port}/ws/shows/{show_id}"
    # This client sends "Host: 127.0.0.1" without the port, so our origin is that.
    ours = Client.connect(url, headers={**cookie, "Origin": "http://127.0.0.1"})
    theirs = Client.connect(url, headers={**cookie, "Origin": "https://evil.example"})
    try:
        assert 'aria-pressed="true"' in ours.receive(timeout=5)
        assert 'aria-pressed="true"' not in theirs.receive(timeout=5)
    finally:
        ours.close()
        theirs.close()


def test_a_socket_that_sends_a_megabyte_is_closed(live, committed_app):
    with committed_app.app_context():
        show_id, _songs, _fan = ready_setlist()
    ws = Client.connect(f"ws://127.0.0.1:{live.url.rsplit(':', 1)[1]}/ws/shows/{show_id}")
    ws.receive(timeout=5)
    try:
        ws.send("x" * 1_000_000)
    except (ConnectionClosed, OSError):
        pass  # closed while still sending
    assert closed_within(ws, 3)
    assert ws.close_reason == 1009  # message too big


def test_sockets_per_client_address_are_capped(make_app, committed_app):
    app = make_app(SOCKETS_PER_ADDRESS=3)
    with app.app_context():
        show_id, _songs, _fan = ready_setlist()
    with LiveServer(app) as server:
        url = f"ws://127.0.0.1:{server.url.rsplit(':', 1)[1]}/ws/shows/{show_id}"
        sockets = [Client.connect(url) for _ in range(3)]
        try:
            for ws in sockets:
                ws.receive(timeout=5)
            extra = Client.connect(url)
            assert closed_within(extra, 3)
            assert extra.close_reason == 1008
            sockets[0].close()
            with app.app_context():  # the server notices the close and frees the place
                slots = SocketSlots(get_redis(), 3)
                wait_until(lambda: get_redis().zcard(slots.key("127.0.0.1")) < 3, "a freed place")
            again = Client.connect(url)  # a freed place can be taken again
            sockets.append(again)
            assert again.receive(timeout=5) is not None
        finally:
            for ws in sockets:
                if ws.connected:
                    ws.close()
