"""Search: what Ticketmaster is asked, the hint for a query too short to search, and the
answer when nothing matches, on the page, the fragment and the JSON API."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .support.headers import HX

HINT = "Type at least 2 letters"


def keywords_asked(upstream) -> list[str]:
    """The `keyword` of every attraction search the fake Ticketmaster was asked."""
    return [
        parse_qs(urlsplit(path).query)["keyword"][0]
        for path in upstream.requests
        if "/attractions.json" in path
    ]


@pytest.mark.parametrize("query", ["N", " n ", "é", "e\u0301"])
def test_under_two_letters_the_page_and_fragment_hint_and_ticketmaster_is_not_asked(
    upstream_app, upstream, query
):
    client = upstream_app.test_client()
    for headers in ({}, HX):
        response = client.get("/search", query_string={"q": query}, headers=headers)
        assert response.status_code == 200
        assert HINT in response.text
        assert "artists with upcoming shows" not in response.text
    fragment = client.get("/search", query_string={"q": query}, headers=HX).text
    assert f'role="status" aria-live="polite" hx-swap-oob="true">{HINT}' in fragment
    assert upstream.count("ticketmaster") == 0


@pytest.mark.parametrize("query", ["N", "%20z%20%20"])
def test_under_two_letters_the_api_answers_a_400_that_says_so(upstream_app, upstream, query):
    response = upstream_app.test_client().get(f"/api/search?q={query}")
    assert response.status_code == 400
    assert "at least 2 letters" in response.json["error"]["message"]
    assert upstream.count("ticketmaster") == 0


def test_two_letters_are_searched(client):
    assert "Zoé Marchetti" in client.get("/search?q=Zo").text
    assert [a["name"] for a in client.get("/api/search?q=zo").json["artists"]] == ["Zoé Marchetti"]


def test_ticketmaster_is_asked_for_the_query_trimmed_collapsed_and_composed(upstream_app, upstream):
    client = upstream_app.test_client()
    client.get("/search", query_string={"q": "  Zoe\u0301 \t  Marchetti "})
    client.get("/api/search", query_string={"q": "Nightjar\u00a0 Quintet"})
    assert keywords_asked(upstream) == ["Zoé Marchetti", "Nightjar Quintet"]


def test_no_match_is_said_once(client):
    page = client.get("/search?q=zzzz").text
    assert "0 artists" not in page
    assert page.count("No artist with upcoming shows matches “zzzz”") == 1
    fragment = client.get("/search?q=zzzz", headers=HX).text
    assert "0 artists" not in fragment
    # Once on the page, once in the live region that announces it.
    assert fragment.count("No artist with upcoming shows matches “zzzz”") == 2
