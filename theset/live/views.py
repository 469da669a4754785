"""The WebSocket route: a show's live setlist rows, fed by this process's relay hub."""

from __future__ import annotations

import logging
import queue
import threading
from contextlib import suppress

from flask import Blueprint, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from redis.exceptions import RedisError
from simple_websocket import ConnectionClosed
from sqlalchemy.exc import OperationalError
from wsproto.utilities import LocalProtocolError

from ..extensions import db, sock
from ..models import Setlist
from ..redis_client import get_redis
from ..services.setlist_view import row_variant
from ..web.origin import from_our_pages
from .relay import (
    IDLE_PING_SECONDS,
    INTERNAL_ERROR,
    POLICY_VIOLATION,
    TRY_AGAIN_LATER,
    Listener,
    Watcher,
    hub,
)
from .slots import SocketSlots

log = logging.getLogger(__name__)

bp = Blueprint("live", __name__)


@sock.route("/ws/shows/<id:show_id>", bp=bp)
def show_socket(ws, show_id: int) -> None:
    """Live rows of a show's setlist for the htmx ws extension (`?embed=1`: drawn for the
    widget); a client that sends anything but pings is closed (sockets never change state).

    The handshake is done before this runs, so an HTTP error page would corrupt the
    socket's stream: a failure closes it with a WebSocket code instead (the ws extension
    reconnects on both)."""
    try:
        _serve(ws, show_id)
    except ConnectionClosed:
        pass
    except (OperationalError, RedisError) as error:
        log.error("live socket: backing service unavailable: %s", error.__class__.__name__)
        _close(ws, TRY_AGAIN_LATER, "a backing service is unavailable; try again later")
    except Exception:
        log.exception("live socket of show %s failed", show_id)
        _close(ws, INTERNAL_ERROR, "something went wrong on our side")


def _close(ws, code: int, message: str) -> None:
    with suppress(ConnectionClosed, LocalProtocolError, OSError):
        ws.close(reason=code, message=message)


def _serve(ws, show_id: int) -> None:
    setlist = db.session.query(Setlist).filter_by(show_id=show_id).one_or_none()
    if setlist is None:
        ws.close(reason=POLICY_VIOLATION, message="no such setlist")
        return
    slots = SocketSlots(get_redis(), current_app.config["SOCKETS_PER_ADDRESS"])
    slot = slots.take(get_remote_address())
    if slot is None:
        ws.close(reason=POLICY_VIOLATION, message="too many live sockets from your address")
        return
    # flask-sock does not check Origin. Other sites (embeds) may watch, but only as
    # anonymous viewers: a fan's own vote state goes only to our own pages.
    user_id = current_user.id if current_user.is_authenticated and from_our_pages() else None
    embedded = request.args.get("embed") == "1"
    variant = row_variant(embedded=embedded, signed_in=user_id is not None, live=True)
    watcher = Watcher(variant, user_id)
    listener = Listener(watcher)
    hub().join(show_id, listener)
    try:
        # A (re)connecting client first gets the current state of every row.
        ws.send(hub().first_message(show_id, watcher))
        db.session.remove()
        threading.Thread(target=_forward, args=(ws, listener), daemon=True).start()
        # Read at once whatever the client sends, so nothing piles up unread.
        while not listener.dropped:
            if ws.receive(timeout=IDLE_PING_SECONDS) is not None:
                ws.close(reason=POLICY_VIOLATION, message="this socket only sends")
                break
            slot.renew()
    finally:
        listener.dropped = True  # ends _forward
        hub().leave(show_id, listener)
        slot.give_back()


def _forward(ws, listener: Listener) -> None:
    """Send the socket what the hub hands its listener, until either goes away."""
    try:
        while not listener.dropped:
            try:
                html = listener.outbox.get(timeout=IDLE_PING_SECONDS)
            except queue.Empty:
                continue
            ws.send(html)
        ws.close()  # dropped for being too slow
    except (ConnectionClosed, LocalProtocolError, OSError):
        pass  # closed by the client or by show_socket
