"""The discovery pages: page and fragment answers, errors, labels, local times, query counts."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from theset.extensions import db
from theset.models import Show, utcnow
from theset.web.formatting import show_day

from .factories import make_artist, make_show, make_venue, make_vote
from .support.headers import HX

ZOE = "K8vZ91mDDPm"


def _is_full_page(response) -> bool:
    return response.text.lstrip().startswith("<!doctype html>")


def _seeded(session):
    artist = make_artist(name="Night Ferries", slug="night-ferries", popularity=70)
    for days in (3, 10):
        make_show(artist=artist, starts_at=utcnow() + timedelta(days=days))
    session.commit()
    return artist


@pytest.mark.parametrize(
    ("path", "marker"),
    [
        ("/", "Hot shows"),
        ("/search?q=marchetti", "Zoé Marchetti"),
        ("/search", "Search for an artist"),
        ("/artists", "Night Ferries"),
        ("/artists/night-ferries", "Upcoming shows"),
    ],
)
def test_every_page_answers_a_document_and_a_fragment(client, session, path, marker):
    _seeded(session)
    page = client.get(path)
    assert page.status_code == 200
    assert _is_full_page(page) and marker in page.text
    assert "HX-Request" in page.headers["Vary"]
    fragment = client.get(path, headers=HX)
    assert fragment.status_code == 200
    assert not _is_full_page(fragment) and "site-header" not in fragment.text
    assert marker in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Predict the setlist"),
        ("/search", "Search"),
        ("/search?q=marchetti", "Search: marchetti"),
        ("/artists", "Artists"),
        ("/artists/night-ferries", "Night Ferries"),
        ("/shows/{show}", "Night Ferries at Pier &amp; Pavilion, {day}"),
    ],
)
def test_a_fragment_brings_its_page_title_for_htmx_to_show(client, session, path, title):
    artist = _seeded(session)
    show = make_show(artist=artist, venue=make_venue(name="Pier & Pavilion"))
    session.commit()
    path, title = path.format(show=show.id), title.format(day=show_day(show))
    element = f"<title>{title} · TheSet</title>"
    assert element in client.get(path).text
    # htmx takes a <title> from the top level of a fragment only.
    assert client.get(path, headers=HX).text.lstrip().startswith(element)


def test_the_embedded_widget_leaves_its_host_pages_title_alone(client, session):
    show = make_show()
    session.commit()
    assert "<title" not in client.get(f"/embed/shows/{show.id}", headers=HX).text


def test_boosted_and_history_restore_requests_get_the_full_page(client, session):
    _seeded(session)
    boosted = client.get("/artists", headers={**HX, "HX-Boosted": "true"})
    restore = client.get("/artists", headers={**HX, "HX-History-Restore-Request": "true"})
    assert _is_full_page(boosted) and _is_full_page(restore)


def test_show_page_and_fragment(client, session):
    show = make_show(name="Ferries at the Pier")
    session.commit()
    assert _is_full_page(client.get(f"/shows/{show.id}"))
    fragment = client.get(f"/shows/{show.id}", headers=HX)
    assert "Ferries at the Pier" in fragment.text and not _is_full_page(fragment)


def test_search_prompt_when_empty(client):
    assert "Type an artist" in client.get("/search?q=%20%20").text


def test_search_query_over_100_characters_is_a_400_with_an_explanation(client):
    response = client.get("/search?q=" + "a" * 101)
    assert response.status_code == 400
    assert "limited to 100 characters" in response.text
    assert "limited to 100 characters" in client.get("/search?q=" + "a" * 101, headers=HX).text


def test_search_fragment_announces_the_count_to_screen_readers(client):
    fragment = client.get("/search?q=marchetti", headers=HX).text
    assert 'id="search-status"' in fragment and 'hx-swap-oob="true"' in fragment
    assert "1 artist with upcoming shows" in fragment
    assert f'href="/artists/tm/{ZOE}"' in fragment


def test_search_with_ticketmaster_down_is_a_friendly_503(upstream_app, upstream):
    upstream.fail("ticketmaster", 500)
    response = upstream_app.test_client().get("/search?q=marchetti")
    assert response.status_code == 503
    assert "Search is unavailable right now" in response.text
    assert "Traceback" not in response.text


def test_selecting_a_result_imports_and_redirects_303(client):
    response = client.get(f"/artists/tm/{ZOE}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/artists/zoe-marchetti"
    page = client.get("/artists/zoe-marchetti")
    assert "Zoé Marchetti" in page.text and "Listen on Spotify" in page.text
    assert page.text.count('class="show-row"') == 5


@pytest.mark.parametrize("attraction_id", ["K8vZ9nope00", "bad%20id", "x" * 65])
def test_selecting_an_unknown_artist_is_a_404_page(client, attraction_id):
    response = client.get(f"/artists/tm/{attraction_id}")
    assert response.status_code == 404
    assert _is_full_page(response)


def test_selecting_while_ticketmaster_is_down_is_a_503(upstream_app, upstream):
    upstream.fail("ticketmaster", 502)
    response = upstream_app.test_client().get(f"/artists/tm/{ZOE}")
    assert response.status_code == 503
    assert "try again" in response.text


def test_unknown_artist_slug_is_a_404(client):
    response = client.get("/artists/nobody-at-all")
    assert response.status_code == 404
    assert "Search for them" in response.text


def test_artist_without_spotify_has_a_complete_page(client):
    client.get("/artists/tm/K8vZ91Iac41")  # Kestrel Avenue: no Spotify artist
    page = client.get("/artists/kestrel-avenue")
    assert page.status_code == 200
    assert "could not find this artist on Spotify" in page.text
    assert page.text.count('class="show-row"') == 3


def test_stale_notice_when_upstreams_fail_on_old_data(upstream_app, upstream):
    client = upstream_app.test_client()
    client.get(f"/artists/tm/{ZOE}")
    client.get("/artists/zoe-marchetti")
    from theset.models import Artist
    from theset.redis_client import get_redis

    with upstream_app.app_context():
        artist = db.session.scalar(db.select(Artist).filter_by(slug="zoe-marchetti"))
        artist.tm_synced_at = artist.shows_synced_at = utcnow() - timedelta(days=8)
        db.session.commit()
        get_redis().flushdb()
    upstream.fail("ticketmaster")
    upstream.fail("spotify")
    page = client.get("/artists/zoe-marchetti")
    assert page.status_code == 200
    assert "may be out of date" in page.text
    assert page.text.count('class="show-row"') == 5


def test_names_with_markup_are_shown_as_text(client, session):
    artist = make_artist(name="<script>alert(1)</script>", slug="xss")
    make_show(artist=artist, name="<img src=x onerror=alert(1)>")
    session.commit()
    page = client.get("/artists/xss").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_times_are_shown_in_the_venues_own_zone(client, session):
    start = datetime(2031, 7, 1, 10, 0, tzinfo=UTC)
    tokyo = make_venue(name="Budokan", timezone="Asia/Tokyo", city="Tokyo", country="JP")
    new_york = make_venue(name="Beacon", timezone="America/New_York")
    one = make_show(venue=tokyo, starts_at=start)
    two = make_show(venue=new_york, starts_at=start)
    session.commit()
    assert "Tue 1 Jul 2031, 19:00 JST" in client.get(f"/shows/{one.id}").text
    assert "Tue 1 Jul 2031, 06:00 EDT" in client.get(f"/shows/{two.id}").text


def test_a_zone_without_an_abbreviation_is_shown_by_its_offset(client, session):
    rio = make_venue(name="Casa Brisa", timezone="America/Sao_Paulo")
    show = make_show(venue=rio, starts_at=datetime(2031, 7, 1, 23, 0, tzinfo=UTC))
    session.commit()
    page = client.get(f"/shows/{show.id}").text
    assert "Tue 1 Jul 2031, 20:00 UTC\u22123" in page and " -03" not in page


def test_genres_keep_their_proper_case_on_artist_and_home_pages(client, session):
    artist = make_artist(name="Maré Alta", slug="mare-alta", genres=["mpb", "samba"])
    make_show(artist=artist)
    session.commit()
    assert '<p class="genres">MPB · Samba</p>' in client.get("/artists/mare-alta").text
    assert '<span class="card-meta">MPB, Samba</span>' in client.get("/artists").text


def test_time_to_be_announced(client, session):
    show = make_show(starts_at=None, local_date=date(2031, 3, 4))
    session.commit()
    assert "Tue 4 Mar 2031, time TBA" in client.get(f"/shows/{show.id}").text


def test_status_labels(client, session):
    cancelled = make_show(status="cancelled")
    rescheduled = make_show(
        status="rescheduled", original_starts_at=datetime(2031, 1, 2, 20, tzinfo=UTC)
    )
    past = make_show(starts_at=utcnow() - timedelta(days=1))
    session.commit()
    cancelled_page = client.get(f"/shows/{cancelled.id}").text
    assert ">Cancelled<" in cancelled_page and "Tickets on Ticketmaster" not in cancelled_page
    assert "Rescheduled from Thu 2 Jan 2031" in client.get(f"/shows/{rescheduled.id}").text
    assert ">Past<" in client.get(f"/shows/{past.id}").text


def test_show_page_links_tickets_and_map_safely(client, session):
    venue = make_venue(latitude=41.87811, longitude=-87.6298, address="1 Main St")
    show = make_show(venue=venue, ticket_url="https://www.ticketmaster.com/event/1")
    session.commit()
    page = client.get(f"/shows/{show.id}").text
    assert 'href="https://www.ticketmaster.com/event/1" rel="noopener"' in page
    assert "openstreetmap.org/?mlat=41.87811&amp;mlon=-87.62980" in page


@pytest.mark.parametrize("show_id", ["999999", "99999999999999999999", "-1", "abc"])
def test_unknown_or_malformed_show_ids_are_404(client, show_id):
    assert client.get(f"/shows/{show_id}").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e3", "100001"])
def test_bad_page_numbers_are_a_400_with_an_explanation(client, page):
    response = client.get(f"/artists?page={page}")
    assert response.status_code == 400
    assert "whole number" in response.text


def test_artists_are_listed_most_popular_first_and_paginated(client, session):
    for n in range(30):
        make_artist(name=f"Band {n:02d}", slug=f"band-{n:02d}", popularity=n)
    session.commit()
    first = client.get("/artists").text
    assert first.index("Band 29") < first.index("Band 28")
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/artists?page=2").text
    assert "Band 00" in second and "Band 29" not in second
    assert "fewer artists than that" in client.get("/artists?page=9").text


def test_home_shows_hot_shows_by_recent_votes_and_popular_artists(client, session):
    quiet, busy = make_show(name="Quiet"), make_show(name="Busy")
    for _ in range(3):
        make_vote(busy)
    make_vote(quiet)
    make_vote(quiet, created_at=utcnow() - timedelta(days=8))  # too old to count
    old = make_show(name="Over", starts_at=utcnow() - timedelta(days=1))
    make_vote(old)
    make_artist(name="Famous", slug="famous", popularity=90, image_url="https://i.example/f.jpg")
    session.commit()
    page = client.get("/").text
    hot = page[page.index("Hot shows") : page.index("Popular artists")]
    assert hot.index(busy.artist.name) < hot.index(quiet.artist.name)
    assert old.artist.name not in hot
    popular = page[page.index("Popular artists") :]
    assert popular.index("Famous") < popular.index(busy.artist.name)


def test_home_has_friendly_empty_states(client):
    page = client.get("/").text
    assert "No votes this week yet" in page and "No artists yet" in page


def test_pages_run_a_fixed_number_of_queries(client, session, count_queries):
    artist = make_artist(name="Counted", slug="counted", popularity=50)
    first_show = make_show(artist=artist, starts_at=utcnow() + timedelta(days=1))
    pages = {
        "home": "/",
        "artist": "/artists/counted",
        "show": f"/shows/{first_show.id}",
        "artists": "/artists",
    }

    def add_rows(count):
        counted = session.get(Show, first_show.id)
        for n in range(count):
            show = make_show(artist=artist, starts_at=utcnow() + timedelta(days=n + 2))
            make_vote(show)
            make_vote(counted)  # one more song, with a vote, on the counted show
            make_artist(popularity=n)
        session.commit()

    def queries_per_page():
        counts = {}
        for name, path in pages.items():
            session.expunge_all()  # as in a real request: nothing already loaded
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            counts[name] = len(statements)
        return counts

    add_rows(2)
    client.get(pages["show"])  # the first visit creates and seeds the setlist, once
    few = queries_per_page()
    add_rows(10)
    many = queries_per_page()
    assert client.get(pages["show"]).text.count('class="song"') == 12
    print(f"queries per page: {few} with 3 shows, {many} with 13")
    assert few == many
    assert all(count <= 8 for count in many.values()), many


def test_local_time_filter_survives_unknown_zones(client, session):
    venue = make_venue(timezone="Mars/Olympus_Mons")
    show = make_show(
        venue=venue, starts_at=None, local_date=date(2031, 5, 6), local_time=time(21, 30)
    )
    session.commit()
    assert "Tue 6 May 2031, 21:30" in client.get(f"/shows/{show.id}").text
