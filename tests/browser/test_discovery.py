"""Finding a concert: search, artist and show pages, as a person in a browser does it.

The live search, selecting a result and browsing with JavaScript off import what
they need through the search (`live_server`); the show status pages and the
accessibility checks share the demo catalog, loaded once for the module
(`demo_server`), so they come last. The accessibility checks run axe-core in the
light and dark color schemes at phone and desktop widths, and leave screenshots
in $THESET_SHOTS (default /tmp/shots; set it empty for none).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from theset.extensions import db
from theset.models import Artist, Show

from ..conftest import empty_database
from ..support.pages import DEBOUNCE_MS, HOME_TITLE, search_requests
from . import axe
from .conftest import MARA, SCHEMES, WIDTHS, check_accessible, sign_in

pytestmark = pytest.mark.browser

ZOE_TM_ID = "K8vZ91mDDPm"
ONE_RESULT = "1 artist with upcoming shows for “marchetti”"


def show_facts(app, show_id: int) -> dict:
    """What the database says about a show, to compare with the page."""
    with app.app_context():
        show = db.session.get(Show, show_id)
        return {
            "venue": show.venue.name,
            "city": show.venue.city,
            "local_date": show.local_date,
            "local_time": show.local_time,
        }


def show_path(app, artist_slug: str, status: str | None = None) -> str:
    """The page of the artist's first show, or of their first show with that status."""
    query = select(Show.id).join(Artist).where(Artist.slug == artist_slug)
    if status:
        query = query.where(Show.status == status)
    with app.app_context():
        show_id = db.session.scalars(query.order_by(Show.starts_at)).first()
    assert show_id is not None, f"no {status or ''} show of {artist_slug} in the demo data"
    return f"/shows/{show_id}"


def local_when(facts: dict) -> str:
    """The venue's local date and time as Ticketmaster gives them, written like the app."""
    return f"{facts['local_date']:%a %-d %b %Y}, {facts['local_time']:%H:%M}"


@pytest.fixture
def axe_page(browser):
    """A page for axe: the injected script must run whatever the site's CSP says."""
    axe.require_axe()
    context = browser.new_context(bypass_csp=True, viewport={"width": WIDTHS[-1], "height": 900})
    yield context.new_page()
    context.close()


def check_page(page, url: str, name: str, status: int = 200) -> None:
    """Load `url`; the color schemes differ; then axe, reflow and screenshots as everywhere."""
    response = page.goto(url)
    assert response.status == status, f"{url} answered {response.status}"
    backgrounds = set()
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        backgrounds.add(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    assert len(backgrounds) == len(SCHEMES), f"the color schemes look alike: {backgrounds}"
    check_accessible(page, name)


def test_live_search_waits_for_the_typing_to_stop(live_server, page):
    home = live_server.url + "/"
    page.goto(home)
    searches = search_requests(page)

    page.locator("#q").press_sequentially("marchetti", delay=30)

    expect(page.locator("#main .result-name")).to_have_text(["Zoé Marchetti"])
    expect(page).to_have_url(live_server.url + "/search?q=marchetti")
    expect(page.locator("#search-status")).to_have_text(ONE_RESULT)
    # The fragment went into #main: one header, one live region, the results heading.
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("#search-status")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Artists for “marchetti”")
    # Longer than the debounce: a late second request would have been sent by now.
    page.wait_for_timeout(DEBOUNCE_MS + 200)
    assert [request.url for request in searches] == [live_server.url + "/search?q=marchetti"]
    assert searches[0].headers.get("hx-request") == "true"

    page.go_back()

    expect(page).to_have_url(home)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_TITLE)


def test_a_search_result_opens_the_artist_and_their_shows(live_server, page):
    page.goto(live_server.url + "/")
    page.locator("#q").fill("marchetti")
    result = page.locator("#main a.result", has_text="Zoé Marchetti")
    expect(result).to_have_count(1)

    with page.expect_navigation() as navigation:
        result.click()

    landed = navigation.value
    assert landed.url == live_server.url + "/artists/zoe-marchetti"
    selected = landed.request.redirected_from
    assert selected is not None, "the artist page was not reached through a redirect"
    assert selected.url == f"{live_server.url}/artists/tm/{ZOE_TM_ID}"
    assert selected.response().status == 303
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoé Marchetti")
    shows = page.get_by_role("region", name="Upcoming shows").locator(".show-row")
    expect(shows.first).to_be_visible()
    assert shows.count() >= 2
    first = shows.first
    href = first.get_by_role("link").get_attribute("href")
    facts = show_facts(live_server.app, int(href.rsplit("/", 1)[1]))
    expect(first.locator(".show-date")).to_contain_text(local_when(facts))

    first.get_by_role("link").click()

    expect(page).to_have_url(live_server.url + href)
    expect(page.get_by_role("link", name="Zoé Marchetti")).to_be_visible()
    facts_list = page.locator("dl.facts")
    expect(facts_list.locator("dd").first).to_contain_text(local_when(facts))
    expect(facts_list).to_contain_text(facts["venue"])
    expect(facts_list).to_contain_text(facts["city"])
    setlist = page.get_by_role("region", name="The crowd's setlist")
    expect(setlist).to_be_visible()
    expect(setlist.get_by_role("heading", level=2)).to_have_text("The crowd's setlist")


