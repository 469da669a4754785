"""The setlist.fm API 1.0 client: the setlists an artist played on a day.

Auth is the `x-api-key` header; answers are JSON only when asked for (the default is
XML) and only in a language the API publishes (it answers 406 otherwise). An empty
search answers 404, which this client reads as "nothing found".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..budget import BACKGROUND
from ..errors import NotFound, ProviderError, UpstreamConfigError
from ..keyed import KeyedApiClient
from ..shapes import as_dict
from .objects import ActualSetlist, SetlistPage, format_date, parse_page

DEFAULT_BASE_URL = "https://api.setlist.fm/rest/1.0"
SETLISTFM_DAILY_QUOTA = 1440  # a standard key's calls a day
MAX_PAGES = 3  # 60 setlists of one artist on one day is more than any real day has


class SetlistFmClient(KeyedApiClient):
    """setlist.fm's REST API: 2 requests a second and 1,440 a day per key.

    Every call is background work (import jobs, the operator command), so the whole
    daily quota is the background share.
    """

    provider = "setlistfm"
    rate_limit_key = "theset:ratelimit:setlistfm"
    default_rate_per_second = 2
    default_base_url = DEFAULT_BASE_URL
    daily_quota = SETLISTFM_DAILY_QUOTA
    shares = {BACKGROUND: 1.0}

    def setlists_on(
        self, day: date, *, artist_mbid: str | None = None, artist_name: str | None = None
    ) -> list[ActualSetlist]:
        """The setlists of an artist (by MusicBrainz id, else by name) on `day`."""
        if not (artist_mbid or artist_name):
            raise ValueError("an artist's MusicBrainz id or name is needed")
        who = {"artistMbid": artist_mbid} if artist_mbid else {"artistName": artist_name}
        found: list[ActualSetlist] = []
        for number in range(1, MAX_PAGES + 1):
            page = self.search_setlists(**who, date=format_date(day), p=number)
            found.extend(page.setlists)
            if page.is_last:
                break
        return found

    def search_setlists(self, **params: Any) -> SetlistPage:
        """One page of `GET /search/setlists`; a 404 is an empty page."""
        try:
            payload = self.request(
                "GET",
                f"{self.base_url}/search/setlists",
                params=params,
                headers={
                    "x-api-key": self.api_key,
                    "Accept": "application/json",
                    "Accept-Language": "en",
                },
            )
        except NotFound:  # setlist.fm's answer to a search that finds nothing
            return SetlistPage(setlists=(), page=int(params.get("p", 1)), total=0, items_per_page=1)
        return parse_page(payload)

    # Error shape: {"code": 404, "status": "Not Found", "message": "not found", ...}.

    def error_message(self, payload: Any, text: str) -> str:
        body = as_dict(payload)
        message = body.get("message") or body.get("status")
        return str(message)[:200] if message else super().error_message(payload, text)

    def error_for(self, status: int, payload: Any, message: str) -> ProviderError:
        if status in (401, 403):
            return UpstreamConfigError(self.provider, message, status=status)
        return super().error_for(status, payload, message)
