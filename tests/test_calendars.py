"""Calendars: an artist's feed, one show's event and a fan's private feed, as .ics files
that the `icalendar` library (like a calendar app) reads back with the right time zones."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from theset.extensions import db
from theset.models import UserArtist, utcnow
from theset.services.calendar_feeds import calendar_token

from .factories import make_artist, make_show, make_user, make_venue
from .support.auth import csrf_token

ORIGIN = "http://localhost"  # the tests' THESET_PUBLIC_URL
NEXT_SUMMER = datetime(utcnow().year + 1, 7, 10, 0, 0, tzinfo=UTC)  # midnight UTC
# The demo catalog's venues in three zones, and a show at each at NEXT_SUMMER's moment.
VENUES = {
    "Salle Lumière": ("America/Toronto", "Montréal", datetime(NEXT_SUMMER.year, 7, 9, 20, 0)),
    "Vestkant Scene": ("Europe/Oslo", "Oslo", datetime(NEXT_SUMMER.year, 7, 10, 2, 0)),
    "Kōyō Hall": ("Asia/Tokyo", "Tokyo", datetime(NEXT_SUMMER.year, 7, 10, 9, 0)),
}


def parse(response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def touring_artist(app):
    """An artist with a show at each venue of VENUES, at the same moment, in UTC."""
    artist = make_artist(name="Zoé Marchetti", slug="zoe-marchetti")
    for name, (zone, city, _) in VENUES.items():
        venue = make_venue(name=name, city=city, timezone=zone, address="1 Main St")
        make_show(
            artist, venue, starts_at=NEXT_SUMMER, ticket_url=f"https://tickets.example/{city}"
        )
    db.session.commit()
    return artist


def test_the_artist_feed_has_each_show_at_its_venues_wall_clock_time(client, touring_artist):
    calendar = parse(client.get("/artists/zoe-marchetti/shows.ics"))
    assert calendar["X-WR-CALNAME"] == "Zoé Marchetti · TheSet"
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert zones == {zone for zone, _, _ in VENUES.values()}
    for event in events:
        place = str(event["SUMMARY"]).removeprefix("Zoé Marchetti at ")
        zone, city, wall_clock = VENUES[place]
        assert event["DTSTART"].params["TZID"] == zone
        start = event.decoded("DTSTART")
        assert start.replace(tzinfo=None) == wall_clock
        assert start == NEXT_SUMMER.astimezone(ZoneInfo(zone))
        assert event.decoded("DTEND") - start == timedelta(hours=3)
        assert str(event["LOCATION"]) == f"{place}, 1 Main St, {city}, US"
        assert str(event["STATUS"]) == "CONFIRMED"
        page = str(event["URL"])
        assert page.startswith(f"{ORIGIN}/shows/")
        assert f"Tickets: https://tickets.example/{city}" in str(event["DESCRIPTION"])
        assert f"Vote on the setlist: {page}" in str(event["DESCRIPTION"])


def test_the_artist_feed_downloads_with_the_apps_caching(client, touring_artist):
    response = client.get("/artists/zoe-marchetti/shows.ics")
    assert response.headers["Content-Disposition"] == "attachment; filename=zoe-marchetti-shows.ics"
    assert response.headers["Cache-Control"] == "public, max-age=15"
    again = client.get(
        "/artists/zoe-marchetti/shows.ics", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_uids_are_stable_and_the_same_in_every_file(client, touring_artist):
    first = events_by_uid(parse(client.get("/artists/zoe-marchetti/shows.ics")))
    second = events_by_uid(parse(client.get("/artists/zoe-marchetti/shows.ics")))
    assert set(first) == set(second)
    show = touring_artist.shows[0]
    uid = f"show-{show.id}@localhost"
    assert uid in first
    single = events_by_uid(parse(client.get(f"/shows/{show.id}/show.ics")))
    assert list(single) == [uid]
    assert single[uid].decoded("DTSTART") == first[uid].decoded("DTSTART")


def test_cancelled_and_undated_shows(client):
    artist = make_artist(slug="changing-plans")
    day = (utcnow() + timedelta(days=20)).date()
    cancelled = make_show(artist, status="cancelled", ticket_url="https://tickets.example/c")
    time_tba = make_show(artist, starts_at=None, local_date=day, status="postponed")
    make_show(artist, starts_at=None, local_date=None)  # nowhere to put it: left out
    make_show(artist, starts_at=utcnow() - timedelta(days=1))  # over
    make_show(artist, delisted_at=utcnow())  # Ticketmaster no longer lists it
    db.session.commit()
    events = events_by_uid(parse(client.get("/artists/changing-plans/shows.ics")))
    assert set(events) == {f"show-{cancelled.id}@localhost", f"show-{time_tba.id}@localhost"}
    gone = events[f"show-{cancelled.id}@localhost"]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert "was cancelled" in str(gone["DESCRIPTION"]) and "tickets" not in str(gone["DESCRIPTION"])
    all_day = events[f"show-{time_tba.id}@localhost"]
    assert all_day.decoded("DTSTART") == day and "TZID" not in all_day["DTSTART"].params
    assert all_day.decoded("DTEND") == day + timedelta(days=1)
    assert str(all_day["STATUS"]) == "TENTATIVE"


def test_a_venue_without_a_zone_gives_the_start_in_utc(client):
    show = make_show(venue=make_venue(timezone=None), starts_at=NEXT_SUMMER)
    db.session.commit()
    (event,) = parse(client.get(f"/shows/{show.id}/show.ics")).walk("VEVENT")
    assert event.decoded("DTSTART") == NEXT_SUMMER
    assert event["DTSTART"].to_ical() == NEXT_SUMMER.strftime("%Y%m%dT%H%M%SZ").encode()


@pytest.mark.parametrize(
    "path",
    [
        "/artists/nobody-we-know/shows.ics",
        "/artists/NOT%00A%20SLUG/shows.ics",
        "/shows/999999/show.ics",
    ],
)
def test_unknown_artists_and_shows_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "text/html" in response.headers["Content-Type"]


def test_a_show_without_a_date_has_no_event(client):
    show = make_show(starts_at=None, local_date=None)
    db.session.commit()
    response = client.get(f"/shows/{show.id}/show.ics")
    assert response.status_code == 404
    assert "no date yet" in response.text


def test_artist_and_show_pages_link_their_calendars(client, touring_artist):
    page = client.get("/artists/zoe-marchetti").text
    assert 'href="webcal://localhost/artists/zoe-marchetti/shows.ics">Add to calendar' in page
    assert f'href="{ORIGIN}/artists/zoe-marchetti/shows.ics" download>' in page
    show = touring_artist.shows[0]
    assert (
        f'href="/shows/{show.id}/show.ics" download>Add to calendar'
        in client.get(f"/shows/{show.id}").text
    )
    cancelled = make_show(touring_artist, status="cancelled")
    db.session.commit()
    assert "Add to calendar" not in client.get(f"/shows/{cancelled.id}").text


def follow(fan, *artists) -> None:
    for rank, artist in enumerate(artists):
        db.session.add(UserArtist(user_id=fan.id, artist_id=artist.id, relation="top", rank=rank))
    db.session.commit()


def test_the_fans_feed_has_the_shows_of_their_artists_only(client):
    fan, other_fan = make_user(), make_user()
    followed, top, not_theirs = make_artist(), make_artist(), make_artist()
    follow(fan, followed, top)
    follow(other_fan, not_theirs)
    shows = [make_show(followed), make_show(followed), make_show(top), make_show(not_theirs)]
    db.session.commit()
    response = client.get(f"/calendars/{calendar_token(fan)}.ics")
    assert set(events_by_uid(parse(response))) == {
        f"show-{show.id}@localhost" for show in shows[:3]
    }
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"] == "attachment; filename=theset.ics"


@pytest.mark.parametrize("token", ["x" * 43, "short", "A" * 42 + "%00"])
def test_an_unknown_token_is_404(client, token):
    make_user(calendar_token="y" * 43)
    db.session.commit()
    assert client.get(f"/calendars/{token}.ics").status_code == 404


def test_the_dashboard_gives_the_fans_feed_address(client, auth):
    fan = auth.login(as_=make_user(artists_synced_at=utcnow()))
    page = client.get("/dashboard").text
    url = f"{ORIGIN}/calendars/{fan.calendar_token}.ics"
    assert f'id="calendar-url" class="calendar-url" type="text" value="{url}" readonly' in page
    assert f'href="webcal://localhost/calendars/{fan.calendar_token}.ics"' in page
    assert client.get("/dashboard").text.count(fan.calendar_token) == page.count(fan.calendar_token)
    parse(client.get(url.removeprefix(ORIGIN)))


@pytest.mark.csrf
def test_a_reset_retires_the_old_address(client, auth):
    fan = auth.login(as_=make_user(artists_synced_at=utcnow()))
    old = calendar_token(fan)
    token = csrf_token(client.get("/dashboard").text)
    assert client.post("/dashboard/calendar/reset").status_code == 400  # no CSRF token
    response = client.post("/dashboard/calendar/reset", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard#calendar"
    page = client.get("/dashboard").text
    new = fan.calendar_token
    assert new != old
    assert "the old one no longer works" in page and new in page and old not in page
    assert client.get(f"/calendars/{old}.ics").status_code == 404
    parse(client.get(f"/calendars/{new}.ics"))


def test_signed_out_fans_cannot_reset(client):
    fan = make_user()
    old = calendar_token(fan)
    response = client.post("/dashboard/calendar/reset")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")
    db.session.refresh(fan)
    assert fan.calendar_token == old
