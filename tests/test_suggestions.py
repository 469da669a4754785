"""Songs fans suggest by name: the service (trimmed, limited, folded), the add route with and
without htmx, the picker's offer, its rate limit, the row's mark, and the admins' removal."""

from __future__ import annotations

import json
import re

import pytest
from flask import g
from sqlalchemy import func, select

from theset.extensions import db
from theset.live.relay import Watcher, render_changes
from theset.models import SetlistSong, Track, Vote
from theset.services.setlist_view import RowVariant
from theset.services.suggestions import (
    MAX_NAME_LENGTH,
    BadName,
    NotSuggested,
    recent_suggestions,
    remove_suggestion,
    suggest_song,
)
from theset.services.votes import VersionOnSetlist, vote

from .conftest import rolled_back
from .factories import make_artist, make_setlist, make_show, make_track, make_user
from .support.auth import AuthActions
from .support.headers import HX, JSON


@pytest.fixture
def show(session):
    """A show of an artist whose catalog holds "Owl Light" (on the setlist, in a live
    version too) and "4 a.m. Cab Ride" (not on it)."""
    show = make_show(artist=make_artist(name="The Nightjar Quintet"))
    (on_setlist,) = make_setlist(show, songs=1)
    on_setlist.track.name = "Owl Light"
    make_track(artist=show.artist, name="Owl Light - Live at The Lantern Room", is_studio=False)
    make_track(artist=show.artist, name="4 a.m. Cab Ride", is_studio=True)
    session.commit()
    return show


def row_of(html: str, name: str) -> str:
    """The setlist row of the song `name` in `html`."""
    rows = re.findall(r'<li id="setlist-song-\d+".*?</li>', html, re.S)
    (row,) = [row for row in rows if f">{name}<" in row or f">{name} <" in row]
    return row


def signed_in(app):
    """A client of `app` signed in as a new fan (in the test's app context)."""
    client = app.test_client()
    AuthActions(client).login()
    return client


def suggested_tracks(show) -> list[Track]:
    return db.session.scalars(
        select(Track).where(Track.artist_id == show.artist_id, Track.from_fans)
    ).all()


def test_a_suggestion_is_trimmed_and_added_as_a_song_fans_suggested(show):
    fan = make_user()
    song, added = suggest_song(fan.id, show.setlist, "  Harvest \t Moon\n (cover) ")
    assert added and song.votes == 0 and song.added_by_id == fan.id
    assert song.track.name == "Harvest Moon (cover)" and song.track.from_fans
    assert song.track.spotify_id is None and song.track.is_studio


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "x" * (MAX_NAME_LENGTH + 1)])
def test_empty_or_long_names_are_refused(show, name):
    with pytest.raises(BadName):
        suggest_song(make_user().id, show.setlist, name)
    assert suggested_tracks(show) == []


def test_a_name_of_the_longest_length_is_taken(show):
    song, added = suggest_song(make_user().id, show.setlist, "y" * MAX_NAME_LENGTH)
    assert added and len(song.track.name) == MAX_NAME_LENGTH


@pytest.mark.parametrize(
    "name", ["owl light", "OWL-LIGHT!", "Öwl Light (Live)", "Owl Light - Demo"]
)
def test_a_name_that_folds_to_a_song_on_the_setlist_is_refused(show, name):
    with pytest.raises(VersionOnSetlist, match="Owl Light"):
        suggest_song(make_user().id, show.setlist, name)
    assert suggested_tracks(show) == []


def test_a_name_that_folds_to_a_catalog_song_adds_that_track(show):
    tracks = db.session.scalar(select(func.count(Track.id)))
    song, added = suggest_song(make_user().id, show.setlist, "4 A.M. cab ride (remastered)")
    assert added and song.track.name == "4 a.m. Cab Ride" and not song.track.from_fans
    assert db.session.scalar(select(func.count(Track.id))) == tracks


def test_a_song_fans_suggested_before_is_reused_at_another_show(show):
    other = make_show(artist=show.artist)
    make_setlist(other, songs=0)
    first, _ = suggest_song(make_user().id, show.setlist, "Harvest Moon")
    again, added = suggest_song(make_user().id, other.setlist, "harvest  moon!")
    assert added and again.track_id == first.track_id
    assert len(suggested_tracks(show)) == 1


def test_suggested_songs_stay_out_of_the_catalog_picker(client, auth, show):
    suggest_song(make_user().id, show.setlist, "Harvest Moon")
    other = make_show(artist=show.artist)
    make_setlist(other, songs=0)
    db.session.commit()
    auth.login()
    html = client.get(f"/shows/{other.id}/songs/search?q=harv", headers=HX).text
    assert "song-option-suggest" in html and 'id="song-option-' + "1" not in html
    assert "Harvest Moon</li>" not in html


