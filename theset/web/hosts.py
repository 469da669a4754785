"""The Host header is not trusted: only the public origin's host is served, and
absolute URLs are built from THESET_PUBLIC_URL, never from the request.

Behind reverse proxies, THESET_PROXY_HOPS says how many of them to believe about
the client's address, scheme and host (werkzeug's ProxyFix); 0 believes none.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Request, request
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import MapAdapter

# The demo answers on both names of the loopback address.
DEMO_HOSTS = ("127.0.0.1", "localhost")


class PublicOriginFlask(Flask):
    """Flask whose URL adapter builds absolute URLs on the configured public origin."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        origin = urlsplit(self.config["THESET_PUBLIC_URL"])
        try:
            adapter = super().create_url_adapter(request)
        except SecurityError as refused:
            # A foreign Host: refuse the request, with an adapter for its error page's links.
            request.routing_exception = refused
            return self.url_map.bind(origin.netloc, url_scheme=origin.scheme)
        if adapter is not None:
            adapter.url_scheme, adapter.server_name = origin.scheme, origin.netloc
        return adapter


def refuse_foreign_hosts() -> None:
    """Answer 400 to a foreign Host before any other hook sees the request."""
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def trusted_hosts(public_url: str, demo_mode: bool) -> list[str]:
    """The Host values served: the public one, and in demo mode both loopback names."""
    host = urlsplit(public_url).hostname
    return sorted({host, *DEMO_HOSTS}) if demo_mode else [host]


def serve_at(app: Flask, public_url: str) -> None:
    """Make `public_url` the app's origin: its URLs point there, and its host is served."""
    app.config["THESET_PUBLIC_URL"] = public_url
    app.config["TRUSTED_HOSTS"] = trusted_hosts(public_url, app.config["DEMO_MODE"])


def init_app(app: Flask) -> None:
    """Serve only trusted hosts; believe exactly THESET_PROXY_HOPS proxies."""
    serve_at(app, app.config["THESET_PUBLIC_URL"])
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_foreign_hosts)
    hops = app.config["THESET_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
