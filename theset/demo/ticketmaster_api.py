"""Ticketmaster Discovery v2 from the demo catalog: attractions, events and venues."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlencode

from .answer import Answer, int_param
from .catalog import Catalog, event_moment, fold, parse_utc, words

TM_SIZE_LIMIT = 200
TM_DEPTH_LIMIT = 1000


def _tm_error(status: int, code: str, detail: str) -> Answer:
    return Answer(
        status,
        {
            "errors": [
                {
                    "code": code,
                    "detail": detail,
                    "status": str(status),
                    "_links": {"about": {"href": f"/discovery/v2/errors.html#{code}"}},
                }
            ]
        },
    )


def _tm_not_found(ident: str | None = None) -> Answer:
    criteria = "locale=en-us" + (f", id={ident}" if ident else "")
    return _tm_error(404, "DIS1004", f"Resource not found with provided criteria ({criteria})")


def _csv(query: dict, name: str) -> set[str]:
    return {part.strip() for part in query.get(name, "").split(",") if part.strip()}


def _matches_words(query_words: list[str], names: list[str]) -> bool:
    """Every query word is a whole word of one of the names (as Ticketmaster's keyword)."""
    have = {word for name in names for word in words(name)}
    return bool(query_words) and all(word in have for word in query_words)


def _classified(record: dict, names: set[str]) -> bool:
    wanted = {fold(name) for name in names}
    for entry in record.get("classifications", []):
        for level in ("segment", "genre", "subGenre"):
            if fold(entry.get(level, {}).get("name", "")) in wanted:
                return True
    return False


def _tm_datetime(query: dict, name: str) -> datetime | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        return parse_utc(raw)
    except ValueError:
        raise _tm_error(
            400,
            "DIS1015",
            "Query param with date must be of valid format "
            "YYYY-MM-DDTHH:mm:ssZ {example: 2016-12-08T15:00:00Z}",
        ) from None


def _tm_page(resource: str, path: str, query: dict, items: list[dict]) -> dict:
    """The HAL envelope for one page; no `_embedded` when the page is empty."""

    def bad_size() -> Answer:
        return _tm_error(400, "DIS1036", 'Query param "size" must be less than 200')

    size = int_param(query, "size", 20, bad_size)
    if size >= TM_SIZE_LIMIT:
        raise bad_size()
    size = max(size, 1)
    page = max(
        int_param(
            query,
            "page",
            0,
            lambda: _tm_error(400, "DIS1001", 'Query param "page" must be a number'),
        ),
        0,
    )
    if page * size >= TM_DEPTH_LIMIT:
        raise _tm_error(
            400,
            "DIS1035",
            "API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000",
        )
    total = len(items)
    pages = -(-total // size)
    params = {key: value for key, value in query.items() if key != "apikey"}

    def href(number: int) -> dict:
        return {"href": f"{path}?{urlencode({**params, 'page': number, 'size': size}, safe=',')}"}

    # Like the recordings: a single first page links only to itself.
    paged = pages > 1 or page > 0
    links = {"first": href(0)} if paged else {}
    if page > 0:
        links["prev"] = href(page - 1)
    links["self"] = {"href": f"{path}?{urlencode(params, safe=',')}" if params else path}
    if page + 1 < pages:
        links["next"] = href(page + 1)
    if paged:
        links["last"] = href(max(pages - 1, 0))
    body: dict = {}
    chunk = items[page * size : (page + 1) * size]
    if chunk:
        body["_embedded"] = {resource: chunk}
    body["_links"] = links
    body["page"] = {"size": size, "totalElements": total, "totalPages": pages, "number": page}
    return body


def _by_relevance(records: list[dict], query: dict, keyword: str) -> list[dict]:
    sort = query.get("sort", "relevance,desc")
    if sort.startswith("name,"):
        return sorted(records, key=lambda r: fold(r["name"]), reverse=sort.endswith("desc"))
    exact = fold(keyword).strip()
    return sorted(records, key=lambda r: fold(r["name"]) != exact)


class TicketmasterAPI:
    """Discovery v2: attractions, events and venues, searched and by id."""

    ROUTE = re.compile(r"/discovery/v2/(events|attractions|venues)(?:/([^/]+?))?(?:\.json)?/?")

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def answer(self, method: str, path: str, query: dict, now: datetime) -> dict:
        route = self.ROUTE.fullmatch(path)
        if method != "GET" or not route:
            raise _tm_not_found()
        resource, ident = route.groups()
        events, event_by_id = self.catalog.events(now.date())
        if ident:
            index = {
                "events": event_by_id,
                "attractions": self.catalog.attraction_by_id,
                "venues": self.catalog.venue_by_id,
            }[resource]
            if ident not in index:
                raise _tm_not_found(ident)
            return index[ident]
        if resource == "events":
            return _tm_page(resource, path, query, self.search_events(events, query, now))
        if resource == "attractions":
            return _tm_page(resource, path, query, self.search_attractions(query))
        return _tm_page(resource, path, query, self.search_venues(query))

    def search_attractions(self, query: dict) -> list[dict]:
        keyword = query.get("keyword", "")
        found = []
        for record in self.catalog.attractions:
            if keyword and not _matches_words(
                words(keyword), [record["name"], *record.get("aliases", [])]
            ):
                continue
            if _csv(query, "id") and record["id"] not in _csv(query, "id"):
                continue
            if _csv(query, "classificationName") and not _classified(
                record, _csv(query, "classificationName")
            ):
                continue
            if _csv(query, "segmentId") and not {
                c["segment"]["id"] for c in record["classifications"]
            } & _csv(query, "segmentId"):
                continue
            found.append(record)
        return _by_relevance(found, query, keyword)

    def search_venues(self, query: dict) -> list[dict]:
        keyword = query.get("keyword", "")
        found = []
        for record in self.catalog.venues:
            if keyword and not _matches_words(
                words(keyword), [record["name"], record["city"]["name"]]
            ):
                continue
            if _csv(query, "id") and record["id"] not in _csv(query, "id"):
                continue
            if (
                query.get("countryCode")
                and record["country"]["countryCode"] != query["countryCode"].upper()
            ):
                continue
            if (
                query.get("stateCode")
                and record.get("state", {}).get("stateCode") != query["stateCode"].upper()
            ):
                continue
            found.append(record)
        return _by_relevance(found, query, keyword)

    def search_events(self, events: list[dict], query: dict, now: datetime) -> list[dict]:
        start = _tm_datetime(query, "startDateTime") or now
        end = _tm_datetime(query, "endDateTime")
        keyword = words(query.get("keyword", ""))
        wanted = {
            name: _csv(query, name)
            for name in ("id", "attractionId", "venueId", "classificationName", "segmentId")
        }
        found = []
        for event in events:
            moment = event_moment(event)
            if moment < start or (end and moment > end):
                continue
            attractions = event.get("_embedded", {}).get("attractions", [])
            venues = event.get("_embedded", {}).get("venues", [])
            if wanted["id"] and event["id"] not in wanted["id"]:
                continue
            if (
                wanted["attractionId"]
                and not {a["id"] for a in attractions} & wanted["attractionId"]
            ):
                continue
            if wanted["venueId"] and not {v["id"] for v in venues} & wanted["venueId"]:
                continue
            if query.get("countryCode") and query["countryCode"].upper() not in {
                v["country"]["countryCode"] for v in venues
            }:
                continue
            if wanted["classificationName"] and not _classified(
                event, wanted["classificationName"]
            ):
                continue
            if (
                wanted["segmentId"]
                and not {c["segment"]["id"] for c in event["classifications"]} & wanted["segmentId"]
            ):
                continue
            names = [event["name"]] + [
                n for a in attractions for n in (a["name"], *a.get("aliases", []))
            ]
            if keyword and not _matches_words(keyword, names):
                continue
            found.append(event)
        sort = query.get("sort", "relevance,desc")
        if sort.startswith("name,"):
            return sorted(found, key=lambda e: fold(e["name"]), reverse=sort.endswith("desc"))
        return sorted(found, key=event_moment, reverse=sort == "date,desc")
