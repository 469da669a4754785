"""oEmbed 1.0 for show pages: a "rich" answer with the widget's iframe, and nothing else."""

import re

import pytest

from .factories import make_setlist, make_show

FIELDS = {
    "version": str,
    "type": str,
    "provider_name": str,
    "provider_url": str,
    "title": str,
    "html": str,
    "width": int,
    "height": int,
    "cache_age": int,
}


@pytest.fixture
def show(session):
    show = make_show()
    make_setlist(show)
    session.commit()
    return show


def _oembed(client, url, **params):
    return client.get("/oembed", query_string={"url": url, **params})


def test_a_show_page_answers_a_rich_oembed(client, show):
    response = _oembed(client, f"http://localhost/shows/{show.id}", format="json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    answer = response.json
    assert set(answer) == set(FIELDS)
    assert all(type(answer[key]) is kind for key, kind in FIELDS.items())
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert answer["provider_name"] == "TheSet"
    assert answer["provider_url"] == "http://localhost/"
    assert answer["title"] == f"{show.artist.name} at {show.venue.name}"
    assert answer["cache_age"] > 0
    iframe = re.fullmatch(
        r'<iframe src="([^"]+)" width="(\d+)" height="(\d+)" [^>]*></iframe>', answer["html"]
    )
    assert iframe is not None, answer["html"]
    assert iframe.group(1) == f"http://localhost/embed/shows/{show.id}"
    assert (int(iframe.group(2)), int(iframe.group(3))) == (answer["width"], answer["height"])


def test_json_is_the_default_format_and_the_show_url_may_carry_a_query(client, show):
    response = _oembed(client, f"https://localhost/shows/{show.id}?utm_source=x#setlist")
    assert response.status_code == 200 and response.json["type"] == "rich"


@pytest.mark.parametrize(
    ("params", "most"),
    [
        ({"maxwidth": "300"}, (300, None)),
        ({"maxheight": "200"}, (None, 200)),
        ({"maxwidth": "320", "maxheight": "1"}, (320, 1)),
        ({"maxwidth": "100000", "maxheight": "100000"}, (None, None)),
    ],
)
def test_maxwidth_and_maxheight_are_never_exceeded(client, show, params, most):
    default = _oembed(client, f"http://localhost/shows/{show.id}").json
    answer = _oembed(client, f"http://localhost/shows/{show.id}", **params).json
    for key, limit in zip(("width", "height"), most, strict=True):
        assert answer[key] == (min(limit, default[key]) if limit else default[key])
        assert f'{key}="{answer[key]}"' in answer["html"]


@pytest.mark.parametrize("value", ["wide", "", "12.5", "-3", "0", "1e3", "٣", "9" * 5000])
@pytest.mark.parametrize("name", ["maxwidth", "maxheight"])
def test_a_size_that_is_not_a_positive_whole_number_is_a_400(client, show, name, value):
    response = _oembed(client, f"http://localhost/shows/{show.id}", **{name: value})
    assert response.status_code == 400
    assert name in response.text


@pytest.mark.parametrize("fmt", ["xml", "XML", "yaml"])
def test_formats_other_than_json_are_501(client, show, fmt):
    response = _oembed(client, f"http://localhost/shows/{show.id}", format=fmt)
    assert response.status_code == 501


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/shows/{id}",
        "http://localhost.evil.example/shows/{id}",
        "http://localhost:8080/shows/{id}",
        "ftp://localhost/shows/{id}",
        "//localhost/shows/{id}",
        "/shows/{id}",
        "http://localhost/shows/999999",
        "http://localhost/shows/0",
        "http://localhost/shows/abc",
        "http://localhost/embed/shows/{id}",
        "http://localhost/artists/{id}",
        "http://localhost/",
        "http://localhost/shows/{id}/songs",
        "not a url at all",
    ],
)
def test_anything_but_one_of_our_show_pages_is_a_404(client, show, url):
    assert _oembed(client, url.format(id=show.id)).status_code == 404


def test_no_url_is_a_400(client):
    assert client.get("/oembed").status_code == 400
    assert client.get("/oembed?url=%20").status_code == 400


def test_the_answer_has_an_etag_and_a_304(client, show):
    url = f"/oembed?url=http://localhost/shows/{show.id}"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, max-age=15"
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
