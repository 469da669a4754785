"""The widget on a third-party site: framed, included with htmx, and live."""

from __future__ import annotations

import pytest
from flask import get_template_attribute
from playwright.sync_api import expect
from werkzeug.wrappers import Response

from theset.extensions import db
from theset.models import Show

from ..support.auth import signed_in_client
from ..support.live import LiveServer, ready_setlist
from ..support.pages import console_problems
from .conftest import check_accessible

pytestmark = pytest.mark.browser

# Counts the WebSocket messages the htmx ws extension has swapped in, in every frame.
COUNT_LIVE_MESSAGES = """
window.theSetLive = 0;
document.addEventListener("htmx:wsAfterMessage", () => { window.theSetLive += 1; });
"""


@pytest.fixture
def site(live_server):
    """Our live server, with a show whose setlist is ready and a fan who may vote."""
    app = live_server.app
    with app.app_context():
        live_server.show_id, live_server.song_ids, live_server.fan_id = ready_setlist(
            votes=(2, 0, 1)
        )
        db.session.remove()
    return live_server


@pytest.fixture
def blog(site):
    """A third-party page on another origin, embedding the show's widget twice: with the
    iframe snippet and with the htmx snippet, both as the show page offers them."""
    app = site.app
    with app.test_request_context("/", base_url=site.url), app.app_context():
        show = db.session.get(Show, site.show_id)
        iframe = get_template_attribute("embed/_macros.html", "iframe")(show, 480, 440)
        htmx_include = get_template_attribute("embed/_macros.html", "htmx_include")(show)
        db.session.remove()
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A fan blog</title>'
        f"</head><body><h1>A fan blog</h1>{iframe}<section id='included'>{htmx_include}"
        "</section></body></html>"
    )

    def third_party(environ, start_response):
        return Response(html, mimetype="text/html")(environ, start_response)

    with LiveServer(third_party) as server:
        yield server


def test_both_embeds_render_and_the_iframe_counts_change_live(site, blog, page):
    page.add_init_script(COUNT_LIVE_MESSAGES)
    page.goto(blog.url)
    assert blog.url.rsplit(":", 1)[1] != site.url.rsplit(":", 1)[1]  # another origin
    show_url = f"{site.url}/shows/{site.show_id}"
    first, second, third = site.song_ids

    widget = page.frame_locator("iframe")
    expect(widget.locator("li.song")).to_have_count(3)
    included = page.locator("#included li.song")
    expect(included).to_have_count(3)
    for rows in (widget.locator("li.song"), included):
        expect(rows.nth(0)).to_have_attribute("id", f"setlist-song-{first}")
        expect(rows.locator("a.vote-button[target=_top]")).to_have_count(3)
        expect(rows.locator("a.vote-button").first).to_have_attribute("href", show_url)

    frame = next(frame for frame in page.frames if "/embed/shows/" in frame.url)
    frame.wait_for_function("() => window.theSetLive >= 1")  # the socket is open

    voter = signed_in_client(site.app, site.fan_id)
    assert voter.post(f"/setlist-songs/{third}/vote").status_code == 303

    row = widget.locator(f"#setlist-song-{third}")
    expect(row).to_have_attribute("data-votes", "2")
    expect(row.locator(".song-votes")).to_have_text("2")
    # A live row for a guest keeps its vote button a link to the show page.
    expect(row.locator("a.vote-button")).to_have_attribute("href", show_url)
    expect(widget.locator("form.vote-form")).to_have_count(0)
    expect(page.locator(f"#included #setlist-song-{third}")).to_have_attribute("data-votes", "2")

    widget.locator(f"#setlist-song-{second} a.vote-button").click()
    expect(page).to_have_url(show_url)  # the top window, where signing in works


def test_the_htmx_include_logs_no_errors_on_the_host_page(site, blog, page):
    problems = console_problems(page)
    page.add_init_script(COUNT_LIVE_MESSAGES)
    page.goto(blog.url)
    rows = page.locator("#included li.song")
    expect(rows).to_have_count(3)
    page.wait_for_function("() => window.theSetLive >= 1")  # the include's socket is open
    third = site.song_ids[2]

    voter = signed_in_client(site.app, site.fan_id)
    assert voter.post(f"/setlist-songs/{third}/vote").status_code == 303

    expect(page.locator(f"#included #setlist-song-{third}")).to_have_attribute("data-votes", "2")
    page.wait_for_timeout(300)  # errors logged as the page settles show by now
    assert problems == []


def test_the_widget_page_is_accessible(site, axe_context):
    page = axe_context.new_page()
    page.goto(f"{site.url}/embed/shows/{site.show_id}")
    expect(page.locator("li.song")).to_have_count(3)
    check_accessible(page, "embed")
