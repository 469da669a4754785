"""Security headers on every response: a strict Content-Security-Policy and friends.

No page has inline scripts or styles (htmx is told not to inject its indicator
styles and not to eval), so the policy allows scripts and styles from our own
origin only. Framing is decided by theset/framing.py.
"""

from __future__ import annotations

from flask import Flask, Response, current_app

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' https: data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000; includeSubDomains"
CSP = "Content-Security-Policy"


def set_directive(response: Response, name: str, sources: str) -> None:
    """Set one directive of the response's CSP, keeping its other directives."""
    directives = _directives(response)
    directives[name] = f"{name} {sources}"
    response.headers[CSP] = "; ".join(directives.values())


def _directives(response: Response) -> dict[str, str]:
    """The response's CSP as {directive name: whole directive}."""
    parts = (part.strip() for part in response.headers.get(CSP, "").split(";"))
    return {part.split(maxsplit=1)[0].lower(): part for part in parts if part}


def add_security_headers(response: Response) -> Response:
    """Merge our policy into the response's CSP (keeping frame-ancestors) and set the rest."""
    directives = _directives(response)
    for name, sources in POLICY.items():
        directives.setdefault(name, f"{name} {sources}")
    response.headers[CSP] = "; ".join(directives.values())
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not current_app.config["DEMO_MODE"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """Add the headers after every other after-request hook has run."""
    app.after_request_funcs.setdefault(None, []).insert(0, add_security_headers)
