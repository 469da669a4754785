"""Whether a request comes from one of our own pages, by its Origin or Referer header."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def _source() -> str | None:
    """The page the browser says the request came from: its Origin, else its Referer."""
    return request.headers.get("Origin") or request.headers.get("Referer")


def from_our_pages() -> bool:
    """True unless the browser names another site as the request's origin.

    Browsers send Origin on cross-site POSTs and WebSocket handshakes; without it,
    the Referer tells. Clients that send neither (curl) are not browsers that a
    forged page could drive.
    """
    source = _source()
    return not source or urlsplit(source).netloc == request.host


def named_our_pages() -> bool:
    """True only when the browser names one of our pages (a page can suppress both)."""
    source = _source()
    return bool(source) and urlsplit(source).netloc == request.host
