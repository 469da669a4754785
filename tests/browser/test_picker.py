"""Adding a song in a browser: the picker's combobox by keyboard alone, its search form
without JavaScript, and open pickers that stop offering a song once a fan adds it.

These demo artists' catalogs hold remastered, live or acoustic versions of their songs:
the picker offers each song once, and none of a song on the setlist in any version.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from theset.extensions import db
from theset.live import relay
from theset.models import Setlist, SetlistSong, Show, Track, utcnow
from theset.services.song_names import song_key, song_title

from ..support.pages import (
    COUNT_LIVE_MESSAGES,
    HeldSocket,
    console_problems,
    songs,
    wait_for_live,
)
from .conftest import MARA, TOMAS, check_accessible, sign_in

pytestmark = pytest.mark.browser

WITH_VERSIONS = ("The Nightjar Quintet", "Saint Alder", "Los Hermanos Quiñones", "Maré Alta")
PICKER = re.compile(r"^Add a song from .+'s? catalog$")


def song_row(page, name: str):
    return songs(page).filter(
        has=page.locator(".song-name", has_text=re.compile(f"^{re.escape(name)}$"))
    )


def combobox(page):
    return page.get_by_role("combobox", name=PICKER)


def options(page):
    return page.get_by_role("listbox").get_by_role("option")


def song_with_versions(app, show_id: int) -> tuple[str, list[str]]:
    """A song of the show's artist not on its setlist, by its studio title, that the catalog
    also holds in other versions; and the titles of those versions."""
    with app.app_context():
        show = db.session.get(Show, show_id)
        titles = db.session.scalars(
            select(Track.name).where(Track.artist_id == show.artist_id).order_by(Track.id)
        ).all()
        taken = db.session.scalars(
            select(Track.name)
            .join(SetlistSong, SetlistSong.track_id == Track.id)
            .join(Setlist, Setlist.id == SetlistSong.setlist_id)
            .where(Setlist.show_id == show_id)
        ).all()
        db.session.remove()
    by_song = defaultdict(list)
    for title in titles:
        by_song[song_key(title)].append(title)
    taken_keys = {song_key(title) for title in taken}
    for key, versions in by_song.items():
        studio = [title for title in versions if song_title(title) == title]
        if len(versions) > 1 and key not in taken_keys and studio:
            return studio[0], [title for title in versions if title != studio[0]]
    raise AssertionError("no song with versions is left to add")


def add_to_setlist(app, show_id: int, title: str) -> None:
    """Put a track on the show's setlist behind the pages' backs (no live update)."""
    with app.app_context():
        show = db.session.get(Show, show_id)
        track = db.session.scalar(
            select(Track).where(Track.artist_id == show.artist_id, Track.name == title)
        )
        db.session.add(SetlistSong(setlist=show.setlist, track=track, created_at=utcnow()))
        db.session.commit()
        db.session.remove()


def open_sockets(app, show_id: int) -> int:
    """How many sockets of the show the server holds open."""
    return len(app.extensions[relay.EXTENSION_KEY].listeners.get(show_id, ()))


def open_picker(page, server, fan: str, show_id: int) -> None:
    page.context.add_init_script(COUNT_LIVE_MESSAGES)
    sign_in(page, server, fan, f"/shows/{show_id}")
    wait_for_live(page)
    expect(songs(page)).to_have_count(5)


def test_adding_a_song_with_the_keyboard_alone(demo_server, page, fresh_show):
    show_id = fresh_show(WITH_VERSIONS)
    open_picker(page, demo_server, MARA, show_id)
    name, versions = song_with_versions(demo_server.app, show_id)
    seeded = songs(page).first.locator(".song-name").inner_text()
    box = combobox(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    page.evaluate("window.theSetSameDocument = true")

    box.focus()
    page.keyboard.type(seeded)  # a song on the setlist is not offered again
    expect(page.locator("#song-picker-status")).to_contain_text("No song to add matches")
    expect(options(page)).to_have_count(0)
    box.fill("")
    page.keyboard.type(name)

    option = options(page).filter(has_text=name)
    expect(option).to_be_visible()
    expect(options(page)).to_have_count(1)  # the song once: none of its versions
    assert all(version not in options(page).first.inner_text() for version in versions)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(option).to_have_attribute("aria-selected", "false")  # nothing chosen yet

    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    with page.expect_response(re.compile(rf"/shows/{show_id}/songs$")) as added:
        page.keyboard.press("Enter")

    assert added.value.status == 200
    expect(songs(page)).to_have_count(6)
    expect(song_row(page, name)).to_have_attribute("data-votes", "0")
    expect(combobox(page)).to_be_focused()  # the control keeps the focus for the next song
    expect(combobox(page)).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("window.theSetSameDocument === true"), "the page reloaded"

    page.keyboard.type(name)  # now it is on the setlist, in no version
    expect(page.locator("#song-picker-status")).to_contain_text("No song to add matches")
    page.keyboard.press("Escape")
    expect(combobox(page)).to_have_attribute("aria-expanded", "false")


def test_adding_a_song_without_javascript(demo_server, new_context, fresh_show):
    page = new_context(java_script_enabled=False).new_page()
    show_id = fresh_show(WITH_VERSIONS)
    path = f"/shows/{show_id}"
    sign_in(page, demo_server, MARA, path)
    name, _versions = song_with_versions(demo_server.app, show_id)

    combobox(page).fill(name)
    page.get_by_role("button", name="Search songs", exact=True).click()

    searched = re.escape(f"{demo_server.url}{path}?q=") + ".*#song-picker$"
    expect(page).to_have_url(re.compile(searched))
    expect(page.locator(".picker-result")).to_have_count(1)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=f"Add {name}", exact=True).click()

    assert navigation.value.request.redirected_from.response().status == 303
    expect(page).to_have_url(re.compile(re.escape(demo_server.url + path) + r"#setlist-song-\d+$"))
    expect(songs(page)).to_have_count(6)
    expect(song_row(page, name)).to_have_attribute("data-votes", "0")
    expect(page.locator(".picker-result")).to_have_count(0)


def test_a_song_added_by_one_fan_leaves_the_others_open_picker(
    demo_server, new_context, fresh_show
):
    show_id = fresh_show(WITH_VERSIONS)
    mara, tomas, anonymous = (new_context().new_page() for _ in range(3))
    for page, fan in ((mara, MARA), (tomas, TOMAS)):
        open_picker(page, demo_server, fan, show_id)
    anonymous.context.add_init_script(COUNT_LIVE_MESSAGES)
    anonymous.goto(f"{demo_server.url}/shows/{show_id}")
    wait_for_live(anonymous)
    sign_in_link = anonymous.get_by_role("link", name="Sign in to add a song")
    expect(sign_in_link).to_have_attribute("href", f"/login?next=/shows/{show_id}%23song-picker")
    expect(combobox(anonymous)).to_have_count(0)
    anonymous.evaluate("window.theSetSameDocument = true")
    name, _versions = song_with_versions(demo_server.app, show_id)
    first_word = name.split()[0]
    combobox(tomas).focus()
    tomas.keyboard.type(first_word)
    expect(options(tomas).filter(has_text=name)).to_be_visible()
    offered = options(tomas).count()

    combobox(mara).focus()
    mara.keyboard.type(name)
    expect(options(mara).filter(has_text=name)).to_be_visible()
    mara.keyboard.press("ArrowDown")
    mara.keyboard.press("Enter")
    expect(songs(mara)).to_have_count(6)

    expect(options(tomas).filter(has_text=name)).to_have_count(0)  # gone from his picker, live
    expect(options(tomas)).to_have_count(offered - 1)
    expect(combobox(tomas)).to_be_focused()
    for page in (tomas, anonymous):  # the new row reaches every page, without a reload
        expect(song_row(page, name)).to_have_attribute("data-votes", "0")
    assert anonymous.evaluate("window.theSetSameDocument === true"), "the page reloaded"


def test_adding_a_song_keeps_each_pages_one_socket_and_logs_no_errors(
    demo_server, new_context, fresh_show
):
    show_id = fresh_show(WITH_VERSIONS)
    mara, tomas = (new_context().new_page() for _ in range(2))
    problems = {page: console_problems(page) for page in (mara, tomas)}
    for page, fan in ((mara, MARA), (tomas, TOMAS)):
        open_picker(page, demo_server, fan, show_id)
    sockets = {page: [] for page in (mara, tomas)}
    for page in (mara, tomas):
        page.on("websocket", lambda socket, opened=sockets[page]: opened.append(socket.url))
    assert open_sockets(demo_server.app, show_id) == 2
    name, _versions = song_with_versions(demo_server.app, show_id)

    combobox(mara).focus()
    mara.keyboard.type(name)
    options(mara).filter(has_text=name).click()  # the mouse, this time

    expect(song_row(tomas, name)).to_have_class(re.compile(r"\bsong-changed\b"))  # news to him
    for page in (mara, tomas):
        expect(song_row(page, name)).to_have_count(1)
        wait_for_live(page, 2)  # the added song's live message has been swapped in
    expect(combobox(mara)).to_be_focused()
    mara.wait_for_timeout(500)  # a socket that the add left behind, or opened, shows by now
    assert open_sockets(demo_server.app, show_id) == 2
    assert problems == {mara: [], tomas: []}
    assert sockets == {mara: [], tomas: []}, "a page opened another socket"


def test_a_socket_that_opens_late_brings_the_songs_added_meanwhile(demo_server, page, fresh_show):
    show_id = fresh_show(WITH_VERSIONS)
    problems = console_problems(page)
    socket = HeldSocket(page)
    page.add_init_script(COUNT_LIVE_MESSAGES)
    page.goto(f"{demo_server.url}/shows/{show_id}")
    expect(songs(page)).to_have_count(5)
    name, _versions = song_with_versions(demo_server.app, show_id)
    add_to_setlist(demo_server.app, show_id, name)  # after the page was drawn

    socket.connect()
    wait_for_live(page)

    expect(song_row(page, name)).to_have_count(1)
    expect(songs(page)).to_have_count(6)
    assert problems == []


def test_a_stale_picker_says_why_the_server_refused(demo_server, page, fresh_show):
    show_id = fresh_show(WITH_VERSIONS)
    open_picker(page, demo_server, TOMAS, show_id)
    name, versions = song_with_versions(demo_server.app, show_id)
    combobox(page).focus()
    page.keyboard.type(name)
    expect(options(page).filter(has_text=name)).to_be_visible()
    add_to_setlist(demo_server.app, show_id, versions[0])  # no live update: the picker is stale

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    error = page.locator("#song-picker-error")
    expect(error).to_be_visible()
    expect(error).to_have_text(f"“{versions[0]}” is on the setlist already: vote for it there.")
    expect(songs(page)).to_have_count(5)
    page.keyboard.type(" ")  # typing again clears the message
    expect(error).to_be_hidden()


def test_the_open_picker_is_accessible(demo_server, axe_context, fresh_show):
    show_id = fresh_show(WITH_VERSIONS)
    page = axe_context.new_page()
    open_picker(page, demo_server, MARA, show_id)
    name, _versions = song_with_versions(demo_server.app, show_id)
    combobox(page).focus()
    page.keyboard.type(name[0])
    expect(options(page).first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(options(page).first).to_have_attribute("aria-selected", "true")
    check_accessible(page, "show-picker-open")


def test_signing_in_to_add_a_song_comes_back_to_the_picker(demo_server, page, fresh_show):
    show_id = fresh_show(WITH_VERSIONS)
    page.goto(f"{demo_server.url}/shows/{show_id}")

    page.get_by_role("link", name="Sign in to add a song").click()
    page.get_by_role("button", name=f"Sign in as {MARA}").click()

    expect(page).to_have_url(f"{demo_server.url}/shows/{show_id}#song-picker")
    expect(combobox(page)).to_be_visible()
    expect(page.get_by_role("link", name="Sign in to add a song")).to_have_count(0)
