"""The show page: what names the show, tickets by sale status, and a cancelled show."""

import re

from sqlalchemy import func, select

from theset.models import Artist, Setlist, Show
from theset.web.formatting import show_day

from .factories import make_artist, make_setlist, make_show, make_venue
from .support.catalog import ZOE, first_show_id
from .support.headers import HX

TICKETS = "https://www.ticketmaster.com/event/1"


def _heading(html: str) -> str:
    """The show's heading as read out: its text, without the markup."""
    heading = re.search(r'<h1 id="show-title">(.*?)</h1>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", heading).split())


def test_a_show_named_after_its_artist_is_headed_by_artist_venue_and_day(client, session):
    artist = make_artist(name="Night Ferries")
    show = make_show(artist=artist, venue=make_venue(name="Pier & Pavilion"), name="NIGHT FERRIES")
    session.commit()
    named = f"Night Ferries at Pier &amp; Pavilion, {show_day(show)}"
    page = client.get(f"/shows/{show.id}").text
    assert _heading(page) == named
    assert f"<title>{named} · TheSet</title>" in page
    assert _heading(client.get(f"/shows/{show.id}", headers=HX).text) == named


def test_a_show_with_its_own_name_keeps_it_as_heading(client, session):
    show = make_show(artist=make_artist(name="Night Ferries"), name="Night Ferries: Low Tide Tour")
    session.commit()
    page = client.get(f"/shows/{show.id}").text
    assert _heading(page) == "Night Ferries: Low Tide Tour"
    assert f"<title>Night Ferries at {show.place}, {show_day(show)} · TheSet</title>" in page


def test_an_off_sale_show_has_no_tickets_button_but_a_link_to_ticketmaster(client, session):
    on_sale = make_show(ticket_url=TICKETS)
    off_sale = make_show(ticket_url=TICKETS, status="offsale")
    session.commit()
    button = f'<a class="button-link" href="{TICKETS}"'
    assert button in client.get(f"/shows/{on_sale.id}").text
    page = client.get(f"/shows/{off_sale.id}").text
    assert button not in page and "Tickets on Ticketmaster" not in page
    assert f'Not on sale now. <a href="{TICKETS}" rel="noopener"' in page


def test_a_cancelled_show_gets_no_setlist_no_import_and_no_embed(client, session):
    show_id = first_show_id(client, ZOE)  # Zoé's catalog is not imported yet
    show = session.get(Show, show_id)
    show.status = "cancelled"
    session.commit()
    page = client.get(f"/shows/{show_id}").text
    assert "This show was cancelled, so there is no setlist to predict." in page
    assert "Embed this setlist" not in page and 'id="setlist"' not in page
    for path in (f"/embed/shows/{show_id}", f"/api/shows/{show_id}/setlist"):
        refused = client.get(path)
        assert refused.status_code == 404 and "cancelled" in refused.text
    assert session.scalar(select(func.count()).select_from(Setlist)) == 0
    assert session.get(Artist, show.artist_id).catalog_synced_at is None  # no import ran


def test_a_cancelled_show_keeps_its_setlist_with_voting_closed(client, session):
    show = make_show(status="cancelled")
    make_setlist(show, votes=(2, 1))
    session.commit()
    page = client.get(f"/shows/{show.id}").text
    assert "This show was cancelled, so voting is closed." in page
    assert page.count('class="song"') == 2 and "vote-form" not in page
    assert "Embed this setlist" not in page


def test_the_setlist_says_whose_songs_with_the_right_possessive(client, auth, session):
    show = make_show(artist=make_artist(name="Dr. Marlowe's Lamplighters"))
    make_setlist(show)
    session.commit()
    auth.login()
    page = client.get(f"/shows/{show.id}").text
    assert "Dr. Marlowe&#39;s Lamplighters&#39; catalog" in page
    assert "Lamplighters&#39;s" not in page
