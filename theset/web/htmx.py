"""One rule for page or fragment, and small htmx response helpers."""

from __future__ import annotations

import json

from flask import Request, Response, render_template, request


def is_partial(req: Request | None = None) -> bool:
    """True for an htmx request that wants a fragment: not boosted, not a history restore."""
    req = req or request
    return (
        req.headers.get("HX-Request") == "true"
        and req.headers.get("HX-Boosted") != "true"
        and req.headers.get("HX-History-Restore-Request") != "true"
    )


def prefers_json(req: Request | None = None) -> bool:
    """True when the client asks for JSON rather than HTML (Accept negotiation)."""
    req = req or request
    return req.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )


def render_page(page: str, fragment: str, **context) -> str:
    """Render the full page, or only its fragment for a partial htmx request.

    The page includes the fragment, so both come from one template; `partial`
    tells the fragment which of the two it is part of.
    """
    partial = is_partial()
    return render_template(fragment if partial else page, partial=partial, **context)


def add_vary(response: Response) -> Response:
    """Tell caches that the same URL answers a page or a fragment by HX-Request."""
    response.vary.add("HX-Request")
    return response


def trigger(response: Response, event: str, detail: object = None) -> Response:
    """Ask htmx to fire `event` on the client (HX-Trigger)."""
    response.headers["HX-Trigger"] = json.dumps({event: detail}) if detail else event
    return response


def redirect(response: Response, url: str) -> Response:
    """Ask htmx for a full-page navigation to `url` (HX-Redirect)."""
    response.headers["HX-Redirect"] = url
    return response
