"""Calendars in a browser: "Add to calendar" on the artist and show pages downloads an .ics
that a calendar app reads in the venues' own zones; the dashboard gives the fan their
private feed's address and resets it, with JavaScript on and off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .conftest import MARA, check_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.csrf]  # the reset form posts its CSRF token

ICS = "text/calendar; charset=utf-8"
# Fjøra's demo shows in Oslo and Tokyo, at their venues' wall-clock times.
FJORA_SHOWS = {
    "Fjøra at Vestkant Scene": ("Europe/Oslo", "200000"),
    "Fjøra at Kōyō Hall": ("Asia/Tokyo", "190000"),
}


def downloaded_calendar(page, link) -> Calendar:
    """Click `link` and read the file it downloads as a calendar app would."""
    with page.expect_download() as download:
        link.click()
    return Calendar.from_ical(Path(download.value.path()).read_bytes())


def starts(calendar: Calendar) -> dict[str, tuple[str | None, str]]:
    """Each event's summary → (TZID, local start time as HHMMSS, or the date if all-day)."""
    return {
        str(event["SUMMARY"]): (
            event["DTSTART"].params.get("TZID"),
            event["DTSTART"].to_ical().decode().rpartition("T")[2],
        )
        for event in calendar.walk("VEVENT")
    }


def test_add_to_calendar_from_the_artist_and_the_show_page(demo_server, axe_context):
    page = axe_context.new_page()
    page.goto(f"{demo_server.url}/artists/fjora")
    feed = f"{demo_server.url}/artists/fjora/shows.ics"
    subscribe = page.get_by_role("link", name="Add to calendar")
    expect(subscribe).to_have_attribute("href", feed.replace("http://", "webcal://"))
    download = page.get_by_role("link", name="Download .ics")
    expect(download).to_have_attribute("href", feed)
    check_accessible(page, "artist-calendar")

    answer = page.request.get(feed)
    assert answer.headers["content-type"] == ICS
    assert answer.headers["content-disposition"] == "attachment; filename=fjora-shows.ics"
    calendar = downloaded_calendar(page, download)
    assert FJORA_SHOWS.items() <= starts(calendar).items()
    assert {"Europe/Oslo", "Asia/Tokyo"} <= {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}

    page.get_by_role("link", name="Vestkant Scene").first.click()
    expect(page).to_have_url(re.compile(r"/shows/\d+$"))
    add = page.get_by_role("link", name="Add to calendar")
    expect(add).to_have_attribute("href", page.url.removeprefix(demo_server.url) + "/show.ics")
    # A download fires no "response" event: the request API reads the headers.
    answer = page.request.get(page.url + "/show.ics")
    assert answer.headers["content-type"] == ICS
    assert answer.headers["cache-control"] == "public, max-age=15"
    calendar = downloaded_calendar(page, add)
    assert starts(calendar) == {"Fjøra at Vestkant Scene": FJORA_SHOWS["Fjøra at Vestkant Scene"]}
    (event,) = calendar.walk("VEVENT")
    assert str(event["URL"]) == page.url


def reset_the_feed(page, server) -> None:
    """On the dashboard: the feed's address answers the fan's shows; a reset retires it."""
    address = page.get_by_label("Your calendar's address")
    old = address.input_value()
    assert old.startswith(f"{server.url}/calendars/") and old.endswith(".ics")
    expect(page.get_by_role("link", name="Add to calendar")).to_have_attribute(
        "href", old.replace("http://", "webcal://")
    )
    answer = page.request.get(old)
    assert answer.status == 200 and answer.headers["content-type"] == ICS
    assert answer.headers["cache-control"] == "private, no-store"
    assert FJORA_SHOWS.items() <= starts(Calendar.from_ical(answer.body())).items()

    page.get_by_role("button", name="Get a new address").click()

    expect(page.get_by_text("the old one no longer works")).to_be_visible()
    expect(address).not_to_have_value(old)
    assert page.request.get(old).status == 404
    assert page.request.get(address.input_value()).status == 200


def test_the_dashboard_feed_with_javascript(demo_server, axe_context):
    page = axe_context.new_page()
    sign_in(page, demo_server, MARA)
    check_accessible(page, "dashboard-calendar")
    reset_the_feed(page, demo_server)


def test_the_dashboard_feed_without_javascript(demo_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, demo_server, MARA)
    reset_the_feed(page, demo_server)
