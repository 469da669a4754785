"""Builders for a fake Ticketmaster, Spotify and setlist.fm, in the recorded bodies' shapes."""

from __future__ import annotations

import copy
import json
import math
import socket
import struct
import threading
import time
from pathlib import Path
from typing import Any

from werkzeug import Request, Response

# The recorded bodies the tests need, copied from the project's shared api-samples
# (tests/api_samples/SOURCES.md says where each was recorded).
SAMPLES = Path(__file__).resolve().parents[1] / "api_samples"

# Credentials the fake upstream expects; tests check they never reach a log or message.
TM_KEY = "tm-secret-key"
SPOTIFY_ID = "client-id"
SPOTIFY_SECRET = "client-secret"
SETLISTFM_KEY = "setlistfm-secret-key"


def load(provider: str, name: str) -> dict[str, Any]:
    """A fresh copy of a recorded body."""
    return json.loads((SAMPLES / provider / name).read_text())


def tm_sample(name: str) -> dict[str, Any]:
    return load("ticketmaster", name)


def spotify_sample(name: str) -> dict[str, Any]:
    return load("spotify", name)


def setlistfm_sample(name: str) -> dict[str, Any]:
    return load("setlistfm", name)


def setlistfm_setlists(count: int, start: int = 0) -> list[dict[str, Any]]:
    """`count` distinct setlists cloned from the recorded search answer."""
    template = setlistfm_sample("search_setlists_recorded.json")["setlist"][0]
    return clones(template, count, start, "s")


def json_response(body: Any, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(body), status, headers, content_type="application/json")


def sent(server, path: str) -> list[Request]:
    """The requests the client sent to `path`, in order."""
    return [request for request, _ in server.log if request.path == path]


# Ticketmaster.


def tm_fault(errorcode: str, faultstring: str) -> dict[str, Any]:
    """An Apigee fault body, as in error_invalid_key.json and error_rate_limit.json."""
    body = tm_sample("error_rate_limit.json")
    body["fault"]["faultstring"] = faultstring
    body["fault"]["detail"]["errorcode"] = errorcode
    return body


def clones(template: dict[str, Any], count: int, start: int, prefix: str) -> list[dict[str, Any]]:
    """`count` copies of a recorded object, told apart by their ids (from `start` on)."""
    return [
        {**copy.deepcopy(template), "id": f"{prefix}-{index}"}
        for index in range(start, start + count)
    ]


def tm_events(count: int, start: int = 0, prefix: str = "ev") -> list[dict[str, Any]]:
    """`count` distinct events cloned from the recorded search page."""
    return clones(tm_sample("event_search.json")["_embedded"]["events"][1], count, start, prefix)


def tm_event_page(events: list[dict], number: int, size: int, total: int) -> dict[str, Any]:
    """One events.json page; like the real API, no `_embedded` when there are no events."""
    total_pages = math.ceil(total / size)
    href = f"/discovery/v2/events?page={number}&size={size}&sort=date,asc"
    body: dict[str, Any] = {
        "_links": {"self": {"href": href}},
        "page": {"size": size, "totalElements": total, "totalPages": total_pages, "number": number},
    }
    if number + 1 < total_pages:
        body["_links"]["next"] = {"href": href.replace(f"page={number}", f"page={number + 1}")}
    if events:
        body["_embedded"] = {"events": events}
    return body


def tm_event_pager(total: int):
    """A handler serving `total` events in whatever page size the client asks for."""

    def handle(request: Request) -> Response:
        page, size = int(request.args["page"]), int(request.args["size"])
        if page * size >= 1000 or size >= 200:
            body = tm_sample("error_not_found.json")
            body["errors"][0].update(code="DIS1015", detail="page too deep", status="400")
            return json_response(body, 400)
        start = page * size
        events = tm_events(max(0, min(size, total - start)), start)
        return json_response(tm_event_page(events, page, size, total))

    return handle


# Spotify.


def spotify_error(status: int, message: str, reason: str | None = None) -> dict[str, Any]:
    """An API error body, as in error_401.json / error_403.json / error_429.json."""
    body = spotify_sample("error_429.json")
    body["error"].update(status=status, message=message)
    if reason:
        body["error"]["reason"] = reason
    else:
        body["error"].pop("reason", None)
    return body


def spotify_items(sample: str, count: int, prefix: str) -> list[dict[str, Any]]:
    """`count` distinct paging items cloned from the first item of a recorded page."""
    template = spotify_sample(sample)["items"][0]
    items = []
    for index in range(count):
        item = copy.deepcopy(template)
        item["id"] = f"{prefix}{index}"
        item["name"] = f"{template['name']} {index}"
        items.append(item)
    return items


def spotify_pager(items: list[dict[str, Any]], key: str | None = None):
    """A handler serving `items` as offset paging objects, `next` as absolute URLs."""

    def handle(request: Request) -> Response:
        offset, limit = int(request.args.get("offset", 0)), int(request.args.get("limit", 20))
        more = offset + limit < len(items)
        base = request.base_url
        page = {
            "href": f"{base}?offset={offset}&limit={limit}",
            "items": items[offset : offset + limit],
            "limit": limit,
            "next": f"{base}?offset={offset + limit}&limit={limit}" if more else None,
            "offset": offset,
            "previous": None if offset == 0 else f"{base}?offset=0&limit={limit}",
            "total": len(items),
        }
        return json_response({key: page} if key else page)

    return handle


# Raw sockets, for failures an HTTP server cannot produce.


class ResettingServer:
    """Accepts TCP connections and resets them at once, like an upstream that crashed."""

    def __init__(self) -> None:
        self.connections = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen()
        self._sock.settimeout(0.05)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> ResettingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                except OSError:
                    pass
                # Linger 0: close() sends RST instead of FIN ("connection reset by peer").
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connections += 1


def closed_port() -> int:
    """A local port with nothing listening on it (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def slow(seconds: float, body: Any):
    """A handler that answers only after `seconds` (longer than the client's read timeout)."""

    def handle(request: Request) -> Response:
        time.sleep(seconds)
        return json_response(body)

    return handle
