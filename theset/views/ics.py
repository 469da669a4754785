"""iCalendar (RFC 5545) answers made of shows, written with the `icalendar` library.

A show with a start time is an event in its venue's time zone (TZID, with the VTIMEZONE
that calendar apps need to import it), lasting EVENT_LENGTH. A show whose time is still to
be announced is an all-day event on its local date; one without even a date is left out,
as a calendar has nowhere to put it. Cancelled shows stay in, marked CANCELLED, so that a
subscribed calendar shows the cancellation instead of silently losing the event.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Response, current_app, url_for
from icalendar import Calendar, Event

from ..models import Show
from ..web.formatting import local_start
from ..web.http_cache import conditional

EVENT_LENGTH = timedelta(hours=3)
ICAL_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}  # else CONFIRMED


def calendar_response(title: str, shows: list[Show], filename: str, *, personal: bool):
    """The shows as a .ics download named `filename`, with the app's caching headers."""
    calendar = Calendar()
    calendar.add("prodid", "-//TheSet//Show calendars//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    for show in shows:
        if show.starts_at is not None or show.local_date is not None:
            calendar.add_component(show_event(show))
    calendar.add_missing_timezones()
    response = Response(calendar.to_ical(), mimetype="text/calendar")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return conditional(response, personal=personal)


def show_event(show: Show) -> Event:
    """One show as a VEVENT (the show must have a start or at least a date)."""
    event = Event()
    event.add("uid", f"show-{show.id}@{urlsplit(current_app.config['THESET_PUBLIC_URL']).hostname}")
    event.add("dtstamp", show.updated_at)
    event.add("last-modified", show.updated_at)
    start = local_start(show) or show.starts_at
    if start is not None:
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
    else:
        event.add("dtstart", show.local_date)
        event.add("dtend", show.local_date + timedelta(days=1))
    event.add("summary", f"{show.artist.name} at {show.place}")
    if show.venue is not None:
        event.add("location", venue_address(show))
        if show.venue.latitude is not None and show.venue.longitude is not None:
            event.add("geo", (show.venue.latitude, show.venue.longitude))
    page = url_for("shows.detail", show_id=show.id, _external=True)
    event.add("url", page)
    event.add("description", _description(show, page))
    event.add("status", ICAL_STATUS.get(show.status, "CONFIRMED"))
    return event


def venue_address(show: Show) -> str:
    """The venue's name and address on one line."""
    venue = show.venue
    parts = (venue.name, venue.address, venue.city, venue.state, venue.postal_code)
    return ", ".join(part for part in (*parts, venue.country) if part)


def _description(show: Show, page: str) -> str:
    lines = []
    if show.status == "cancelled":
        lines.append("This show was cancelled.")
    elif show.ticket_url:
        lines.append(f"Tickets: {show.ticket_url}")
    lines.append(f"Vote on the setlist: {page}")
    return "\n".join(lines)
