"""A local fake of Ticketmaster, Spotify and setlist.fm over real HTTP, in the real shapes.

It serves the demo catalog through the demo transport at
`<url>/discovery/v2` (Ticketmaster), `<url>/v1` (Spotify API), `<url>/accounts`
(Spotify accounts) and `<url>/rest/1.0` (setlist.fm). Tests point the app's *_BASE_URL settings
at it, switch an API to failing with `fail()`, and count calls per API.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import struct
import threading
import time
from collections import Counter
from urllib.parse import urlencode

import requests
from werkzeug import Request, Response
from werkzeug.serving import WSGIRequestHandler, make_server

from theset.demo.transport import DemoTransport

ROUTES = (
    ("/discovery/v2", "ticketmaster", "https://app.ticketmaster.com/discovery/v2"),
    ("/v1", "spotify", "https://api.spotify.com/v1"),
    ("/accounts", "spotify-accounts", "https://accounts.spotify.com"),
    ("/rest/1.0", "setlistfm", "https://api.setlist.fm/rest/1.0"),
)


FAULTS = ("rate-limited", "timeout", "reset", "malformed")
SLOW_ANSWER = 1.0  # seconds: longer than the read timeout the fault tests give the app


def _failure(how: int | str, environ) -> Response:
    """The answer of a failing API."""
    if isinstance(how, int):
        return Response("upstream is failing", how)
    if how == "rate-limited":
        body = json.dumps({"error": {"status": 429, "message": "API rate limit exceeded"}})
        return Response(body, 429, {"Retry-After": "30"}, content_type="application/json")
    if how == "timeout":
        time.sleep(SLOW_ANSWER)
    if how == "reset":
        # SO_LINGER 0: close() sends RST, so the client sees "connection reset by peer".
        connection = environ["werkzeug.socket"]
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
    return Response('{"_embedded": {"attractions": [', 200, content_type="application/json")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


class FakeUpstream:
    """The fake upstream server; use as a context manager."""

    def __init__(self) -> None:
        self.transport = DemoTransport()
        self.calls: Counter[str] = Counter()
        self.requests: list[str] = []  # every path and query asked, in order
        self.failures: dict[str, int] = {}
        self.delays: dict[str, float] = {}  # path fragment -> seconds to wait before answering
        # The Spotify accounts side of the OAuth dance: who approves, and the codes issued.
        self.signing_in_as = "demo_mara"
        self.deny_consent = False
        self.codes: dict[str, dict] = {}
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
            "SETLISTFM_API_KEY": "test-key",
            "SETLISTFM_BASE_URL": f"{self.url}/rest/1.0",
            "UPSTREAM_OPTIONS": {"backoff": 0.001, "timeout": (1.0, 2.0)},
        }

    def environment(self) -> dict[str, str]:
        """The same settings as environment variables, for app processes."""
        return {name: value for name, value in self.settings().items() if isinstance(value, str)}

    def fail(self, api: str, how: int | str = 500) -> None:
        """Fail every call to `api` ("ticketmaster", "spotify"): with an HTTP status, or
        one of FAULTS: "rate-limited" (429, Retry-After 30), "timeout" (answers only
        after SLOW_ANSWER seconds), "reset" (the connection is reset), "malformed"
        (200 with JSON cut short)."""
        assert isinstance(how, int) or how in FAULTS, how
        self.failures[api] = how
        if api == "spotify":
            self.failures["spotify-accounts"] = how

    def recover(self) -> None:
        """Healthy again, with the default OAuth behaviour."""
        self.failures.clear()
        self.delays.clear()
        self.signing_in_as = "demo_mara"
        self.deny_consent = False
        self.codes.clear()

    def count(self, api: str) -> int:
        return self.calls[api]

    def asked(self, *parts: str) -> int:
        """How many requests had every one of `parts` in their path and query."""
        return sum(all(part in asked for part in parts) for asked in self.requests)

    def wsgi(self, environ, start_response):
        request = Request(environ)
        body = request.get_data(cache=True)  # read once: the OAuth check parses the form too
        for prefix, api, real in ROUTES:  # noqa: B007 - the match is used after the loop
            if request.path.startswith(prefix + "/"):
                break
        else:
            return Response("no such API", 404)(environ, start_response)
        with self._lock:
            self.calls[api] += 1
            self.requests.append(request.full_path)
        for fragment, seconds in list(self.delays.items()):
            if fragment in request.path:
                time.sleep(seconds)
        if api in self.failures:
            return _failure(self.failures[api], environ)(environ, start_response)
        if api == "spotify-accounts":
            oauth_answer = self._oauth(request)
            if oauth_answer is not None:
                return oauth_answer(environ, start_response)
        url = real + request.full_path[len(prefix) :].rstrip("?")
        prepared = requests.Request(
            request.method, url, headers=dict(request.headers), data=body
        ).prepare()
        answer = self.transport.send(prepared)
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
        return Response(answer.content, answer.status_code, headers)(environ, start_response)

    def _oauth(self, request: Request) -> Response | None:
        """Spotify's /authorize and the authorization-code grant, checked like Spotify does."""
        if request.path == "/accounts/authorize":
            args = request.args
            target = args["redirect_uri"]
            if self.deny_consent:
                query = {"error": "access_denied", "state": args.get("state", "")}
            else:
                code = secrets.token_urlsafe(16)
                self.codes[code] = {
                    "challenge": args.get("code_challenge"),
                    "method": args.get("code_challenge_method"),
                    "redirect_uri": target,
                    "client_id": args.get("client_id"),
                    "scope": args.get("scope"),
                    "user": self.signing_in_as,
                }
                query = {"code": code, "state": args.get("state", "")}
            return Response(status=302, headers={"Location": f"{target}?{urlencode(query)}"})
        if request.path == "/accounts/api/token" and request.form.get("code") in self.codes:
            issued = self.codes.pop(request.form["code"])  # one-time codes
            verifier = request.form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if (
                issued["method"] != "S256"
                or challenge != issued["challenge"]
                or request.form.get("redirect_uri") != issued["redirect_uri"]
            ):
                error = {
                    "error": "invalid_grant",
                    "error_description": "Invalid authorization code",
                }
                return Response(json.dumps(error), 400, content_type="application/json")
            user = issued["user"]
            tokens = {
                "access_token": f"demo-user-token:{user}",
                "token_type": "Bearer",
                "expires_in": 3600,
                "refresh_token": f"demo-user-refresh:{user}",
                "scope": issued["scope"],
            }
            return Response(json.dumps(tokens), 200, content_type="application/json")
        return None

    def __enter__(self) -> FakeUpstream:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
