"""HTTP caching: weak ETags, 304s and Cache-Control; signed-in pages are never stored."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, request
from flask_login import current_user

SHARED_MAX_AGE = 15  # seconds: live counts may lag this much behind in a shared cache


def conditional(response: Response, personal: bool | None = None) -> Response:
    """Tag the body with a weak ETag and answer 304 when the client has it already.

    A `personal` answer (by default: one made for a signed-in fan) is never stored by
    caches; any other may be shared for a few seconds.
    """
    if personal is None:
        personal = current_user.is_authenticated
    if personal:
        response.headers["Cache-Control"] = "private, no-store"
    else:
        response.headers["Cache-Control"] = f"public, max-age={SHARED_MAX_AGE}"
    response.vary.add("Cookie")
    response.add_etag(weak=True)
    return response.make_conditional(request)


def made_when_changed(
    source: str, make: Callable[[], bytes], mimetype: str, max_age: int = SHARED_MAX_AGE
) -> Response:
    """A public answer tagged by `source`, all that its body is made from: a client that has
    that body already gets a 304 and the body is not made again."""
    response = Response(mimetype=mimetype)
    response.set_etag(hashlib.sha256(source.encode()).hexdigest()[:32], weak=True)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    if not request.if_none_match.contains_weak(response.get_etag()[0]):
        response.set_data(make())
    return response.make_conditional(request)


def no_store_when_signed_in(response: Response) -> Response:
    """Pages made for a signed-in fan (dashboard, admin, their votes) are never stored."""
    if (
        request.endpoint != "static"
        and "Cache-Control" not in response.headers
        and current_user.is_authenticated
    ):
        response.headers["Cache-Control"] = "private, no-store"
    return response
