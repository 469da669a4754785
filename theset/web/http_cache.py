"""HTTP caching: weak ETags, 304s and Cache-Control; signed-in pages are never stored."""

from __future__ import annotations

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


def no_store_when_signed_in(response: Response) -> Response:
    """Pages made for a signed-in fan (dashboard, admin, their votes) are never stored."""
    if (
        request.endpoint != "static"
        and "Cache-Control" not in response.headers
        and current_user.is_authenticated
    ):
        response.headers["Cache-Control"] = "private, no-store"
    return response
