"""A local HTTP server that answers a client as an upstream API would (pytest-httpserver)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytest_httpserver import HTTPServer


@contextmanager
def http_fake() -> Iterator[HTTPServer]:
    """The server on a free port; threaded, so a request that hangs does not hold up the
    retry that follows it. Register handlers on it; read what it was sent from `.log`."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()
