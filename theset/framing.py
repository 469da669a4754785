"""Who may frame our pages: any site for the embed widget, no one for everything else."""

from __future__ import annotations

from flask import Response

CSP = "Content-Security-Policy"


def _set_frame_ancestors(response: Response, sources: str) -> None:
    """Add the frame-ancestors directive, keeping any other directives of the policy."""
    policy = response.headers.get(CSP, "")
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    directives = [part for part in directives if not part.lower().startswith("frame-ancestors")]
    response.headers[CSP] = "; ".join([*directives, f"frame-ancestors {sources}"])


def allow_any_framing(response: Response) -> Response:
    """Let any site frame this response (the embed widget)."""
    _set_frame_ancestors(response, "*")
    response.headers.pop("X-Frame-Options", None)
    return response


def forbid_framing(response: Response) -> Response:
    """Refuse framing, unless the view already allowed it (clickjacking defence)."""
    if "frame-ancestors" not in response.headers.get(CSP, ""):
        _set_frame_ancestors(response, "'none'")
        response.headers["X-Frame-Options"] = "DENY"
    return response
