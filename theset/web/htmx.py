"""One rule for page or fragment, and small htmx response helpers."""

from __future__ import annotations

import json

from flask import Request, Response, current_app, render_template, request

# The response headers htmx reads off every answer (xhr.getResponseHeader). A cross-origin
# answer must expose them (Access-Control-Expose-Headers), or the browser logs an error for
# each one it refuses to read, whether it was sent or not.
HTMX_RESPONSE_HEADERS = (
    "HX-Trigger",
    "HX-Trigger-After-Swap",
    "HX-Trigger-After-Settle",
    "HX-Location",
    "HX-Redirect",
    "HX-Refresh",
    "HX-Retarget",
    "HX-Reswap",
    "HX-Reselect",
    "HX-Push",
    "HX-Push-Url",
    "HX-Replace-Url",
)


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
    tells the fragment which of the two it is part of. A fragment starts with the
    page's <title>, so htmx retitles the tab when it swaps the fragment in.
    """
    if not is_partial():
        return render_template(page, partial=False, **context)
    return page_title(page, context) + render_template(fragment, partial=True, **context)


def page_title(page: str, context: dict) -> str:
    """The <title> element of `page` from its title block, the one place a title is
    written; empty for a page without one (the embed leaves its host page's title alone)."""
    template = current_app.jinja_env.get_template(page)
    block = template.blocks.get("title")
    if block is None:
        return ""
    values = dict(context, partial=False)
    current_app.update_template_context(values)
    text = "".join(block(template.new_context(values)))  # escaped by the template
    return f"<title>{text} · TheSet</title>\n"


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
