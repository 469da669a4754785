"""Live setlists: Redis pub/sub fan-out, so every process's WebSockets hear every vote.

After a vote commits, the web process that took it publishes the changed song
ids on the show's channel. Each process runs one subscriber thread: it renders
each changed row once per row variant (page or widget guest) and vote state, and
hands each socket of that show the rows for its watcher, through a bounded queue.
A socket whose queue is full is too slow or dead: it is dropped, so it never holds
the others back.

Clients have nothing to say: a socket that sends anything but pings is closed at
once, a message over MAX_MESSAGE_BYTES is refused before it is buffered, and each
client address holds at most SOCKETS_PER_ADDRESS sockets (slots.py). The route
itself is in views.py.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import defaultdict
from dataclasses import replace
from typing import NamedTuple

from flask import Flask, current_app, render_template
from markupsafe import Markup
from redis.exceptions import RedisError

from ..extensions import db
from ..models import Setlist
from ..redis_client import get_redis
from ..services.setlist_view import RowVariant, SongRow, setlist_view, voted_song_ids
from . import frames
from .slots import SOCKETS_PER_ADDRESS

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "theset:show:"
QUEUE_SIZE = 64
IDLE_PING_SECONDS = 10.0
MAX_MESSAGE_BYTES = 1024  # clients send nothing; pings are control frames, not messages
# WebSocket close codes (RFC 6455 and IANA's registry)
POLICY_VIOLATION = 1008
INTERNAL_ERROR = 1011
TRY_AGAIN_LATER = 1013  # a service the socket needs is down
EXTENSION_KEY = "theset.live.relay"
FIRST_MESSAGE_SECONDS = 5.0  # how long an anonymous first message is kept at most


class Watcher(NamedTuple):
    """Who watches a socket, as far as its rows differ: how they are drawn, and whose votes."""

    variant: RowVariant  # LIVE or LIVE_GUEST
    user_id: int | None


class Listener:
    """One open socket: who is watching, and what is waiting to be sent to them."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.outbox: queue.Queue[str] = queue.Queue(maxsize=QUEUE_SIZE)
        self.dropped = False

    def offer(self, html: str) -> None:
        try:
            self.outbox.put_nowait(html)
        except queue.Full:
            self.dropped = True


class Hub:
    """The sockets of this process by show, and the thread that feeds them from Redis.

    An anonymous socket's first message (every row) is the same for all of a show's
    anonymous watchers of one variant: it is kept until the show changes, so a crowd
    arriving at once costs one rendering, not one per socket. It is kept only while the
    relay hears every change (subscribed to Redis) and the show has sockets here, and for
    FIRST_MESSAGE_SECONDS at most: a show that starts or is cancelled publishes nothing.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.listeners: dict[int, set[Listener]] = defaultdict(set)
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()
        self.hearing = False  # subscribed: every change reaches _deliver
        self.changes: dict[int, int] = defaultdict(int)  # changes heard, per watched show
        # (show, variant) -> (changes heard when drawn, when drawn, the message)
        self.first_messages: dict[tuple[int, RowVariant], tuple[int, float, str]] = {}

    def first_message(self, show_id: int, watcher: Watcher) -> str:
        """Every row of the show, drawn for `watcher` (a socket's first message)."""
        if watcher.user_id is not None:  # their own votes are marked: theirs alone
            return render_changes(show_id, None, {watcher})[watcher]
        key = (show_id, watcher.variant)
        with self.lock:
            seen, kept = self.changes[show_id], self.first_messages.get(key)
        now = time.monotonic()
        if kept is not None and kept[0] == seen and now - kept[1] < FIRST_MESSAGE_SECONDS:
            return kept[2]
        html = render_changes(show_id, None, {watcher})[watcher]
        with self.lock:
            # Not if a change arrived while it was drawn: it may predate that change.
            if self.hearing and show_id in self.listeners and self.changes[show_id] == seen:
                self.first_messages[key] = (seen, now, html)
        return html

    def join(self, show_id: int, listener: Listener) -> None:
        with self.lock:
            self.listeners[show_id].add(listener)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._listen, name="theset-realtime", daemon=True
                )
                self.thread.start()

    def leave(self, show_id: int, listener: Listener) -> None:
        with self.lock:
            self.listeners[show_id].discard(listener)
            if not self.listeners[show_id]:
                del self.listeners[show_id]
                self.changes.pop(show_id, None)
                for variant in RowVariant:
                    self.first_messages.pop((show_id, variant), None)

    def _hear(self, hearing: bool) -> None:
        """Start or stop keeping first messages: only while every change is heard."""
        with self.lock:
            self.hearing = hearing
            self.first_messages.clear()

    def stop(self) -> None:
        """End the relay within a second (the app is going away)."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def _listen(self) -> None:
        """Relay published changes to this process's sockets; reconnect when Redis returns."""
        with self.app.app_context():
            while not self.stopping.is_set():
                try:
                    pubsub = get_redis().pubsub()
                    pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
                    while not self.stopping.is_set():
                        message = pubsub.get_message(timeout=1.0)
                        if message and message["type"] == "pmessage":
                            self._deliver(message["channel"], message["data"])
                        elif message and message["type"] == "psubscribe":
                            self._hear(True)  # Redis confirmed: changes arrive from now
                except RedisError as error:
                    self._hear(False)
                    log.warning("live updates paused, Redis unavailable: %s", error)
                    self.stopping.wait(1.0)
                except Exception:
                    self._hear(False)
                    log.exception("live update relay failed; restarting it")
                    self.stopping.wait(1.0)

    def _deliver(self, channel: bytes | str, data: bytes | str) -> None:
        channel = channel.decode() if isinstance(channel, bytes) else channel
        show_id = int(channel.removeprefix(CHANNEL_PREFIX))
        with self.lock:
            listeners = list(self.listeners.get(show_id, ()))
            if listeners:
                self.changes[show_id] += 1  # first messages kept before are out of date
        if not listeners:
            return
        change = json.loads(data)
        watchers = {x.watcher for x in listeners}
        try:
            messages = render_changes(
                show_id,
                change["songs"],
                watchers,
                added=change.get("added", False),
                removed=change.get("removed", False),
            )
        finally:
            db.session.remove()
        for listener in listeners:
            listener.offer(messages[listener.watcher])


