"""Show times in the venue's zone, named so a fan can read them."""

from datetime import UTC, datetime

import pytest

from theset.models import Show, Venue
from theset.web.formatting import show_when

STARTS = datetime(2026, 12, 8, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "written"),
    [
        ("America/Chicago", "Tue 8 Dec 2026, 17:00 CST"),
        ("Europe/London", "Tue 8 Dec 2026, 23:00 GMT"),
        # Zones without an abbreviation: their offset from UTC, with a true minus sign.
        ("America/Sao_Paulo", "Tue 8 Dec 2026, 20:00 UTC\u22123"),
        ("Asia/Kolkata", "Wed 9 Dec 2026, 04:30 IST"),
        ("Asia/Kathmandu", "Wed 9 Dec 2026, 04:45 UTC+5:45"),
        ("Asia/Dubai", "Wed 9 Dec 2026, 03:00 UTC+4"),
        ("America/St_Johns", "Tue 8 Dec 2026, 19:30 NST"),
        ("America/Noronha", "Tue 8 Dec 2026, 21:00 UTC\u22122"),
        ("Atlantic/Azores", "Tue 8 Dec 2026, 22:00 UTC\u22121"),
        ("Africa/Abidjan", "Tue 8 Dec 2026, 23:00 GMT"),
        ("Etc/GMT-14", "Wed 9 Dec 2026, 13:00 UTC+14"),
    ],
)
def test_the_start_names_its_zone_or_its_offset_from_utc(zone, written):
    show = Show(starts_at=STARTS, venue=Venue(timezone=zone))
    assert show_when(show) == written
