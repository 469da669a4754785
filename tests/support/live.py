"""The app on a live server, and the WebSockets of its shows."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from flask import Flask
from simple_websocket import ConnectionClosed
from werkzeug.serving import make_server

from theset.extensions import db
from theset.web import hosts

from ..factories import make_setlist, make_show, make_user


class LiveServer:
    """The app served by werkzeug on a free port, in a thread."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        if isinstance(app, Flask):  # its absolute URLs point here, and it answers here
            hosts.serve_at(app, self.url)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=5)


def ready_setlist(songs: int = 3, votes: Sequence[int] = ()) -> tuple[int, list[int], int]:
    """A committed show with a ready setlist (see `make_setlist`) and a fan who may vote on
    it, inside an app context: the show's, the songs' and the fan's ids, for other threads."""
    show = make_show()
    rows = make_setlist(show, songs=songs, votes=votes)
    fan = make_user()
    db.session.commit()
    return show.id, [row.id for row in rows], fan.id


def receive_until(ws, predicate, timeout=5.0):
    """The first message on `ws` that `predicate` accepts; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = ws.receive(timeout=max(0.01, deadline - time.monotonic()))
        if message is not None and predicate(message):
            return message
    raise AssertionError("no matching WebSocket message arrived")


def closed_within(ws, seconds: float) -> bool:
    """Whether the server closes `ws` within `seconds` (messages it sends are skipped)."""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            ws.receive(timeout=0.2)
    except ConnectionClosed:
        return True
    return not ws.connected
