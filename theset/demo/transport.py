"""A requests transport that answers every upstream from the demo catalog.

`mount_demo_transport(session)` mounts `DemoTransport` on a session for the Ticketmaster
Discovery, Spotify Web API, Spotify accounts and setlist.fm hosts. Everything above the
transport (the real clients) sees real `requests.Response` objects in the real APIs'
shapes, status codes and error bodies. Event dates are moved so the catalog's anchor date
falls on today.

The catalog itself is in catalog.py, the endpoints in ticketmaster_api.py, spotify_api.py,
setlistfm_api.py and spotify_accounts.py (which also says how demo fans sign in); this
module routes requests to them by host.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from http import HTTPStatus
from io import BytesIO
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ..providers.budget import TICKETMASTER_DAILY_QUOTA
from .answer import Answer
from .catalog import demo_attraction_ids, load_catalog
from .setlistfm_api import SetlistFmAPI
from .spotify_accounts import SpotifyAccounts
from .spotify_api import SpotifyAPI, spotify_error
from .ticketmaster_api import TicketmasterAPI

__all__ = ["DemoTransport", "demo_attraction_ids", "mount_demo_transport"]

TICKETMASTER_PREFIX = "https://app.ticketmaster.com/"
SPOTIFY_API_PREFIX = "https://api.spotify.com/"
SPOTIFY_ACCOUNTS_PREFIX = "https://accounts.spotify.com/"
SETLISTFM_PREFIX = "https://api.setlist.fm/"
PREFIXES = (TICKETMASTER_PREFIX, SPOTIFY_API_PREFIX, SPOTIFY_ACCOUNTS_PREFIX, SETLISTFM_PREFIX)
INVALID_KEY = {
    "fault": {"faultstring": "Invalid ApiKey", "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}
}
Clock = Callable[[], datetime]


def _form(body: str | bytes | None) -> dict:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return dict(reversed(parse_qsl(body or "", keep_blank_values=True)))


class DemoTransport(BaseAdapter):
    """Answers every request from the demo catalog; `clock` returns the current UTC time."""

    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__()
        self.catalog = load_catalog()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.ticketmaster = TicketmasterAPI(self.catalog)
        self.spotify = SpotifyAPI(self.catalog)
        self.accounts = SpotifyAccounts(self.catalog)
        self.setlistfm = SetlistFmAPI(self.catalog)
        self._lock = threading.Lock()
        self._quota_day: date | None = None
        self._calls = 0

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        """Answer the prepared request without touching the network."""
        url = urlsplit(request.url)
        # The first value of a repeated parameter wins, as on the real services.
        query = dict(reversed(parse_qsl(url.query, keep_blank_values=True)))
        method = (request.method or "GET").upper()
        headers: dict[str, str] = {}
        try:
            if url.hostname == "app.ticketmaster.com":
                if not query.get("apikey"):
                    raise Answer(401, INVALID_KEY)
                now = self.clock()
                headers = self._quota_headers(now)
                status, body = 200, self.ticketmaster.answer(method, url.path, query, now)
            elif url.hostname == "api.spotify.com":
                status, body = (
                    200,
                    self.spotify.answer(method, url.path, query, self._bearer(request.headers)),
                )
            elif url.hostname == "accounts.spotify.com":
                status, body = (
                    200,
                    self.accounts.answer(method, url.path, _form(request.body), request.headers),
                )
            elif url.hostname == "api.setlist.fm":
                api_key = request.headers.get("x-api-key")
                status, body = (
                    200,
                    self.setlistfm.answer(method, url.path, query, api_key, self.clock()),
                )
            else:
                raise Answer(404, {"error": "not_found"})
        except Answer as answer:
            status, body = answer.status, answer.body
        return self._response(request, status, body, headers)

    def close(self) -> None:
        """Nothing to release: no connections are ever opened."""

    @staticmethod
    def _bearer(headers: CaseInsensitiveDict) -> str:
        header = headers.get("Authorization", "")
        if not header:
            raise spotify_error(401, "No token provided")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise spotify_error(401, "Invalid access token")
        return token.strip()

    def _quota_headers(self, now: datetime) -> dict[str, str]:
        """Ticketmaster's quota headers: a daily quota that resets at midnight UTC."""
        today = now.astimezone(UTC).date()
        with self._lock:
            if today != self._quota_day:
                self._quota_day, self._calls = today, 0
            self._calls += 1
            used = self._calls
        reset = datetime.combine(today + timedelta(days=1), time(), UTC)
        return {
            "Rate-Limit": str(TICKETMASTER_DAILY_QUOTA),
            "Rate-Limit-Available": str(max(TICKETMASTER_DAILY_QUOTA - used, 0)),
            "Rate-Limit-Over": "0",
            "Rate-Limit-Reset": str(int(reset.timestamp() * 1000)),
        }

    def _response(self, request, status: int, body: dict, headers: dict) -> requests.Response:
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        response = requests.Response()
        response.status_code = status
        response.reason = HTTPStatus(status).phrase
        response.headers = CaseInsensitiveDict(
            {"Content-Type": "application/json", "Content-Length": str(len(content)), **headers}
        )
        response.raw = BytesIO(content)
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        response.connection = self
        return response


def mount_demo_transport(session: requests.Session, clock: Clock | None = None) -> DemoTransport:
    """Mount one DemoTransport on `session` for every upstream host."""
    transport = DemoTransport(clock)
    for prefix in PREFIXES:
        session.mount(prefix, transport)
    return transport