def test_htmx_suggestion_answers_its_marked_row_not_the_whole_setlist(client, auth, show):
    auth.login()
    response = client.post(f"/shows/{show.id}/songs", data={"name": "Harvest Moon"}, headers=HX)
    assert response.status_code == 200 and "song-added" in response.headers["HX-Trigger"]
    assert "suggested by fans" in row_of(response.text, "Harvest Moon")
    assert "Owl Light" not in response.text and 'id="setlist"' not in response.text
    cab_ride = db.session.scalar(select(Track).filter_by(name="4 a.m. Cab Ride"))
    added = client.post(f"/shows/{show.id}/songs", data={"track_id": cab_ride.id}, headers=HX)
    assert "suggested by fans" not in row_of(added.text, "4 a.m. Cab Ride")


def test_without_htmx_a_suggestion_redirects_to_its_row(client, auth, show):
    auth.login()
    response = client.post(f"/shows/{show.id}/songs", data={"name": "Harvest Moon"})
    (song,) = [s for s in show.setlist.songs if s.track.from_fans]
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#setlist-song-{song.id}")
    assert "suggested by fans" in client.get(f"/shows/{show.id}").text


def test_refusals_are_4xx_with_the_reason_in_the_page(client, auth, show):
    auth.login()
    url = f"/shows/{show.id}/songs"
    too_long = client.post(url, data={"name": "x" * 101})
    assert too_long.status_code == 400 and "limited to 100 characters" in too_long.text
    empty = client.post(url, data={"name": "  "}, headers=HX)
    assert empty.status_code == 400 and "Type the name of the song" in empty.text
    twin = client.post(url, data={"name": "owl light"}, headers=HX)
    assert twin.status_code == 409 and "“Owl Light” is on the setlist already" in twin.text
    as_json = client.post(url, data={"name": "OWL LIGHT"}, headers=JSON)
    assert as_json.status_code == 409 and "Owl Light" in as_json.json["error"]["message"]


def test_signed_out_visitors_cannot_suggest(client, show):
    response = client.post(f"/shows/{show.id}/songs", data={"name": "Harvest Moon"})
    assert response.status_code in (302, 303, 401) and suggested_tracks(show) == []
    assert "Sign in to add a song" in client.get(f"/shows/{show.id}").text
    assert 'name="name"' not in client.get(f"/shows/{show.id}").text


def test_the_picker_offers_to_suggest_a_name_no_song_matches(client, auth, show):
    auth.login()
    html = client.get(f"/shows/{show.id}/songs/search?q=Harvest <Moon>", headers=HX).text
    option = re.search(r'<li id="song-option-suggest"[^>]*>([^<]*)</li>', html)
    assert option and option.group(1) == "Suggest “Harvest &lt;Moon&gt;”"
    vals = re.search(r"hx-vals='([^']*)'", option.group(0)).group(1)
    assert json.loads(vals.replace("&#39;", "'")) == {"name": "Harvest <Moon>"}
    assert not re.search(r'role="listbox"[^>]* hidden>', html)
    # A name matching a catalog song, or one on the setlist, is not offered to suggest.
    for query in ("cab", "owl"):
        html = client.get(f"/shows/{show.id}/songs/search?q={query}", headers=HX).text
        assert "song-option-suggest" not in html


def test_without_javascript_the_picker_offers_a_suggest_form(client, auth, show):
    auth.login()
    page = client.get(f"/shows/{show.id}?q=Harvest Moon").text
    assert re.search(
        r'<input type="hidden" name="name" value="Harvest Moon">\s*'
        r'<button type="submit">Suggest “Harvest Moon”</button>',
        page,
    )
    assert 'id="song-suggest-name" name="name"' in page


def test_an_artist_without_a_catalog_gets_only_the_suggest_form(client, auth, session):
    show = make_show(artist=make_artist(name="Kestrel Avenue", spotify_id=None))
    make_setlist(show, songs=0)
    session.commit()
    auth.login()
    page = client.get(f"/shows/{show.id}").text
    assert "Fans add the songs: suggest one below." in page
    assert "Suggest a song Kestrel Avenue may play" in page and 'role="combobox"' not in page
    client.post(f"/shows/{show.id}/songs", data={"name": "Skyline"})
    assert "Skyline" in client.get(f"/shows/{show.id}").text


