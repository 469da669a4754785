"""Discovery v2's envelopes for the demo: a HAL page of results, and the error body."""

from __future__ import annotations

from urllib.parse import urlencode

from .answer import Answer, int_param

TM_SIZE_LIMIT = 200
TM_DEPTH_LIMIT = 1000


def tm_error(status: int, code: str, detail: str) -> Answer:
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


def tm_not_found(ident: str | None = None) -> Answer:
    criteria = "locale=en-us" + (f", id={ident}" if ident else "")
    return tm_error(404, "DIS1004", f"Resource not found with provided criteria ({criteria})")


def tm_page(resource: str, path: str, query: dict, items: list[dict]) -> dict:
    """The HAL envelope for one page; no `_embedded` when the page is empty."""

    def bad_size() -> Answer:
        return tm_error(400, "DIS1036", 'Query param "size" must be less than 200')

    size = int_param(query, "size", 20, bad_size)
    if size >= TM_SIZE_LIMIT:
        raise bad_size()
    size = max(size, 1)
    page = max(
        int_param(
            query,
            "page",
            0,
            lambda: tm_error(400, "DIS1001", 'Query param "page" must be a number'),
        ),
        0,
    )
    if page * size >= TM_DEPTH_LIMIT:
        raise tm_error(
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
