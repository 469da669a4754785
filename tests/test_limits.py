"""Rate limits: 429 with Retry-After, as a page, a fragment and JSON."""

import pytest

from .conftest import rolled_back
from .test_votes import login_as


@pytest.fixture
def limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    app.config["WTF_CSRF_ENABLED"] = False
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
    from theset.extensions import db

    from .factories import make_user

    fan = make_user()
    db.session.commit()
    client = limited.test_client()
    login_as(client, fan)
    statuses = {client.post("/setlist-songs/999999/vote").status_code for _ in range(121)}
    assert statuses == {404, 429}
