"""Rate limits: 429 with Retry-After, as a page, a fragment and JSON."""

import pytest

from .conftest import rolled_back
from .support.auth import signed_in_client


@pytest.fixture
def limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    with rolled_back(app):
        yield app


def test_search_is_limited_per_visitor_with_retry_after(limited):
    client = limited.test_client()
    for _ in range(30):
        assert client.get("/search?q=marchetti").status_code == 200
    page = client.get("/search?q=marchetti")
    assert page.status_code == 429
    assert 1 <= int(page.headers["Retry-After"]) <= 60
    assert "Too Many Requests" in page.text and page.text.lstrip().startswith("<!doctype")
    fragment = client.get("/search?q=marchetti", headers={"HX-Request": "true"})
    assert fragment.status_code == 429 and "<header" not in fragment.text
    assert "error-message" in fragment.text
    as_json = client.get("/search?q=marchetti", headers={"Accept": "application/json"})
    assert as_json.status_code == 429 and as_json.json["error"]["status"] == 429
    assert limited.test_client().get("/").status_code == 200  # pages are not limited


def test_demo_sign_in_is_limited(limited):
    client = limited.test_client()
    statuses = [client.post("/login/demo", data={"fan": "nobody"}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429


def test_votes_are_limited_per_fan(limited):
    client = signed_in_client(limited)
    statuses = {client.post("/setlist-songs/999999/vote").status_code for _ in range(121)}
    assert statuses == {404, 429}


UNKNOWN = "K8vZ9nope00"


def test_an_unknown_artist_id_is_remembered_and_not_asked_again(upstream_app, upstream):
    client = upstream_app.test_client()
    assert [client.get(f"/artists/tm/{UNKNOWN}").status_code for _ in range(5)] == [404] * 5
    assert upstream.asked(f"/attractions/{UNKNOWN}") == 1


@pytest.mark.limited
def test_a_hundred_unknown_id_requests_make_a_handful_of_calls_then_429s(upstream_app, upstream):
    client = upstream_app.test_client()
    statuses = [client.get(f"/artists/tm/{UNKNOWN}{n:03}").status_code for n in range(100)]
    assert set(statuses[:10]) == {404} and set(statuses[10:]) == {429}
    assert upstream.count("ticketmaster") <= 10
    assert upstream_app.test_client().get("/").status_code == 200  # others are not limited


@pytest.mark.limited
@pytest.mark.parametrize(
    "path", ["/artists/zoe-marchetti", "/api/artists/zoe-marchetti", "/shows/1", "/embed/shows/1"]
)
def test_pages_that_may_refresh_from_upstream_are_limited_per_visitor(upstream_app, path):
    client = upstream_app.test_client()
    statuses = {client.get(path).status_code for _ in range(121)}
    assert 429 in statuses and 500 not in statuses
    assert client.get("/").status_code == 200  # pages that never call upstream are not
