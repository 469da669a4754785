"""Ticketmaster Discovery v2 from the demo catalog: attractions, events and venues."""

from __future__ import annotations

import re
from datetime import datetime

from ..text import begins_words
from .catalog import Catalog, event_moment, fold, parse_utc, words
from .ticketmaster_envelope import tm_error, tm_not_found, tm_page


def _csv(query: dict, name: str) -> set[str]:
    return {part.strip() for part in query.get(name, "").split(",") if part.strip()}


def _matches_words(query_words: list[str], names: list[str]) -> bool:
    """Every query word begins a word of one of the names, accents and case folded: the
    stand-in answers names as people type them ("zoe mar"), where live Ticketmaster's
    keyword wants whole words."""
    return begins_words(query_words, (word for name in names for word in words(name)))


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
        raise tm_error(
            400,
            "DIS1015",
            "Query param with date must be of valid format "
            "YYYY-MM-DDTHH:mm:ssZ {example: 2016-12-08T15:00:00Z}",
        ) from None


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
            raise tm_not_found()
        resource, ident = route.groups()
        events, event_by_id = self.catalog.events(now.date())
        if ident:
            index = {
                "events": event_by_id,
                "attractions": self.catalog.attraction_by_id,
                "venues": self.catalog.venue_by_id,
            }[resource]
            if ident not in index:
                raise tm_not_found(ident)
            return index[ident]
        if resource == "events":
            return tm_page(resource, path, query, self.search_events(events, query, now))
        if resource == "attractions":
            return tm_page(resource, path, query, self.search_attractions(query))
        return tm_page(resource, path, query, self.search_venues(query))

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