def render_changes(
    show_id: int,
    song_ids: list[int] | None,
    watchers: set[Watcher],
    *,
    added: bool = False,
    removed: bool = False,
) -> dict:
    """The HTML message for each watcher: the changed rows, out of band, drawn for the
    watcher's variant with the fan's own votes marked. Every row (`song_ids` None: a socket's
    first message) replaces the list's rows, since songs may have been added since the page
    was drawn. Songs just `added` are on no page yet: their rows are appended to the list,
    with the signal that tells open add-song pickers to stop offering them. Songs `removed`
    from the setlist leave their pages."""
    # One neutral request context for all the rendering (a context per row cost a crowd's
    # first messages half their time): no socket's own request leaks into the rows.
    with current_app.test_request_context("/"):
        return _render_changes(show_id, song_ids, watchers, added=added, removed=removed)


def _render_changes(show_id, song_ids, watchers, *, added, removed) -> dict:
    setlist = db.session.query(Setlist).filter_by(show_id=show_id).one()
    view = setlist_view(setlist, None, song_ids=song_ids)
    # One query for every watching fan's votes, not one per fan.
    fans = {watcher.user_id for watcher in watchers if watcher.user_id}
    voted = voted_song_ids(fans, [row.id for row in view.rows])
    rendered: dict[tuple, str] = {}

    def row_html(variant: RowVariant, row: SongRow, own_vote: bool) -> str:
        key = (variant, row.id, own_vote)
        if key not in rendered:
            rendered[key] = render_row(
                replace(row, voted=own_vote), variant, view.closed_reason, in_list=in_list
            )
        return rendered[key]

    def message(watcher: Watcher) -> str:
        rows = "".join(
            row_html(watcher.variant, row, row.id in voted.get(watcher.user_id, ()))
            for row in view.rows
        )
        if song_ids is None:
            return list_rows(rows, "innerHTML")
        return (list_rows(rows, "beforeend") if added else rows) + signal

    in_list = added or song_ids is None
    signal = render_template("setlists/_added.html", added=view.rows) if added else ""
    if removed:
        signal += render_template("setlists/_removed.html", song_ids=song_ids)
    return {watcher: message(watcher) for watcher in watchers}


def render_row(
    row: SongRow, variant: RowVariant, closed_reason: str | None, in_list: bool = False
) -> str:
    """One song's row (setlists/_song.html); `in_list`: sent inside list_rows."""
    return render_template(
        "setlists/_song.html",
        song=row,
        variant=variant,
        closed_reason=closed_reason,
        in_list=in_list,
    )


def list_rows(rows: str, swap: str) -> str:
    """Rows for the page's list, out of band: appended ("beforeend") or all ("innerHTML")."""
    # The rows are our own template's output, every value escaped there.
    return render_template("setlists/_list_rows.html", rows=Markup(rows), swap=swap)  # nosec B704


def publish(
    show_id: int, song_ids: list[int], *, added: bool = False, removed: bool = False
) -> None:
    """Tell every web process that these songs of the show changed, or were `added` to
    its setlist or `removed` from it (after commit)."""
    change = {"songs": song_ids, "added": added, "removed": removed}
    try:
        get_redis().publish(f"{CHANNEL_PREFIX}{show_id}", json.dumps(change))
    except RedisError as error:
        # The vote is committed; viewers see it on their next load.
        log.warning("live update for show %s not published: %s", show_id, error)


def hub() -> Hub:
    return current_app.extensions[EXTENSION_KEY]


def init_app(app: Flask) -> None:
    """Create this process's hub and bound what a client may send or hold open."""
    app.extensions[EXTENSION_KEY] = Hub(app)
    frames.install()
    app.config.setdefault("SOCK_SERVER_OPTIONS", {"max_message_size": MAX_MESSAGE_BYTES})
    app.config.setdefault("SOCKETS_PER_ADDRESS", SOCKETS_PER_ADDRESS)
