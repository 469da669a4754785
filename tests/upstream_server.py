"""A local fake of Ticketmaster and Spotify over real HTTP, in the real shapes.

It serves the demo catalog through the demo transport at
`<url>/discovery/v2` (Ticketmaster), `<url>/v1` (Spotify API) and
`<url>/accounts` (Spotify accounts). Tests point the app's *_BASE_URL settings
at it, switch an API to failing with `fail()`, and count calls per API.
"""

from __future__ import annotations

import threading
from collections import Counter

import requests
from werkzeug import Request, Response
from werkzeug.serving import WSGIRequestHandler, make_server

from theset.demo.transport import DemoTransport

ROUTES = (
    ("/discovery/v2", "ticketmaster", "https://app.ticketmaster.com/discovery/v2"),
    ("/v1", "spotify", "https://api.spotify.com/v1"),
    ("/accounts", "spotify-accounts", "https://accounts.spotify.com"),
)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


class FakeUpstream:
    """The fake upstream server; use as a context manager."""

    def __init__(self) -> None:
        self.transport = DemoTransport()
        self.calls: Counter[str] = Counter()
        self.failures: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = make_server(
            "127.0.0.1", 0, self.wsgi, threaded=True, request_handler=_QuietHandler
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def settings(self) -> dict:
        """App settings that point TheSet's clients here, outside demo mode."""
        return {
            "DEMO_MODE": False,
            "TICKETMASTER_API_KEY": "test-key",
            "TICKETMASTER_BASE_URL": f"{self.url}/discovery/v2",
            "SPOTIFY_CLIENT_ID": "test-client",
            "SPOTIFY_CLIENT_SECRET": "test-secret",
            "SPOTIFY_API_BASE_URL": f"{self.url}/v1",
            "SPOTIFY_ACCOUNTS_BASE_URL": f"{self.url}/accounts",
            "UPSTREAM_OPTIONS": {"backoff": 0.001, "timeout": (1.0, 2.0)},
        }

    def fail(self, api: str, status: int = 500) -> None:
        """Answer every call to `api` ("ticketmaster", "spotify") with `status`."""
        self.failures[api] = status
        if api == "spotify":
            self.failures["spotify-accounts"] = status

    def recover(self) -> None:
        self.failures.clear()

    def count(self, api: str) -> int:
        return self.calls[api]

    def wsgi(self, environ, start_response):
        request = Request(environ)
        for prefix, api, real in ROUTES:  # noqa: B007 - the match is used after the loop
            if request.path.startswith(prefix + "/"):
                break
        else:
            return Response("no such API", 404)(environ, start_response)
        with self._lock:
            self.calls[api] += 1
        if api in self.failures:
            status = self.failures[api]
            return Response("upstream is failing", status)(environ, start_response)
        url = real + request.full_path[len(prefix) :].rstrip("?")
        prepared = requests.Request(
            request.method, url, headers=dict(request.headers), data=request.get_data()
        ).prepare()
        answer = self.transport.send(prepared)
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
        return Response(answer.content, answer.status_code, headers)(environ, start_response)

    def __enter__(self) -> FakeUpstream:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
