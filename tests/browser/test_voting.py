"""Voting on the crowd's setlist in a browser: live, optimistic, without JavaScript, signed out.

Every test takes a show nobody has opened yet (`fresh_show`), so the tests share the demo
catalog loaded once for the module without seeing each other's votes. Only the test of
the "building" state opens a show whose artist's catalog is not imported yet.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from theset.extensions import db
from theset.models import Artist, Setlist, Show, utcnow

from ..support.pages import (
    COUNT_LIVE_MESSAGES,
    HeldSocket,
    console_problems,
    songs,
    wait_for_live,
)
from .conftest import MARA, TOMAS, check_accessible, sign_in

pytestmark = pytest.mark.browser

VOTE = "▲ Vote"
VOTED = "✓ Voted"
# The button's name: what pressing it does, for the song named in the middle.
VOTE_NAME = re.compile(r"^Vote for .+$")
UNVOTE_NAME = re.compile(r"^Voted for .+, press again to remove your vote$")
BUILDING = "Building the setlist"
CHANGED = re.compile(r"\bsong-changed\b")  # a row changed on another screen, for a moment


def row_ids(page) -> list[str]:
    return songs(page).evaluate_all("rows => rows.map((row) => row.id)")


def by_id(page, row_id: str):
    return page.locator(f"[id='{row_id}']")


def expect_row(row, votes: int, voted: bool) -> None:
    """The row's count (attribute and text) and the state of its button, whose name says
    what pressing it does: vote, or take the vote back."""
    expect(row).to_have_attribute("data-votes", str(votes))
    expect(row.locator(".song-votes")).to_have_text(str(votes))
    button = row.locator(".vote-button")
    expect(button).to_have_text(VOTED if voted else VOTE)
    expect(button).to_have_attribute("aria-pressed", "true" if voted else "false")
    expect(button).to_have_accessible_name(UNVOTE_NAME if voted else VOTE_NAME)


def mark_document(page) -> None:
    """Tag the document: the tag is gone if the page reloads."""
    page.evaluate("window.theSetSameDocument = true")


def assert_same_document(page) -> None:
    assert page.evaluate("window.theSetSameDocument === true"), "the page reloaded"


class HeldRequests:
    """Requests matching `pattern` wait in the browser until released: the page can be
    looked at while the server has not answered yet."""

    def __init__(self, page, pattern: str) -> None:
        self.page = page
        self.waiting = []
        page.route(pattern, lambda route: self.waiting.append(route))

    def wait(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.waiting:
            assert time.monotonic() < deadline, "the request was not sent"
            self.page.wait_for_timeout(20)

    def release(self):
        """Let the held requests through; the first one's response."""
        with self.page.expect_response(lambda response: response.request.method == "POST") as r:
            while self.waiting:
                self.waiting.pop(0).continue_()
        return r.value


def set_start(app, show_id: int, starts_at):
    """Move the show's start; answers the old one."""
    with app.app_context():
        show = db.session.get(Show, show_id)
        before, show.starts_at = show.starts_at, starts_at
        db.session.commit()
        db.session.remove()
    return before


def waiting_show(app) -> int:
    """A show, not opened yet, of an artist on Spotify whose catalog is not imported yet."""
    with app.app_context():
        show_id = db.session.scalars(
            select(Show.id)
            .join(Artist, Artist.id == Show.artist_id)
            .outerjoin(Setlist, Setlist.show_id == Show.id)
            .where(
                Setlist.id.is_(None),
                Show.status == "onsale",
                Artist.spotify_id.is_not(None),
                Artist.catalog_synced_at.is_(None),
            )
            .order_by(Artist.id.desc(), Show.id)
        ).first()
        db.session.remove()
    assert show_id is not None, "every demo artist's catalog is imported already"
    return show_id


def test_a_vote_reaches_another_fans_page_live(demo_server, new_context, fresh_show):
    path = f"/shows/{fresh_show()}"
    voting = new_context()
    voting.add_init_script(COUNT_LIVE_MESSAGES)
    voter = voting.new_page()
    sign_in(voter, demo_server, MARA, path)
    wait_for_live(voter)
    watching = new_context()
    watching.add_init_script(COUNT_LIVE_MESSAGES)
    watcher = watching.new_page()
    sign_in(watcher, demo_server, TOMAS, path)
    wait_for_live(watcher)  # the socket is open: it sent the rows as they are
    mark_document(watcher)
    ids = row_ids(voter)
    assert len(ids) == 5 and row_ids(watcher) == ids
    last = ids[-1]  # at the bottom: it goes to the top with a vote
    expect_row(by_id(watcher, last), 0, voted=False)

    with voter.expect_response(re.compile(r"/setlist-songs/\d+/vote$")) as answer:
        by_id(voter, last).locator(".vote-button").click()

    assert answer.value.status == 200
    expect_row(by_id(voter, last), 1, voted=True)
    expect(watcher.locator(f'[id="{last}"][data-votes="1"]')).to_be_visible()
    expect_row(by_id(watcher, last), 1, voted=False)  # Mara's vote, not Tomás's
    expect(songs(watcher).first).to_have_id(last)  # most votes first
    assert_same_document(watcher)


