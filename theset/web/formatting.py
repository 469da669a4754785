"""Template filters: dates in the venue's own time zone, show status labels, map and
calendar links."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask

from ..models import Show, Venue, utcnow

STATUS_LABELS = {
    "onsale": "On sale",
    "offsale": "Off sale",
    "cancelled": "Cancelled",
    "postponed": "Postponed",
    "rescheduled": "Rescheduled",
    "unknown": "Status unknown",
}


def _zone(show: Show) -> ZoneInfo | None:
    name = show.venue.timezone if show.venue else None
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_start(show: Show) -> datetime | None:
    """The start in the venue's time zone (None while the time is to be announced)."""
    zone = _zone(show)
    if show.starts_at is None or zone is None:
        return None
    return show.starts_at.astimezone(zone)


def show_when(show: Show) -> str:
    """The start in the venue's time, like "Sat 12 Dec 2026, 20:00 CET"; the date if TBA."""
    start = local_start(show)
    if start is not None:
        return f"{start:%a %-d %b %Y, %H:%M} {zone_label(start)}"
    if show.local_date is not None:
        day = f"{show.local_date:%a %-d %b %Y}"
        return f"{day}, {show.local_time:%H:%M}" if show.local_time else f"{day}, time TBA"
    return "Date to be announced"


def zone_label(moment: datetime) -> str:
    """The zone's abbreviation ("CET"), or for zones without one its offset from UTC with a
    true minus sign ("UTC−3", "UTC+5:30") rather than tzdata's placeholder ("-03")."""
    name = moment.tzname() or ""
    if name[:1].isalpha():
        return name
    minutes = int(moment.utcoffset().total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes > 0 else "\N{MINUS SIGN}"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def show_day(show: Show) -> str:
    """The day of the show in the venue's time, like "Sat 12 Dec 2026", for headings."""
    start = local_start(show)
    day = start.date() if start is not None else show.local_date
    return f"{day:%a %-d %b %Y}" if day is not None else "date to be announced"


def original_when(show: Show) -> str | None:
    """The original date of a rescheduled show, in the venue's time."""
    if show.original_starts_at is None:
        return None
    zone = _zone(show)
    original = show.original_starts_at.astimezone(zone) if zone else show.original_starts_at
    return f"{original:%a %-d %b %Y}"


def is_past(show: Show) -> bool:
    return show.starts_at is not None and show.starts_at < utcnow()


def status_label(show: Show) -> str:
    """What a fan needs to know first: past, cancelled, rescheduled, on sale…"""
    if is_past(show):
        return "Past"
    if show.delisted_at is not None:
        return "No longer listed"
    return STATUS_LABELS.get(show.status, "Status unknown")


def map_url(venue: Venue) -> str | None:
    """An OpenStreetMap link for the venue, by coordinates or else by address."""
    if venue.latitude is not None and venue.longitude is not None:
        lat, lon = f"{venue.latitude:.5f}", f"{venue.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"
    parts = [venue.name, venue.address, venue.city, venue.country]
    query = ", ".join(part for part in parts if part)
    return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"


def webcal_url(url: str) -> str:
    """An absolute feed URL as calendar apps subscribe to it: webcal://, then the same."""
    return "webcal://" + url.split("://", 1)[1]


def compact_number(value: int | None) -> str:
    """12345 → "12.3K"."""
    if value is None:
        return ""
    for limit, suffix in ((1_000_000, "M"), (1_000, "K")):
        if value >= limit:
            return f"{value / limit:.1f}".rstrip("0").rstrip(".") + suffix
    return str(value)


def init_app(app: Flask) -> None:
    """Register the filters and tests."""
    app.add_template_filter(show_when)
    app.add_template_filter(show_day)
    app.add_template_filter(original_when)
    app.add_template_filter(status_label)
    app.add_template_filter(map_url)
    app.add_template_filter(compact_number)
    app.add_template_filter(webcal_url)
    app.add_template_test(is_past, "past")
