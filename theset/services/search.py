"""Artist search, always live from Ticketmaster (with a 60-second micro-cache)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from ..cache import SEARCH_TTL, DataUnavailable
from ..providers.errors import ProviderError
from ..upstream import Upstream

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class SearchResult:
    tm_id: str
    name: str
    image_url: str | None
    upcoming_shows: int


def normalise_query(query: str) -> str:
    """The query as searched: single spaces, no surrounding blanks."""
    return " ".join(query.split())


def search_artists(upstream: Upstream, query: str) -> list[SearchResult]:
    """Music artists with upcoming shows matching `query`; DataUnavailable when TM fails.

    The same normalised query within 60 s is answered from Redis, to spare the
    Ticketmaster quota (5,000 calls a day) when many fans type the same name.
    """
    query = normalise_query(query)
    digest = hashlib.sha256(query.casefold().encode()).hexdigest()[:32]

    def ask_ticketmaster() -> list[dict]:
        try:
            attractions = upstream.ticketmaster.search_attractions(query)
        except ProviderError as error:
            raise DataUnavailable("search", error) from error
        return [
            asdict(SearchResult(a.id, a.name, a.image_url, a.upcoming_events)) for a in attractions
        ]

    rows = upstream.cache.remember(f"theset:search:{digest}", SEARCH_TTL, ask_ticketmaster)
    return [SearchResult(**row) for row in rows]
