"""Spotify's paging, offset or cursor, bounded whatever upstream says, repeats dropped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from ..shapes import as_dict, as_list

MAX_PAGES = 20  # a bound on every paging loop, whatever upstream says

Fetch = Callable[[str, dict[str, Any]], dict[str, Any]]


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=HasId)


def offset_pages(
    fetch: Fetch, path: str, params: dict[str, Any], limit: int
) -> Iterator[dict[str, Any]]:
    """The items of every page of an offset-paged list, `limit` a page."""
    # `next` only says whether to go on: we build the URL ourselves so a token is never
    # sent to whatever host a `next` link names.
    offset = 0
    for _ in range(MAX_PAGES):
        page = fetch(path, {**params, "limit": limit, "offset": offset})
        items = page_items(page)
        yield from items
        if not items or not page.get("next"):
            return
        offset += limit


def cursor_pages(
    fetch: Fetch, path: str, params: dict[str, Any], key: str
) -> Iterator[dict[str, Any]]:
    """The items of every page of a cursor-paged list, found under `key` in each answer."""
    after = None
    for _ in range(MAX_PAGES):
        answer = fetch(path, params if after is None else {**params, "after": after})
        page = as_dict(answer.get(key))
        items = page_items(page)
        yield from items
        cursor = as_dict(page.get("cursors")).get("after")
        if not items or not cursor or cursor == after:
            return
        after = cursor


def page_items(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The JSON objects of one page."""
    return [item for item in as_list(page.get("items")) if isinstance(item, dict)]


def unique(items: Iterable[Item]) -> list[Item]:
    """The items with an id, each id once: paging can repeat one when the list changes."""
    seen: set[str] = set()
    result = []
    for item in items:
        if item.id and item.id not in seen:
            seen.add(item.id)
            result.append(item)
    return result
