"""Suggesting a song by name in a browser: for an artist Spotify does not know (Kestrel
Avenue has no catalog) with JavaScript and without, from the picker for a name the catalog
lacks, and an admin's removal that open pages see live."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from theset.extensions import db
from theset.models import Artist, Show, User

from ..support.pages import COUNT_LIVE_MESSAGES, songs, wait_for_live
from .conftest import MARA, TOMAS, check_accessible, sign_in, unopened_shows

pytestmark = pytest.mark.browser

NO_CATALOG = "Kestrel Avenue"
SUGGEST_FORM = re.compile(r"^(Suggest a song .+ may play|Not in the catalog.*Suggest it by name)$")


def unopened_show(app, artist: str) -> int:
    """An upcoming show of `artist` nobody has opened yet."""
    with app.app_context():
        show_id = db.session.scalar(
            unopened_shows(Artist.name == artist).with_only_columns(Show.id)
        )
        db.session.remove()
    assert show_id is not None, f"every show of {artist} has been used"
    return show_id


def suggested_row(page, name: str):
    return songs(page).filter(has=page.locator(".song-name", has_text=name))


def suggest(page, name: str) -> None:
    page.get_by_role("textbox", name=SUGGEST_FORM).fill(name)
    page.get_by_role("button", name="Suggest", exact=True).click()


@contextmanager
def admin(app, display_name: str):
    """The demo fan is an admin for the block."""

    def make(is_admin: bool) -> None:
        with app.app_context():
            db.session.execute(
                update(User).where(User.display_name == display_name).values(is_admin=is_admin)
            )
            db.session.commit()
            db.session.remove()

    make(True)
    try:
        yield
    finally:
        make(False)


def watch(page, server, fan: str, show_id: int) -> None:
    page.context.add_init_script(COUNT_LIVE_MESSAGES)
    sign_in(page, server, fan, f"/shows/{show_id}")
    wait_for_live(page)


def test_suggesting_for_an_artist_without_a_catalog_with_javascript(
    demo_server, axe_context, new_context
):
    show_id = unopened_show(demo_server.app, NO_CATALOG)
    mara, tomas = axe_context.new_page(), new_context().new_page()
    watch(mara, demo_server, MARA, show_id)
    watch(tomas, demo_server, TOMAS, show_id)
    expect(mara.get_by_text("Fans add the songs: suggest one below.")).to_be_visible()
    expect(mara.get_by_role("combobox")).to_have_count(0)  # no catalog to search
    mara.evaluate("window.theSetSameDocument = true")

    suggest(mara, "  Skyline   (cover) ")

    row = suggested_row(mara, "Skyline (cover)")
    expect(row).to_have_attribute("data-votes", "0")
    expect(row).to_contain_text("suggested by fans")
    assert mara.evaluate("window.theSetSameDocument === true"), "the page reloaded"
    expect(suggested_row(tomas, "Skyline (cover)")).to_contain_text("suggested by fans")  # live

    suggest(mara, "SKYLINE – cover")  # folds to the song on the setlist: refused, said why
    error = mara.locator("#song-picker-error")
    expect(error).to_have_text("“Skyline (cover)” is on the setlist already: vote for it there.")
    expect(songs(mara)).to_have_count(1)
    check_accessible(mara, "show-suggested")

    with admin(demo_server.app, MARA):
        mara.goto(f"{demo_server.url}/admin")
        check_accessible(mara, "admin-suggestions")
        mara.get_by_role("button", name=re.compile(r"^Remove Skyline \(cover\) from ")).click()
        expect(mara.get_by_text("The suggested song was removed, with its votes.")).to_be_visible()
    expect(songs(tomas)).to_have_count(0)  # gone from the open page, live


def test_suggesting_for_an_artist_without_a_catalog_without_javascript(demo_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    show_id = unopened_show(demo_server.app, NO_CATALOG)
    path = f"/shows/{show_id}"
    sign_in(page, demo_server, TOMAS, path)

    with page.expect_navigation() as navigation:
        suggest(page, "Night Bus Home")

    assert navigation.value.request.redirected_from.response().status == 303
    expect(page).to_have_url(re.compile(re.escape(demo_server.url + path) + r"#setlist-song-\d+$"))
    expect(suggested_row(page, "Night Bus Home")).to_contain_text("suggested by fans")

    suggest(page, "   ")  # only spaces: the browser sends it, the server says why not
    expect(page.locator(".error-message")).to_have_text("Type the name of the song to suggest.")


def test_the_picker_offers_to_suggest_a_name_the_catalog_lacks(
    demo_server, axe_context, fresh_show
):
    show_id = fresh_show()
    page = axe_context.new_page()
    watch(page, demo_server, MARA, show_id)
    expect(songs(page)).to_have_count(5)
    box = page.get_by_role("combobox")
    box.focus()
    page.keyboard.type("Harvest Moon")

    option = page.get_by_role("option", name="Suggest “Harvest Moon”")
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    check_accessible(page, "show-picker-suggest")
    box.focus()  # the checks moved the focus away, which closes the options
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    expect(songs(page)).to_have_count(6)
    expect(suggested_row(page, "Harvest Moon")).to_contain_text("suggested by fans")
