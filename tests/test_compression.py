"""Small on the wire: compressed pages and JSON, and static files a browser keeps."""

import gzip
import re

import brotli
import pytest

ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/", {}),
        ("/search?q=marchetti", {"HX-Request": "true"}),
        ("/api/openapi.json", {}),
    ],
    ids=["page", "fragment", "json"],
)
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_fragments_and_json_are_compressed(client, path, headers, encoding):
    plain = client.get(path, headers=headers)
    packed = client.get(path, headers={**headers, "Accept-Encoding": encoding})
    assert packed.headers["Content-Encoding"] == encoding
    decode = brotli.decompress if encoding == "br" else gzip.decompress
    assert decode(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    # Caches (and a compressing proxy) keep one copy per encoding, besides our own Vary.
    vary = {part.strip() for part in packed.headers["Vary"].split(",")}
    assert "Accept-Encoding" in vary and "Cookie" in vary


def test_an_answer_without_accept_encoding_is_plain(client):
    answer = client.get("/")
    assert "Content-Encoding" not in answer.headers
    assert answer.text.startswith("<!doctype html>")


def test_every_asset_of_a_page_is_hashed_and_kept_a_year(client):
    assets = ASSET.findall(client.get("/").text)
    assert len(assets) >= 4
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", asset), asset
        answer = client.get(asset, headers={"Accept-Encoding": "br, gzip"})
        assert answer.status_code == 200
        cache = answer.headers["Cache-Control"]
        assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache)[1]) >= 31536000
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_scripts_and_styles_are_sent_precompressed(client):
    html = client.get("/").text
    script = next(a for a in ASSET.findall(html) if "htmx.min." in a)
    answer = client.get(script, headers={"Accept-Encoding": "br, gzip"})
    assert answer.headers["Content-Encoding"] == "br"
    plain = client.get(script).data
    assert brotli.decompress(answer.data) == plain
    assert plain.startswith(b"var htmx") or b"htmx" in plain[:200]


def test_a_plain_static_name_still_works_but_is_not_kept_long(client):
    answer = client.get("/static/css/theset.css")
    assert answer.status_code == 200
    assert "immutable" not in answer.headers["Cache-Control"]


def test_the_favicon(client):
    icon = re.search(
        r'<link rel="icon" href="http://localhost(/static/[^"]+)"', client.get("/").text
    )
    assert icon and client.get(icon[1]).headers["Content-Type"].startswith("image/svg+xml")
    legacy = client.get("/favicon.ico")
    assert legacy.status_code == 301 and legacy.headers["Location"].endswith(".svg")
