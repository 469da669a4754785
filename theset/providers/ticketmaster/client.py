"""The Ticketmaster Discovery v2 client: artists (attractions), their upcoming events, venues."""

from __future__ import annotations

import time
from typing import Any

import requests

from ..budget import TICKETMASTER_DAILY_QUOTA
from ..errors import NotFound, ProviderError, UpstreamConfigError
from ..http import parse_retry_after, path_segment
from ..keyed import KeyedApiClient
from ..shapes import as_dict, as_float, as_int, as_list
from .objects import Attraction, Event, Venue, parse_attraction, parse_event, parse_venue

DEFAULT_BASE_URL = "https://app.ticketmaster.com/discovery/v2"
MAX_PAGE_SIZE = 199  # the API rejects size >= 200
MAX_DEPTH = 1000  # only size * page < 1000 is served


class TicketmasterClient(KeyedApiClient):
    """Discovery v2 API; auth is the `apikey` query parameter."""

    provider = "ticketmaster"
    rate_limit_key = "theset:ratelimit:ticketmaster"
    default_rate_per_second = 5
    default_base_url = DEFAULT_BASE_URL
    daily_quota = TICKETMASTER_DAILY_QUOTA

    def search_attractions(self, keyword: str, size: int = 20) -> list[Attraction]:
        """Music artists matching `keyword` that have at least one upcoming event.

        attractions.json rather than events.json grouped by attraction: one call returns
        each artist once together with its upcoming-event count, whereas paging events
        would split an artist's shows across pages or repeat the artist on every page.
        """
        payload = self._get(
            "attractions.json",
            keyword=keyword,
            classificationName="music",
            size=_page_size(size),
            sort="relevance,desc",
        )
        found = [parse_attraction(raw) for raw in _embedded(payload, "attractions")]
        return [attraction for attraction in found if attraction.upcoming_events > 0]

    def get_attraction(self, attraction_id: str) -> Attraction:
        """One attraction by id; NotFound when unknown."""
        return parse_attraction(self._get(f"attractions/{path_segment(attraction_id)}.json"))

    def upcoming_events(
        self, attraction_id: str, limit: int = 200, *, page_size: int = MAX_PAGE_SIZE
    ) -> list[Event]:
        """Up to `limit` events of an attraction, soonest first, following pages."""
        size = _page_size(min(page_size, limit))
        events: list[Event] = []
        seen: set[str] = set()
        page = 0
        while len(events) < limit and page * size < MAX_DEPTH:
            payload = self._get(
                "events.json", attractionId=attraction_id, sort="date,asc", size=size, page=page
            )
            raws = _embedded(payload, "events")
            for raw in raws:
                event = parse_event(raw)
                # Pages shift when events are added meanwhile; do not list one twice.
                if event.id not in seen and len(events) < limit:
                    seen.add(event.id)
                    events.append(event)
            info = as_dict(payload.get("page"))
            total_pages = as_int(info.get("totalPages")) or 0
            number = as_int(info.get("number"))
            if not raws or number is None or number + 1 >= total_pages:
                break
            page = number + 1
        return events

    def get_event(self, event_id: str) -> Event:
        """One event by id; NotFound when unknown."""
        return parse_event(self._get(f"events/{path_segment(event_id)}.json"))

    def get_venue(self, venue_id: str) -> Venue:
        """One venue by id; NotFound when unknown."""
        return parse_venue(self._get(f"venues/{path_segment(venue_id)}.json"))

    def _get(self, path: str, **params: Any) -> dict[str, Any]:
        return self.request(
            "GET", f"{self.base_url}/{path}", params={**params, "apikey": self.api_key}
        )

    # Error shapes: Apigee {"fault": {...}} and Discovery {"errors": [{...}]}.

    def error_message(self, payload: Any, text: str) -> str:
        fault = as_dict(as_dict(payload).get("fault"))
        errors = as_list(as_dict(payload).get("errors"))
        if fault:
            message = f"{fault.get('faultstring', '')} ({_fault_code(payload) or 'no code'})"
        elif errors:
            first = as_dict(errors[0])
            message = f"{first.get('detail', '')} ({first.get('code') or 'no code'})"
        else:
            message = text.strip()[:200]
        # Quota faults quote the key as their "Identifier"; keep it out of messages and logs.
        return message.replace(self.api_key, "<apikey>") if self.api_key else message

    def error_for(self, status: int, payload: Any, message: str) -> ProviderError:
        code = _fault_code(payload)
        if status == 401 or code == "oauth.v2.InvalidApiKey":
            return UpstreamConfigError(self.provider, message, status=status)
        if status == 404 or any(
            as_dict(error).get("code") == "DIS1004"
            for error in as_list(as_dict(payload).get("errors"))
        ):
            return NotFound(self.provider, message, status=status)
        return super().error_for(status, payload, message)

    def retry_after(self, response: requests.Response, payload: Any) -> float:
        # Spike arrest (over 5/s) clears within a second; Rate-Limit-Reset is the daily
        # quota's reset in epoch milliseconds, so it only applies to quota violations.
        if "SpikeArrest" in (_fault_code(payload) or ""):
            return 1.0
        wait = parse_retry_after(response.headers.get("Retry-After"))
        if wait is not None:
            return wait
        reset = as_float(response.headers.get("Rate-Limit-Reset"))
        if reset is not None:
            return max(0.0, reset / 1000 - time.time())
        return 1.0


def _embedded(payload: dict[str, Any], key: str) -> list[dict[str, Any]]:
    # Empty results carry no `_embedded` at all.
    return [
        item
        for item in as_list(as_dict(payload.get("_embedded")).get(key))
        if isinstance(item, dict)
    ]


def _fault_code(payload: Any) -> str | None:
    return as_dict(as_dict(as_dict(payload).get("fault")).get("detail")).get("errorcode")


def _page_size(size: int) -> int:
    return max(1, min(int(size), MAX_PAGE_SIZE))