def test_search_and_browse_with_javascript_off(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append(request))
    try:
        page.goto(live_server.url + "/")
        page.locator("#q").fill("marchetti")
        page.locator("#q").press("Enter")

        expect(page).to_have_url(live_server.url + "/search?q=marchetti")
        expect(page.locator("#main .result-count")).to_have_text(ONE_RESULT)

        page.locator("#main a.result", has_text="Zoé Marchetti").click()

        expect(page).to_have_url(live_server.url + "/artists/zoe-marchetti")
        expect(page.get_by_role("heading", level=1)).to_have_text("Zoé Marchetti")

        page.get_by_role("region", name="Upcoming shows").locator(".show-row a").first.click()

        expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/shows/\d+$"))
        expect(page.locator("dl.facts")).to_contain_text("When")
        expect(page.get_by_role("region", name="The crowd's setlist")).to_be_visible()
        assert sent, "no request seen"
        assert not [request.url for request in sent if request.headers.get("hx-request")]
    finally:
        context.close()


def test_the_empty_home_page_is_accessible(axe_page, live_server):
    empty_database(live_server.app)
    check_page(axe_page, live_server.url + "/", "home-empty")
    expect(axe_page.get_by_text("No artists yet.")).to_be_visible()


def test_a_rescheduled_show_says_so_and_when_it_was_first(demo_server, page):
    page.goto(demo_server.url + "/artists/wattle-ash")
    row = page.locator(".show-row", has_text="Auckland")
    expect(row.locator(".status")).to_have_text("Rescheduled")

    row.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"/shows/\d+$"))
    when = page.locator("dl.facts dd").first
    expect(when.locator(".status")).to_have_text("Rescheduled")
    expect(when).to_contain_text(re.compile(r"Rescheduled from \w{3} \d{1,2} \w{3} \d{4}"))
    new_day = re.match(r"\w{3} \d{1,2} \w{3} \d{4}", when.inner_text()).group()
    assert f"Rescheduled from {new_day}" not in when.inner_text()


def test_a_cancelled_show_says_so_and_sells_no_tickets(demo_server, page):
    page.goto(demo_server.url + "/artists/dr-marlowes-lamplighters")
    row = page.locator(".show-row", has=page.locator(".status", has_text="Cancelled"))
    expect(row).to_have_count(1)

    row.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"/shows/\d+$"))
    expect(page.locator("dl.facts dd").first.locator(".status")).to_have_text("Cancelled")
    expect(page.get_by_role("link", name="Tickets on Ticketmaster")).to_have_count(0)


# The header and the search boxes on a phone (375 px) and on a desktop.

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
HEADER_MAX_PX = 64
# The search boxes a person sees in the first screen of the page.
VISIBLE_SEARCH_BOXES = """(fold) => [...document.querySelectorAll("input[type=search]")].filter(
  (box) => {
    const area = box.getBoundingClientRect();
    return area.width > 0 && area.height > 0 && area.top < fold
      && getComputedStyle(box).visibility !== "hidden";
  }).length"""


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_header_is_one_row_that_offers_search_and_sign_in(
    demo_server, new_context, viewport, javascript, scheme
):
    context = new_context(viewport=viewport, java_script_enabled=javascript, color_scheme=scheme)
    page = context.new_page()
    for path in ("/", "/artists/zoe-marchetti", show_path(demo_server.app, "zoe-marchetti")):
        page.goto(demo_server.url + path)
        height = header_height(page)
        assert height <= HEADER_MAX_PX, f"{path}: the header is {height} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
        boxes = page.evaluate(VISIBLE_SEARCH_BOXES, viewport["height"])
        # On a desktop, home has room for the header's live search beside its own.
        wanted = 2 if path == "/" and viewport is DESKTOP else 1
        assert boxes == wanted, f"{path}: {boxes} search boxes above the fold"
    # The search box the page shows searches, with or without JavaScript.
    page.get_by_role("searchbox").fill("nightjar")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator("#main .result-name")).to_have_text(["The Nightjar Quintet"])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_signed_in_fans_header_is_one_row_that_leads_to_the_dashboard_and_sign_out(
    demo_server, new_context, viewport
):
    page = new_context(viewport=viewport).new_page()
    sign_in(page, demo_server)  # lands on the dashboard, where "Sign out" is
    page.goto(demo_server.url + "/artists/zoe-marchetti")
    assert header_height(page) <= HEADER_MAX_PX
    page.get_by_role("link", name=MARA).click()
    expect(page).to_have_url(demo_server.url + "/dashboard")
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()


def test_genres_are_shown_in_their_proper_case(demo_server, page):
    for slug, genres in (("mare-alta", "MPB · Samba"), ("zoe-marchetti", "French pop · Chanson")):
        page.goto(f"{demo_server.url}/artists/{slug}")
        assert page.locator(".genres").inner_text() == genres  # as the stylesheet shows it
    page.goto(demo_server.url + "/artists")
    card = page.locator(".card", has_text="Maré Alta").locator(".card-meta")
    assert card.inner_text() == "MPB, Samba"  # as the stylesheet shows it


PAGES = {
    "home": "/",
    "search-prompt": "/search",
    "search-results": "/search?q=marchetti",
    "artists": "/artists",
    "artist": "/artists/zoe-marchetti",
    "show": ("zoe-marchetti",),
    "show-rescheduled": ("wattle-ash", "rescheduled"),
    "show-cancelled": ("dr-marlowes-lamplighters", "cancelled"),
    "show-off-sale": ("zoe-marchetti", "offsale"),
    "not-found": "/artists/nobody-we-know",
}


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_accessible(axe_page, demo_server, name):
    path = PAGES[name]
    if isinstance(path, tuple):
        path = show_path(demo_server.app, *path)
    check_page(axe_page, demo_server.url + path, name, 404 if name == "not-found" else 200)


def test_live_search_results_are_accessible(axe_page, demo_server):
    page = axe_page
    page.goto(demo_server.url + "/artists")
    page.locator("#q").fill("marchetti")
    expect(page.locator("#search-status")).to_have_text(ONE_RESULT)
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        axe.assert_accessible(page, f"live search results ({scheme})")
