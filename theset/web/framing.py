"""Who may frame our pages: any site for the embed widget, no one for everything else."""

from __future__ import annotations

from flask import Response

from .security import CSP, set_directive


def allow_any_framing(response: Response) -> Response:
    """Let any site frame this response (the embed widget)."""
    set_directive(response, "frame-ancestors", "*")
    response.headers.pop("X-Frame-Options", None)
    return response


def forbid_framing(response: Response) -> Response:
    """Refuse framing, unless the view already allowed it (clickjacking defence)."""
    if "frame-ancestors" not in response.headers.get(CSP, ""):
        set_directive(response, "frame-ancestors", "'none'")
        response.headers["X-Frame-Options"] = "DENY"
    return response
