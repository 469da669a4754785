"""What a page costs a fan on a weak connection: its HTML plus the CSS and JS it loads, gzipped."""

from __future__ import annotations

import gzip
import re

from flask.testing import FlaskClient

ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="(/static/[^"]+\.(?:js|css))"')


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9))


def page_weight(client: FlaskClient, path: str) -> dict[str, int]:
    """Gzipped bytes of the page at `path` and of each script and stylesheet it loads."""
    html = client.get(path).data
    sizes = {path: gzip_size(html)}
    for asset in ASSET.findall(html.decode()):
        sizes[asset] = gzip_size(client.get(asset).data)
    return sizes
