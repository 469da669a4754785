"""setlist.fm's search as the demo catalog answers it: in the API's shapes and statuses.

The demo catalog has no past shows with a setlist yet, so every search finds nothing,
which setlist.fm answers with a 404 body.
"""

from __future__ import annotations

from datetime import datetime

from .answer import Answer

SEARCH_PATH = "/rest/1.0/search/setlists"


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


def answer_setlistfm(method: str, path: str, api_key: str | None, now: datetime) -> dict:
    """The body of a 200 answer, or raise the Answer setlist.fm gives instead."""
    if not api_key:
        raise setlistfm_error(403, "Forbidden", "Forbidden", now)
    if method != "GET" or path != SEARCH_PATH:
        raise setlistfm_error(404, "Not Found", "unknown resource", now)
    raise setlistfm_error(404, "Not Found", "not found", now)