def test_every_row_says_suggested_by_fans_page_embed_live_vote_and_api(client, auth, show):
    fan = auth.login()
    song, _ = suggest_song(fan.id, show.setlist, "Harvest Moon")
    db.session.commit()
    assert "suggested by fans" in client.get(f"/embed/shows/{show.id}").text
    live = render_changes(show.id, [song.id], {Watcher(RowVariant.LIVE, None)})
    assert "suggested by fans" in next(iter(live.values()))
    voted = client.post(f"/setlist-songs/{song.id}/vote", headers=HX)
    assert voted.status_code == 200 and "suggested by fans" in voted.text
    songs = client.get(f"/api/shows/{show.id}/setlist").json["songs"]
    assert {s["track"]["name"]: s["suggested"] for s in songs} == {
        "Owl Light": False,
        "Harvest Moon": True,
    }


@pytest.mark.limited
def test_suggestions_are_rate_limited_per_fan_with_a_clear_429(make_app):
    with rolled_back(make_app(RATELIMIT_STORAGE_URI="memory://")) as app:
        show = make_show()
        make_setlist(show, songs=0)
        db.session.commit()
        fan = signed_in(app)
        url = f"/shows/{show.id}/songs"
        statuses = [fan.post(url, data={"name": f"Song number {n}"}).status_code for n in range(10)]
        assert statuses == [303] * 10
        refused = fan.post(url, data={"name": "One more"}, headers=HX)
        assert refused.status_code == 429 and "suggest 10 songs an hour" in refused.text
        # Catalog adds and other fans are not held back by it.
        track = make_track(artist=show.artist)
        db.session.commit()
        assert fan.post(url, data={"track_id": track.id}).status_code == 303
        g.pop("_login_user", None)  # the test's app context is every request's: forget fan 1
        other = signed_in(app)
        assert other.post(url, data={"name": "Another fan's song"}).status_code == 303


@pytest.fixture
def suggested(show):
    """A song fans suggested at `show`, with one vote."""
    fan = make_user(display_name="Mara")
    song, _ = suggest_song(fan.id, show.setlist, "Harvest Moon")
    vote(make_user().id, song.id)
    return song.id


def test_admins_see_recent_suggestions(client, auth, show, suggested):
    (listed,) = recent_suggestions()
    assert (listed.id, listed.name, listed.suggester, listed.votes) == (
        suggested,
        "Harvest Moon",
        "Mara",
        1,
    )
    assert listed.show.id == show.id and listed.artist_name == "The Nightjar Quintet"
    auth.login(as_=make_user(is_admin=True))
    page = client.get("/admin").text
    assert "Songs fans suggested" in page and "Harvest Moon" in page and "Mara" in page
    assert f'action="/admin/suggestions/{suggested}/remove"' in page


def test_removing_a_suggestion_deletes_its_votes_and_its_name(show, suggested):
    track_id = db.session.get(SetlistSong, suggested).track_id
    assert remove_suggestion(suggested) == show.id
    assert db.session.get(SetlistSong, suggested) is None
    assert (
        db.session.scalar(select(func.count(Vote.id)).where(Vote.setlist_song_id == suggested)) == 0
    )
    assert db.session.get(Track, track_id) is None
    with pytest.raises(NotSuggested):
        remove_suggestion(suggested)
    catalog_song = show.setlist.songs[0]
    with pytest.raises(NotSuggested):
        remove_suggestion(catalog_song.id)


def test_a_name_other_setlists_hold_is_kept_on_removal(show, suggested):
    other = make_show(artist=show.artist)
    make_setlist(other, songs=0)
    kept, _ = suggest_song(make_user().id, other.setlist, "Harvest Moon")
    remove_suggestion(suggested)
    assert db.session.get(Track, kept.track_id) is not None


def test_fans_who_are_not_admins_cannot_remove_a_suggestion(client, auth, suggested):
    auth.login()
    refused = client.post(f"/admin/suggestions/{suggested}/remove")
    assert refused.status_code == 403 and db.session.get(SetlistSong, suggested) is not None


def test_admins_remove_a_suggestion_without_javascript(client, auth, suggested):
    auth.login(as_=make_user(is_admin=True))
    response = client.post(f"/admin/suggestions/{suggested}/remove")
    assert response.status_code == 303 and db.session.get(SetlistSong, suggested) is None
    assert "was removed" in client.get("/admin").text
    assert client.post(f"/admin/suggestions/{suggested}/remove").status_code == 404


@pytest.mark.csrf
def test_the_remove_button_needs_the_csrf_token(client, auth, show, suggested):
    auth.login(as_=make_user(is_admin=True))
    assert client.post(f"/admin/suggestions/{suggested}/remove").status_code == 400
    assert db.session.get(SetlistSong, suggested) is not None


def test_open_pages_drop_a_removed_row_live(show, suggested):
    remove_suggestion(suggested)
    messages = render_changes(show.id, [suggested], {Watcher(RowVariant.LIVE, None)}, removed=True)
    html = next(iter(messages.values()))
    assert f'<li id="setlist-song-{suggested}" hx-swap-oob="delete"></li>' in html
