"""The add-song picker: its search over the artist's catalog, as a service, an htmx
fragment and the show page's results without JavaScript."""

import re
from datetime import timedelta

import pytest

from theset.models import utcnow
from theset.services.song_search import MAX_QUERY_LENGTH, SHOWN, search_songs

from .factories import make_artist, make_setlist, make_show, make_track
from .support.headers import HX

CAB_RIDE = "4 a.m. Cab Ride"


@pytest.fixture
def catalog(session):
    """A show whose setlist holds one song, and its artist's other songs in versions."""
    show = make_show(artist=make_artist(name="The Nightjar Quintet"))
    (on_setlist,) = make_setlist(show, songs=1)
    on_setlist.track.name = "Owl Light"
    tracks = {
        name: make_track(artist=show.artist, name=name, is_studio=studio, release_date=released)
        for name, studio, released in [
            ("4 a.m. Cab Ride - 2020 Remaster", False, "2020-05-01"),
            ("4 a.m. Cab Ride (Live)", False, "2018"),
            (CAB_RIDE, True, "2014-03"),
            ("Owl Light - 2020 Remaster", False, "2020-05-01"),
            ("Owl Light - Live at The Lantern Room", False, "2018"),
            ("Blue Lamp Café", True, "2014-03"),
            ("Dusk Bop - Live at The Lantern Room", False, "2018"),
        ]
    }
    session.commit()
    return show, tracks


def names(search) -> list[str]:
    return [song.name for song in search.choices]


def option_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'id="song-option-(\d+)" role="option"', html)]


def test_each_song_is_offered_once_by_its_studio_version(catalog):
    show, tracks = catalog
    search = search_songs(show.setlist, "")
    assert names(search) == [CAB_RIDE, "Blue Lamp Café", "Dusk Bop - Live at The Lantern Room"]
    assert search.choices[0].track_id == tracks[CAB_RIDE].id
    assert search.matched == search.addable == 3


def test_no_version_of_a_song_on_the_setlist_is_offered(catalog):
    show, _tracks = catalog
    assert names(search_songs(show.setlist, "owl")) == []
    assert search_songs(show.setlist, "owl").addable == 3


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("cab", [CAB_RIDE]),
        ("4 A.M. cab", [CAB_RIDE]),
        ("ride cab", [CAB_RIDE]),  # every word, in any order
        ("cafe", ["Blue Lamp Café"]),  # accents folded
        ("ab", []),  # words match from their start
        ("live", []),  # a version's words are not the song's
        ("b", ["Blue Lamp Café", "Dusk Bop - Live at The Lantern Room"]),  # starting first
        ("  ", [CAB_RIDE, "Blue Lamp Café", "Dusk Bop - Live at The Lantern Room"]),
    ],
)
def test_words_match_the_starts_of_title_words(catalog, query, found):
    show, _tracks = catalog
    assert names(search_songs(show.setlist, query)) == found


def test_a_long_catalog_offers_the_first_few(session):
    show = make_show()
    make_setlist(show, songs=0)
    for n in range(SHOWN + 5):
        make_track(artist=show.artist, name=f"Song {n:02d}")
    session.commit()
    search = search_songs(show.setlist, "song")
    assert len(search.choices) == SHOWN and search.matched == SHOWN + 5
    assert names(search)[0] == "Song 00"


def test_the_fragment_offers_options_that_add_with_htmx(client, auth, catalog):
    show, tracks = catalog
    auth.login()
    response = client.get(f"/shows/{show.id}/songs/search?q=Cab", headers=HX)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    html = response.text
    assert html.startswith('<ul id="song-picker-options"') and "<html" not in html
    assert option_ids(html) == [tracks[CAB_RIDE].id]
    assert f'hx-post="/shows/{show.id}/songs"' in html
    assert f'hx-vals=\'{{"track_id": "{tracks[CAB_RIDE].id}"}}\'' in html
    assert 'aria-selected="true"' not in html  # nothing is chosen for the fan
    assert '<div id="song-picker-status" hx-swap-oob="innerHTML">' in html
    assert "1 song matches “Cab”." in html


