"""What a page costs a fan on a cold cache: the bytes of its HTML and of the CSS, JS and
icon it loads, as the app sends them to a browser (compressed, `Accept-Encoding: br, gzip`)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="(?:https?://[^/"]+)?(/static/[^"]+)"')
BROWSER = {"Accept-Encoding": "br, gzip"}


def page_weight(client: FlaskClient, path: str) -> dict[str, int]:
    """Bytes sent for the page at `path` and for each asset it loads, by path."""
    html = client.get(path).text
    sizes = {path: len(client.get(path, headers=BROWSER).data)}
    for asset in ASSET.findall(html):
        sizes[asset] = len(client.get(asset, headers=BROWSER).data)
    return sizes
