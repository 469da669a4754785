"""Artist search, always live from Ticketmaster (with a 60-second micro-cache)."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass

from ..cache import SEARCH_TTL, DataUnavailable
from ..providers.budget import SEARCH, charged_to
from ..providers.errors import ProviderError
from ..upstream import Upstream

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
# One letter would match nearly every artist, and spend a Ticketmaster search on it.
SHORT_QUERY_HINT = f"Type at least {MIN_QUERY_LENGTH} letters of the artist's name."


@dataclass(frozen=True)
class SearchResult:
    tm_id: str
    name: str
    image_url: str | None
    upcoming_shows: int


def unavailable_message(error: DataUnavailable) -> str:
    """Why search cannot answer, for the searcher."""
    if error.quota_spent:
        return (
            "Search is paused: TheSet has made all the Ticketmaster searches it may today. "
            "It is back at midnight UTC; meanwhile, every artist we know is under Artists."
        )
    return (
        "Search is unavailable right now: Ticketmaster did not answer. "
        "Please try again in a minute."
    )


def normalise_query(query: str) -> str:
    """The query as searched, and as Ticketmaster's keyword matches best: composed letters
    ("e" + accent is "é"), single spaces, no surrounding blanks."""
    return " ".join(unicodedata.normalize("NFC", query).split())


def search_artists(upstream: Upstream, query: str) -> list[SearchResult]:
    """Music artists with upcoming shows matching `query`; DataUnavailable when TM fails.

    The same normalised query within 60 s is answered from Redis, to spare the
    daily Ticketmaster quota when many fans type the same name.
    """
    query = normalise_query(query)
    digest = hashlib.sha256(query.casefold().encode()).hexdigest()[:32]

    def ask_ticketmaster() -> list[dict]:
        try:
            with charged_to(SEARCH):
                attractions = upstream.ticketmaster.search_attractions(query)
        except ProviderError as error:
            raise DataUnavailable("search", error) from error
        return [
            asdict(SearchResult(a.id, a.name, a.image_url, a.upcoming_events)) for a in attractions
        ]

    rows = upstream.cache.remember(f"theset:search:{digest}", SEARCH_TTL, ask_ticketmaster)
    return [SearchResult(**row) for row in rows]
