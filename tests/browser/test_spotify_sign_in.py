"""The real Spotify sign-in dance in a browser, against the fake accounts server.

The app runs outside demo mode with its Spotify settings pointing at the local fake
(which checks the PKCE verifier, the redirect URI and one-time codes), so the browser
goes TheSet -> Spotify /authorize -> TheSet callback -> the page it started from.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from ..conftest import empty_database
from .conftest import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def spotify_site(make_app, upstream):
    app = make_app(**upstream.settings())
    with LiveServer(app) as server:
        yield server
    empty_database(app)


def test_sign_in_with_spotify_returns_to_the_page_it_started_from(spotify_site, upstream, page):
    page.goto(f"{spotify_site.url}/login?next=/artists")
    with page.expect_navigation():
        page.get_by_role("link", name="Sign in with Spotify").click()
    assert urlsplit(page.url).path == "/artists"
    expect(page.get_by_role("link", name="Mara Lindqvist")).to_be_visible()
    assert upstream.asked("/accounts/authorize", "code_challenge_method=S256") == 1


def test_denied_consent_in_the_browser_is_a_friendly_page(spotify_site, upstream, page):
    upstream.deny_consent = True
    page.goto(f"{spotify_site.url}/login")
    page.get_by_role("link", name="Sign in with Spotify").click()
    expect(page.get_by_role("heading", name="You are not signed in")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
