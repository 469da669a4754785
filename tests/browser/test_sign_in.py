"""Signing in and out from the site header, the fan's dashboard, and the header itself.

Each test starts from an empty database (`live_server`): signing in stores the fan, and
the dashboard finds their Spotify artists and looks up their shows on Ticketmaster, all
from the demo catalog. Every test waits for those lookups to finish before it ends, so
no background job writes into the next test's database.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from theset.services import fan_artists

from . import axe
from .conftest import MARA, TOMAS, check_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.csrf]  # its forms post their CSRF tokens

LOOKING_UP = "Looking up upcoming shows"
LOOKUPS_TIMEOUT = 30_000  # ms; a few seconds on a normal machine
POLL_EVERY = 2_000  # ms: the dashboard's hx-trigger
HOME_TITLE = "Predict the setlist · TheSet"


def dashboard_polls(page) -> list:
    """The dashboard's own htmx requests for itself, from now on."""
    seen = []

    def record(request):
        if urlsplit(request.url).path == "/dashboard" and request.headers.get("hx-request"):
            seen.append(request)

    page.on("request", record)
    return seen


def wait_for_lookups(page) -> None:
    expect(page.get_by_text(LOOKING_UP)).to_have_count(0, timeout=LOOKUPS_TIMEOUT)


@pytest.mark.limited
def test_sign_in_from_the_header_see_the_dashboard_and_sign_out(live_server, page, monkeypatch):
    polls = dashboard_polls(page)
    # The first lookups wait until the page has polled for them once.
    looked_up = threading.Event()
    find_shows = fan_artists.find_fan_shows

    def after_a_poll(*args):
        looked_up.wait(timeout=LOOKUPS_TIMEOUT / 1000)
        find_shows(*args)

    monkeypatch.setattr(fan_artists, "find_fan_shows", after_a_poll)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/login")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=f"Sign in as {MARA}").click()

    expect(page).to_have_url(live_server.url + "/dashboard")
    first_look = navigation.value.text()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["Your predictions", "Your record", "Your artists", "Your calendar"]
    )
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name=MARA)).to_be_visible()
    expect(
        page.get_by_role("region", name="Your artists").locator(".fan-artist").first
    ).to_be_visible()
    assert LOOKING_UP in first_look
    page.wait_for_timeout(POLL_EVERY + 1000)
    assert polls, "the page did not poll for the lookups"
    looked_up.set()
    wait_for_lookups(page)
    expect(page.locator(".fan-artist .fan-artist-next").first).to_be_visible()
    expect(page).to_have_title("Your dashboard · TheSet")

    page.get_by_role("button", name="Refresh now").click()

    expect(page.get_by_text("Your artists are fresh from Spotify.")).to_be_visible()
    wait_for_lookups(page)  # refreshed artists: their shows are looked up again
    expect(page.get_by_text("Your artists are fresh from Spotify.")).to_be_visible()

    # Wait for the POST itself: a poll swapping the page may also load /dashboard meanwhile.
    with page.expect_response(lambda r: urlsplit(r.url).path == "/dashboard/refresh") as answer:
        page.get_by_role("button", name="Refresh now").click()

    refused = answer.value
    assert refused.status == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    expect(page.get_by_role("heading", level=1)).to_have_text("Too Many Requests")
    expect(page.locator(".error-message")).to_have_text(
        "You refreshed less than a minute ago; please wait a moment before the next one."
    )

    account.get_by_role("button", name="Sign out", exact=True).click()

    expect(page).to_have_url(live_server.url + "/")
    expect(page).to_have_title(HOME_TITLE)
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(live_server.url + "/dashboard")
    expect(page).to_have_url(live_server.url + "/login?next=/dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_the_sign_in_page_and_the_dashboard_are_accessible(live_server, axe_context):
    page = axe_context.new_page()
    page.goto(live_server.url + "/login")
    expect(page.get_by_role("button", name=f"Sign in as {TOMAS}")).to_be_visible()
    check_accessible(page, "login")

    sign_in(page, live_server, TOMAS)
    wait_for_lookups(page)
    check_accessible(page, "dashboard")


def test_live_search_names_the_page_in_the_title(live_server, page):
    page.goto(live_server.url + "/")
    expect(page).to_have_title(HOME_TITLE)

    page.locator("#q").fill("marchetti")

    expect(page.get_by_role("heading", level=1)).to_have_text("Artists for “marchetti”")
    expect(page).to_have_title("Search: marchetti · TheSet")

    page.go_back()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Predict tonight's setlist, together."
    )
    expect(page).to_have_title(HOME_TITLE)


@pytest.mark.parametrize("width", [320, 390])
def test_the_search_boxes_have_room_on_a_phone(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    # Home's own search box is the one there: the header's would repeat it.
    assert page.locator("#hero-q").bounding_box()["width"] >= width * 0.5
    expect(page.locator("#q")).to_be_hidden()

    page.goto(live_server.url + "/artists")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#q").click()  # focused, the header's box takes the brand's room too
    box = page.locator("#q").bounding_box()
    assert box["width"] >= width * 0.5, f"the search box is {box['width']:.0f} px wide"
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#q").fill("marchetti")  # the "Searching…" indicator shows and hides

    expect(page.get_by_role("heading", level=1)).to_have_text("Artists for “marchetti”")
    assert page.locator("#q").bounding_box()["width"] == box["width"]


def test_the_home_pages_two_searches_have_their_own_names(live_server, axe_context):
    page = axe_context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("search", name="Site")).to_have_count(1)
    expect(page.get_by_role("search", name="Find an artist")).to_have_count(1)
    everything = axe.violations(page, impacts=("minor", "moderate", "serious", "critical"))
    assert "landmark-unique" not in {rule["id"] for rule in everything}, axe.describe(everything)
