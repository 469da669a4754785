"""The show page's Share button: the device's share sheet, else the link copied with a
confirmation read out; without JavaScript, a link to the share page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from theset.extensions import db

from ..support.live import ready_setlist
from .conftest import check_accessible

pytestmark = pytest.mark.browser

CLIPBOARD = ["clipboard-read", "clipboard-write"]
# Chromium has the Web Share API on some systems only: these tests choose.
WITHOUT_WEB_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
RECORDING_WEB_SHARE = """
delete Navigator.prototype.canShare;
Navigator.prototype.share = (data) => { window.shared = data; return Promise.resolve(); };
"""
COPIED = "Link copied: paste it anywhere to share this show."


@pytest.fixture
def show_url(live_server):
    """The URL of a show whose setlist is ready, with votes."""
    with live_server.app.app_context():
        show_id, _, _ = ready_setlist(votes=(2, 1))
        db.session.remove()
    return f"{live_server.url}/shows/{show_id}"


def open_and_share(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")  # theset.js is deferred
    page.get_by_role("link", name="Share", exact=True).click()
    return page


def test_share_copies_the_link_and_says_so_without_the_web_share_api(new_context, show_url):
    context = new_context(permissions=CLIPBOARD)
    context.add_init_script(WITHOUT_WEB_SHARE)
    page = open_and_share(context, show_url)
    status = page.locator("#share-status")
    expect(status).to_have_text(COPIED)
    expect(status).to_have_attribute("aria-live", "polite")
    assert page.evaluate("navigator.clipboard.readText()") == show_url
    assert page.url == show_url


def test_share_hands_the_link_to_the_web_share_api_where_there_is_one(new_context, show_url):
    context = new_context()
    context.add_init_script(RECORDING_WEB_SHARE)
    page = open_and_share(context, show_url)
    page.wait_for_function("window.shared !== undefined")
    shared = page.evaluate("window.shared")
    assert shared["url"] == show_url
    assert shared["title"] == page.title().removesuffix(" · TheSet")
    assert shared["text"].startswith("The crowd's top 2: ")
    assert page.url == show_url


def test_share_without_javascript_leads_to_the_link_to_copy(new_context, show_url):
    page = open_and_share(new_context(java_script_enabled=False), show_url)
    expect(page).to_have_url(f"{show_url}/share")
    expect(page.get_by_label("Copy this link")).to_have_value(show_url)
    page.wait_for_load_state("load")  # the card too
    assert page.locator("img.share-card").evaluate("img => img.naturalWidth") == 1200


def test_the_shared_show_page_and_the_share_page_are_accessible(axe_context, show_url):
    axe_context.grant_permissions(CLIPBOARD)
    axe_context.add_init_script(WITHOUT_WEB_SHARE)
    page = open_and_share(axe_context, show_url)
    expect(page.locator("#share-status")).to_have_text(COPIED)
    check_accessible(page, "show-shared")
    page.goto(f"{show_url}/share")
    check_accessible(page, "share-page")