def animation_of(row) -> str:
    return row.evaluate("(row) => getComputedStyle(row).animationName")


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_a_row_changed_on_another_screen_is_marked_for_a_moment(
    demo_server, new_context, fresh_show, motion
):
    path = f"/shows/{fresh_show()}"
    pages = []
    for fan in (MARA, TOMAS):
        context = new_context(reduced_motion=motion)
        context.add_init_script(COUNT_LIVE_MESSAGES)
        pages.append(context.new_page())
        sign_in(pages[-1], demo_server, fan, path)
        wait_for_live(pages[-1])
    mara, tomas = pages
    row_id = row_ids(mara)[-1]
    expect(by_id(tomas, row_id)).not_to_have_class(CHANGED)

    with mara.expect_response(re.compile(r"/setlist-songs/\d+/vote$")):
        by_id(mara, row_id).locator(".vote-button").click()
    wait_for_live(mara, 2)  # her own vote came back over the socket too
    wait_for_live(tomas, 2)

    marked = by_id(tomas, row_id)
    expect(marked).to_have_class(CHANGED)
    expect(tomas.locator("#songs > li.song-changed")).to_have_count(1)  # the other rows did not
    assert animation_of(marked) == ("none" if motion == "reduce" else "song-changed")
    expect(mara.locator("#songs > li.song-changed")).to_have_count(0)  # her click is no news
    expect(marked).not_to_have_class(CHANGED, timeout=4000)  # only for a moment


def test_a_vote_counts_at_once_and_goes_back_when_refused(demo_server, page, fresh_show):
    show_id = fresh_show()
    page.context.add_init_script(COUNT_LIVE_MESSAGES)
    sign_in(page, demo_server, MARA, f"/shows/{show_id}")
    wait_for_live(page)  # the socket's first message has set the rows
    first, second = (by_id(page, row_id) for row_id in row_ids(page)[:2])
    held = HeldRequests(page, "**/setlist-songs/*/vote")

    first.locator(".vote-button").click()

    held.wait()
    expect_row(first, 1, voted=True)  # before the server has answered
    assert held.release().status == 200
    expect_row(first, 1, voted=True)
    expect(page.locator("#vote-error")).to_be_hidden()

    # Voting closes after the page loaded: the show has started.
    starts_at = set_start(demo_server.app, show_id, utcnow() - timedelta(minutes=1))
    try:
        second.locator(".vote-button").click()

        held.wait()
        expect_row(second, 1, voted=True)
        refused = held.release()
        assert refused.status == 403
        expect_row(second, 0, voted=False)
        error = page.locator("#vote-error")
        expect(error).to_be_visible()
        expect(error).to_have_text("This show has started, so voting is closed.")
        expect_row(first, 1, voted=True)
    finally:
        set_start(demo_server.app, show_id, starts_at)


def test_a_live_update_does_not_undo_a_vote_on_its_way(demo_server, new_context, fresh_show):
    path = f"/shows/{fresh_show()}"
    pages = []
    for fan in (MARA, TOMAS):
        context = new_context()
        context.add_init_script(COUNT_LIVE_MESSAGES)
        pages.append(context.new_page())
        sign_in(pages[-1], demo_server, fan, path)
        wait_for_live(pages[-1])
    mara, tomas = pages
    row_id = row_ids(mara)[0]
    held = HeldRequests(mara, "**/setlist-songs/*/vote")
    by_id(mara, row_id).locator(".vote-button").click()
    held.wait()
    expect_row(by_id(mara, row_id), 1, voted=True)
    live = mara.evaluate("window.theSetLive")

    # Tomás votes for the same song while Mara's vote waits: his vote reaches her page live.
    with tomas.expect_response(re.compile(r"/setlist-songs/\d+/vote$")) as answer:
        by_id(tomas, row_id).locator(".vote-button").click()
    assert answer.value.status == 200
    wait_for_live(mara, live + 1)

    expect_row(by_id(mara, row_id), 1, voted=True)  # still her vote on the way, not undone
    assert held.release().status == 200
    expect_row(by_id(mara, row_id), 2, voted=True)
    expect_row(by_id(tomas, row_id), 2, voted=True)