def test_the_fragment_offers_nothing_on_the_setlist(client, auth, catalog):
    show, _tracks = catalog
    auth.login()
    html = client.get(f"/shows/{show.id}/songs/search?q=owl", headers=HX).text
    assert option_ids(html) == [] and '<ul id="song-picker-options"' in html
    assert re.search(r'role="listbox"[^>]* hidden>', html)
    assert "No song to add matches “owl”" in html


def test_signed_out_the_fragment_asks_to_sign_in(client, catalog):
    show, _tracks = catalog
    html = client.get(f"/shows/{show.id}/songs/search?q=cab", headers=HX).text
    assert option_ids(html) == []
    assert f'<a href="/login?next=/shows/{show.id}%23song-picker">Sign in to add a song</a>' in html


def test_closed_voting_offers_nothing(client, auth, session):
    show = make_show(starts_at=utcnow() - timedelta(hours=1))
    make_setlist(show, songs=1)
    make_track(artist=show.artist, name="Encore")
    session.commit()
    auth.login()
    assert option_ids(client.get(f"/shows/{show.id}/songs/search", headers=HX).text) == []


@pytest.mark.parametrize("query", ["\x00", "cab\x00ride", "%", "' OR 1=1 --", "<b>", "🎷" * 50])
def test_odd_words_are_searched_safely(client, auth, catalog, query):
    show, _tracks = catalog
    auth.login()
    response = client.get(f"/shows/{show.id}/songs/search", query_string={"q": query}, headers=HX)
    assert response.status_code == 200 and "<b>" not in response.text


def test_the_words_come_back_escaped(client, auth, catalog):
    show, _tracks = catalog
    auth.login()
    query = {"q": "<b>zz</b>"}
    html = client.get(f"/shows/{show.id}/songs/search", query_string=query, headers=HX).text
    assert "No song to add matches “&lt;b&gt;zz&lt;/b&gt;”" in html


def test_a_search_too_long_is_a_400_with_a_message(client, auth, catalog):
    show, _tracks = catalog
    auth.login()
    query = {"q": "x" * (MAX_QUERY_LENGTH + 1)}
    response = client.get(f"/shows/{show.id}/songs/search", query_string=query, headers=HX)
    assert response.status_code == 400 and "limited to 100 characters" in response.text
    assert client.get("/shows/999999/songs/search?q=cab", headers=HX).status_code == 404


def test_without_htmx_the_search_goes_to_the_show_page(client, catalog):
    show, _tracks = catalog
    response = client.get(f"/shows/{show.id}/songs/search?q=cab")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/shows/{show.id}?q=cab#song-picker"


def test_the_show_page_lists_what_a_fan_searched_with_an_add_form_each(client, auth, catalog):
    show, tracks = catalog
    auth.login()
    page = client.get(f"/shows/{show.id}?q=cab").text
    assert 'role="combobox"' in page and 'value="cab"' in page
    results = re.search(r'<ul class="picker-results".*?</ul>', page, re.S).group(0)
    forms = re.findall(r'<form method="post" action="/shows/\d+/songs">.*?</form>', results, re.S)
    assert len(forms) == 1
    assert 'name="csrf_token"' in forms[0]
    assert f'name="track_id" value="{tracks[CAB_RIDE].id}"' in forms[0]
    assert f'aria-label="Add {CAB_RIDE}"' in forms[0]
    assert "picker-results" not in client.get(f"/shows/{show.id}").text


def test_the_show_page_offers_no_song_before_a_choice(client, auth, catalog):
    show, _tracks = catalog
    auth.login()
    page = client.get(f"/shows/{show.id}").text
    assert 'aria-expanded="false"' in page and 'role="option"' not in page
    assert "<select" not in page and "selected" not in page


def test_signed_out_the_show_page_asks_to_sign_in_to_add_a_song(client, catalog):
    show, _tracks = catalog
    page = client.get(f"/shows/{show.id}?q=cab").text
    assert "Sign in to add a song" in page
    assert 'role="combobox"' not in page and "picker-results" not in page
