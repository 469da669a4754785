"""setlist.fm's setlist search as the demo catalog answers it: in the API's shapes and statuses.

The demo's past shows that have a setlist (data/setlists.toml) are found by the artist's
MusicBrainz id or name, and the date, moved like the events so the anchor falls on today.
A search that finds nothing answers setlist.fm's 404 "not found".
"""

from __future__ import annotations

from datetime import datetime

from .answer import Answer, int_param
from .catalog import SETLISTFM_DATE, Catalog, fold, shift_setlist

SEARCH_PATH = "/rest/1.0/search/setlists"
ITEMS_PER_PAGE = 20


def setlistfm_error(status: int, phrase: str, message: str, now: datetime) -> Answer:
    return Answer(
        status,
        {
            "code": status,
            "status": phrase,
            "message": message,
            "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
        },
    )


def _matches(setlist: dict, query: dict) -> bool:
    """Whether the setlist answers the search's artist (id or name) and date, where given."""
    artist = setlist["artist"]
    if query.get("artistMbid") and query["artistMbid"] != artist["mbid"]:
        return False
    if query.get("artistName") and fold(query["artistName"]).strip() != fold(artist["name"]):
        return False
    return not query.get("date") or query["date"] == setlist["eventDate"]


class SetlistFmAPI:
    """setlist.fm API 1.0's `GET /search/setlists`, over the demo's past shows."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def answer(self, method: str, path: str, query: dict, api_key: str | None, now: datetime):
        """The body of a 200 answer, or raise the Answer setlist.fm gives instead."""
        if not api_key:
            raise setlistfm_error(403, "Forbidden", "Forbidden", now)
        if method != "GET" or path.rstrip("/") != SEARCH_PATH:
            raise setlistfm_error(404, "Not Found", "unknown resource", now)
        page = int_param(
            query, "p", 1, lambda: setlistfm_error(400, "Bad Request", "invalid page", now)
        )
        found = [
            setlist
            for setlist in (
                shift_setlist(raw, self.catalog.anchor, now.date())
                for raw in self.catalog.raw_setlists
            )
            if _matches(setlist, query)
        ]
        found.sort(key=lambda s: datetime.strptime(s["eventDate"], SETLISTFM_DATE), reverse=True)
        shown = found[(page - 1) * ITEMS_PER_PAGE : page * ITEMS_PER_PAGE] if page > 0 else []
        if not shown:
            raise setlistfm_error(404, "Not Found", "not found", now)
        return {
            "type": "setlists",
            "itemsPerPage": ITEMS_PER_PAGE,
            "page": page,
            "total": len(found),
            "setlist": shown,
        }