def test_a_socket_opening_while_a_vote_is_on_its_way_does_not_undo_it(
    demo_server, page, fresh_show
):
    page.context.add_init_script(COUNT_LIVE_MESSAGES)
    socket = HeldSocket(page)
    sign_in(page, demo_server, MARA, f"/shows/{fresh_show()}")
    row_id = row_ids(page)[-1]
    held = HeldRequests(page, "**/setlist-songs/*/vote")
    by_id(page, row_id).locator(".vote-button").click()
    held.wait()

    socket.connect()  # its first message brings every row: this one still at 0 votes
    wait_for_live(page)

    expect_row(by_id(page, row_id), 1, voted=True)  # not undone
    assert held.release().status == 200
    expect_row(by_id(page, row_id), 1, voted=True)
    expect(songs(page)).to_have_count(5)
    expect(songs(page).first).to_have_id(row_id)


def test_voting_with_javascript_off(demo_server, new_context, fresh_show):
    page = new_context(java_script_enabled=False).new_page()
    path = f"/shows/{fresh_show()}"
    sign_in(page, demo_server, MARA, path)
    row_id = row_ids(page)[0]
    row = by_id(page, row_id)

    with page.expect_navigation() as navigation:
        row.get_by_role("button", name="Vote for").click()

    posted = navigation.value.request.redirected_from
    assert posted is not None and posted.method == "POST"
    assert posted.response().status == 303
    expect(page).to_have_url(f"{demo_server.url}{path}#{row_id}")
    expect_row(row, 1, voted=True)

    with page.expect_navigation():
        row.get_by_role("button", name=UNVOTE_NAME).click()

    expect_row(row, 0, voted=False)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_vote_made_before_signing_in_is_counted_after(
    demo_server, new_context, fresh_show, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    problems = console_problems(page)
    path = f"/shows/{fresh_show()}"
    page.goto(demo_server.url + path)
    row_id = row_ids(page)[-1]
    name = by_id(page, row_id).locator(".song-name").inner_text()

    by_id(page, row_id).locator(".vote-button").click()

    expect(page).to_have_url(re.compile(r"/login\?"))
    assert parse_qs(urlsplit(page.url).query) == {"next": [path]}
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    page.get_by_role("button", name=f"Sign in as {MARA}").click()

    expect(page).to_have_url(demo_server.url + path)
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    note = page.get_by_role("status").filter(has_text="is counted")
    expect(note).to_have_text(f"Your vote for {name} is counted.")
    expect_row(by_id(page, row_id), 1, voted=True)
    expect(songs(page).first).to_have_id(row_id)

    page.reload()  # counted once: the note does not come back, nor a second vote

    expect_row(by_id(page, row_id), 1, voted=True)
    expect(page.get_by_text("is counted")).to_have_count(0)
    assert problems == []


def test_ties_keep_the_servers_order_and_starter_picks_go_after_a_live_update(
    demo_server, new_context, fresh_show
):
    path = f"/shows/{fresh_show()}"
    watching = new_context()
    watching.add_init_script(COUNT_LIVE_MESSAGES)
    watcher = watching.new_page()
    watcher.goto(demo_server.url + path)
    wait_for_live(watcher)
    voter = new_context().new_page()
    sign_in(voter, demo_server, MARA, path)
    ids = row_ids(watcher)
    last = ids[-1]
    button = by_id(voter, last).locator(".vote-button")
    expect(watcher.get_by_text("Starter picks")).to_be_visible()

    button.click()

    expect_row(by_id(voter, last), 1, voted=True)
    expect(songs(watcher).first).to_have_id(last)
    expect(watcher.get_by_text("Starter picks")).to_be_hidden()  # no longer, live

    button.click()  # the vote taken back: a tie of five songs at 0 again

    expect(watcher.locator(f'[id="{last}"][data-votes="0"]')).to_have_count(1)
    expect(songs(watcher).last).to_have_id(last)
    without_javascript = new_context(java_script_enabled=False).new_page()
    without_javascript.goto(demo_server.url + path)
    assert row_ids(watcher) == row_ids(without_javascript) == ids


def test_a_new_setlist_builds_while_the_page_waits(demo_server, page):
    page.goto(f"{demo_server.url}/shows/{waiting_show(demo_server.app)}")
    expect(page.get_by_text(BUILDING)).to_be_visible()
    expect(songs(page)).to_have_count(0)
    mark_document(page)

    expect(songs(page)).to_have_count(5, timeout=20_000)

    expect(page.get_by_text(BUILDING)).to_have_count(0)
    expect(page.locator("#setlist")).to_have_attribute("ws-connect", re.compile(r"/ws/shows/\d+$"))
    assert_same_document(page)


def test_a_show_page_with_a_setlist_is_accessible(demo_server, axe_context, fresh_show):
    axe_context.add_init_script(COUNT_LIVE_MESSAGES)
    page = axe_context.new_page()
    sign_in(page, demo_server, MARA, f"/shows/{fresh_show()}")
    wait_for_live(page)
    row = by_id(page, row_ids(page)[-1])
    row.locator(".vote-button").click()
    expect_row(row, 1, voted=True)  # both states of the button on the page
    check_accessible(page, "show-signed-in")
