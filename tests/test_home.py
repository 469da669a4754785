"""The home page: hot shows with their recent votes, and popular artists worth a tile."""

import re
from datetime import timedelta

from theset.models import utcnow

from .factories import make_artist, make_show, make_vote

HOT_ROW = re.compile(
    r'<span class="show-date">([^<]*)</span>\s*<span class="show-name">([^<]*?) · .*?'
    r'<span class="show-votes">([^<]*)</span>',
    re.DOTALL,
)


def hot_show_rows(html: str) -> list[dict]:
    """Each hot show row's date, artist and vote count, in page order."""
    return [
        {"date": date, "artist": artist, "votes": votes}
        for date, artist, votes in HOT_ROW.findall(html)
    ]


def _home_section(page: str, heading: str, next_heading: str | None = None) -> str:
    start = page.index(heading)
    return page[start : page.index(next_heading)] if next_heading else page[start:]


def test_hot_shows_state_their_order_and_show_votes_and_dates(client, session):
    later = make_show(name="Later", starts_at=utcnow() + timedelta(days=20))
    sooner = make_show(name="Sooner", starts_at=utcnow() + timedelta(days=3))
    busy = make_show(name="Busy", starts_at=utcnow() + timedelta(days=40))
    for _ in range(3):
        make_vote(busy)
    for show in (later, sooner):
        make_vote(show)
        make_vote(show)
        make_vote(show, created_at=utcnow() - timedelta(days=8))  # too old to count
    session.commit()
    page = client.get("/").text
    hot = _home_section(page, "Hot shows", "Popular artists")
    assert "By votes in the last 7 days, most first." in hot
    rows = hot_show_rows(hot)
    # Most recent votes first; a tie goes to the sooner show.
    assert [row["artist"] for row in rows] == [show.artist.name for show in (busy, sooner, later)]
    assert [row["votes"] for row in rows] == ["3 votes", "2 votes", "2 votes"]
    assert all(row["date"] for row in rows)


def test_one_recent_vote_is_one_vote(client, session):
    make_vote(make_show())
    session.commit()
    assert [row["votes"] for row in hot_show_rows(client.get("/").text)] == ["1 vote"]


def test_popular_artists_leave_out_artists_with_no_upcoming_show_and_no_picture(client, session):
    tribute = make_artist(name="Tribute Act", slug="tribute-act", popularity=90)
    past_only = make_artist(name="Past Only", slug="past-only", popularity=85)
    make_show(artist=past_only, starts_at=utcnow() - timedelta(days=2))
    pictured = make_artist(
        name="Pictured", slug="pictured", popularity=80, image_url="https://i.example/p.jpg"
    )
    touring = make_artist(name="Touring", slug="touring", popularity=70)
    make_show(artist=touring)
    quiet = [make_artist(name=f"Quiet {n}", slug=f"quiet-{n}") for n in range(8)]
    for artist in quiet:
        make_show(artist=artist)
    session.commit()
    popular = _home_section(client.get("/").text, "Popular artists")
    assert tribute.name not in popular and past_only.name not in popular
    assert popular.index(pictured.name) < popular.index(touring.name)
    assert popular.count('class="card"') == 8  # the tiles left over go to real artists
