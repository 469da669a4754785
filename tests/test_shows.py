"""The show page: tickets by sale status, and a cancelled show."""

from sqlalchemy import func, select

from theset.models import Artist, Setlist, Show

from .factories import make_setlist, make_show
from .support.catalog import ZOE, first_show_id

TICKETS = "https://www.ticketmaster.com/event/1"


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
