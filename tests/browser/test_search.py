"""The search box as people use it: typing, Enter, Back, partial names.

Typing replaces the address; leaving another page for the results, or submitting a new
query, adds one history entry; a page taken back from history shows its own query.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error, expect

from ..support.pages import DEBOUNCE_MS, HOME_TITLE, search_requests
from .conftest import check_accessible

pytestmark = pytest.mark.browser

NIGHTJAR = "The Nightjar Quintet"
ZOE = "Zoé Marchetti"


def history_length(page) -> int:
    return page.evaluate("history.length")


def results(page):
    return page.locator("#main .result-name")


def submit(page, query: str, found: list[str], *, button: bool = False) -> None:
    """Type `query` into the box at once, press Enter (or the button), see `found`."""
    page.locator("#q").fill(query)
    if button:
        page.get_by_role("button", name="Search", exact=True).click()
    else:
        page.locator("#q").press("Enter")
    expect(results(page)).to_have_text(found)


def statuses_seen(page) -> None:
    """From now on, keep every search answer's announcement in window.statusesSeen."""
    page.evaluate(
        """() => {
            window.statusesSeen = [];
            document.body.addEventListener("htmx:afterSettle", () => {
                const status = document.getElementById("search-status");
                if (status) window.statusesSeen.push(status.textContent);
            });
        }"""
    )


def test_typing_a_name_slowly_then_one_back_goes_home(live_server, page):
    home = live_server.url + "/"
    page.goto(home)
    searches = search_requests(page)
    before = history_length(page)

    # Slower than the debounce: every letter is searched, as a person typing it sees.
    page.locator("#q").press_sequentially("Nightjar", delay=DEBOUNCE_MS + 150)

    expect(page).to_have_url(live_server.url + "/search?q=Nightjar")
    expect(results(page)).to_have_text([NIGHTJAR])
    assert len(searches) >= 4, "the typing was not searched letter by letter"
    assert history_length(page) == before + 1

    page.go_back()

    expect(page).to_have_url(home)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_TITLE)
    expect(page.locator("#q")).to_have_value("")


def test_each_submit_adds_at_most_one_history_entry(live_server, page):
    page.goto(live_server.url + "/")
    start = history_length(page)

    submit(page, "marchetti", [ZOE])
    assert history_length(page) == start + 1

    page.locator("#q").fill("nightjar")  # typed, then searched after the pause
    expect(results(page)).to_have_text([NIGHTJAR])
    expect(page).to_have_url(live_server.url + "/search?q=nightjar")
    assert history_length(page) == start + 1

    with page.expect_response(re.compile(r"/search\?q=nightjar$")):
        page.locator("#q").press("Enter")  # the query on show: nothing new to go back to
    expect(page.locator("#search-indicator")).not_to_have_class(re.compile("htmx-request"))
    assert history_length(page) == start + 1

    submit(page, "wattle", ["Wattle & Ash"], button=True)
    assert history_length(page) == start + 2


def test_an_earlier_entry_shows_its_own_query_in_the_box(live_server, page):
    page.goto(live_server.url + "/")
    submit(page, "marchetti", [ZOE])
    submit(page, "nightjar", [NIGHTJAR])

    page.go_back()

    expect(page).to_have_url(live_server.url + "/search?q=marchetti")
    expect(results(page)).to_have_text([ZOE])
    expect(page.locator("#q")).to_have_value("marchetti")

    page.go_forward()

    expect(results(page)).to_have_text([NIGHTJAR])
    expect(page.locator("#q")).to_have_value("nightjar")


def test_enter_and_the_button_each_send_one_search(live_server, page):
    page.goto(live_server.url + "/")
    searches = search_requests(page)

    submit(page, "marchetti", [ZOE])
    # Longer than the debounce: a late second request would have been sent by now.
    page.wait_for_timeout(DEBOUNCE_MS + 300)
    assert [request.url for request in searches] == [live_server.url + "/search?q=marchetti"]

    submit(page, "nightjar", [NIGHTJAR], button=True)
    page.wait_for_timeout(DEBOUNCE_MS + 300)
    assert len(searches) == 2


def test_a_late_answer_to_an_earlier_query_does_not_replace_the_newer_one(live_server, page):
    page.goto(live_server.url + "/")
    held = []

    def hold_the_first_search(route):
        if held:
            route.continue_()
        else:
            held.append(route)  # answered only at the end of the test, if ever

    page.route(re.compile(r"/search\?"), hold_the_first_search)
    statuses_seen(page)
    page.locator("#q").fill("zz")
    page.wait_for_timeout(DEBOUNCE_MS + 200)
    assert held, "the first search was not sent"

    page.locator("#q").fill("nightjar")

    expect(results(page)).to_have_text([NIGHTJAR])
    try:
        held[0].continue_()
    except Error:
        pass  # the browser gave up on it: what this test wants
    page.wait_for_timeout(300)
    expect(results(page)).to_have_text([NIGHTJAR])
    assert not [s for s in page.evaluate("window.statusesSeen") if "“zz”" in s]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Nig", [NIGHTJAR]),
        ("zoe mar", [ZOE]),
        ("ZOÉ", [ZOE]),
        ("grun", ["GRÜNWALD"]),
        ("lamplighter", ["Dr. Marlowe's Lamplighters"]),
    ],
)
def test_part_of_a_name_finds_the_artist_accents_and_case_folded(live_server, page, typed, found):
    page.goto(live_server.url + "/")

    page.locator("#q").press_sequentially(typed, delay=30)

    for name in found:
        expect(results(page).filter(has_text=name)).to_have_count(1)


def test_results_do_not_drop_to_none_while_a_name_is_typed(live_server, page):
    page.goto(live_server.url + "/")
    statuses_seen(page)

    page.locator("#q").press_sequentially("Nightjar", delay=DEBOUNCE_MS + 150)

    expect(results(page)).to_have_text([NIGHTJAR])
    seen = page.evaluate("window.statusesSeen")
    assert seen[0] == "Type at least 2 letters of the artist's name."
    assert len(set(seen)) >= 4, "the typing was not searched letter by letter"
    assert not [status for status in seen if status.startswith("No artist")]


def test_one_letter_asks_for_another(live_server, page):
    page.goto(live_server.url + "/")

    page.locator("#q").fill("N")

    expect(page.locator("#main")).to_contain_text("Type at least 2 letters")
    expect(page.locator("#search-status")).to_have_text(
        "Type at least 2 letters of the artist's name."
    )


@pytest.mark.parametrize(("query", "name"), [("N", "search-hint"), ("zzzz", "search-no-match")])
def test_the_hint_and_the_no_match_answer_are_accessible(live_server, axe_context, query, name):
    page = axe_context.new_page()
    page.goto(f"{live_server.url}/search?q={query}")
    expect(page.locator("#main p.empty")).to_be_visible()
    check_accessible(page, name)
