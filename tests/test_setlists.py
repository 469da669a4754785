"""Setlists: created on first visit, 5 random studio songs at 0 votes, never twice."""

import re
import time
from datetime import timedelta
from pathlib import Path

from flask import render_template
from sqlalchemy import func, select

from theset.extensions import db
from theset.jobs import is_pending
from theset.models import Setlist, SetlistSong, Show, utcnow
from theset.services.catalog import catalog_job_id, catalog_retry_key
from theset.services.setlist_view import RowVariant, SongRow, setlist_view
from theset.services.setlists import get_or_create_setlist, seed_setlist
from theset.upstream import get_upstream

from .conftest import empty_database
from .factories import make_artist, make_setlist, make_show, make_track, make_user
from .support.catalog import first_show_id
from .support.concurrency import at_once

ZOE = "K8vZ91mDDPm"
HARBOUR = "K8vZ91lUtzT"  # a catalog of 3 songs
KESTREL = "K8vZ91Iac41"  # not on Spotify


def _songs(show_id):
    setlist = db.session.scalar(select(Setlist).where(Setlist.show_id == show_id))
    return setlist, db.session.scalars(
        select(SetlistSong).where(SetlistSong.setlist_id == setlist.id)
    ).all()


def test_first_visit_seeds_five_distinct_studio_songs_at_zero_votes(client, app):
    show_id = first_show_id(client, ZOE)
    page = client.get(f"/shows/{show_id}")  # catalog imported by the (eager) job
    assert page.status_code == 200
    with app.app_context():
        setlist, songs = _songs(show_id)
        assert setlist.status == "ready"
        assert len(songs) == 5
        assert len({song.track_id for song in songs}) == 5
        assert all(song.votes == 0 and song.track.is_studio for song in songs)
    assert client.get(f"/shows/{show_id}").text.count('class="song"') == 5


def test_seeding_twice_never_gives_ten_songs(session):
    artist = make_artist(catalog_synced_at=utcnow())
    for n in range(12):
        make_track(artist=artist, name=f"Song {n}")
    show = make_show(artist=artist)
    setlist = get_or_create_setlist(show)
    seed_setlist(setlist.id)
    seed_setlist(setlist.id)
    assert session.scalar(select(func.count(SetlistSong.id))) == 5


def test_only_studio_versions_are_seeded(session):
    artist = make_artist(catalog_synced_at=utcnow())
    studio = [make_track(artist=artist, name=f"Studio {n}") for n in range(2)]
    for n in range(6):
        make_track(artist=artist, name=f"Live {n}", is_studio=False)
    setlist = get_or_create_setlist(make_show(artist=artist))
    seed_setlist(setlist.id)
    chosen = session.scalars(select(SetlistSong.track_id)).all()
    assert sorted(chosen) == sorted(track.id for track in studio)


def test_seeding_picks_uniformly_at_random(session):
    import random

    artist = make_artist(catalog_synced_at=utcnow())
    tracks = [make_track(artist=artist) for _ in range(10)]
    picks = {track.id: 0 for track in tracks}
    for seed in range(200):
        setlist = get_or_create_setlist(make_show(artist=artist))
        seed_setlist(setlist.id, rng=random.Random(seed))
        for track_id in session.scalars(
            select(SetlistSong.track_id).where(SetlistSong.setlist_id == setlist.id)
        ):
            picks[track_id] += 1
    # 200 setlists x 5 songs over 10 tracks: 100 each on average.
    assert all(60 <= count <= 140 for count in picks.values()), picks


def test_a_three_song_catalog_gives_three_songs(client, app):
    show_id = first_show_id(client, HARBOUR)
    client.get(f"/shows/{show_id}")
    with app.app_context():
        setlist, songs = _songs(show_id)
        assert setlist.status == "ready" and len(songs) == 3


def test_no_catalog_gives_a_ready_empty_setlist_with_an_honest_message(client, app):
    show_id = first_show_id(client, KESTREL)
    page = client.get(f"/shows/{show_id}").text
    assert "could not find Kestrel Avenue on Spotify" in page
    # The list is there, empty (the stylesheet hides it): songs added live have a target.
    assert '<ol class="songs" id="songs" aria-live="polite"></ol>' in page
    with app.app_context():
        setlist, songs = _songs(show_id)
        assert setlist.status == "ready" and songs == []


def test_building_page_polls_and_has_a_no_script_refresh(make_app, upstream):
    app = make_app(**upstream.settings(), THESET_JOBS="inline")
    app.config["JOBS_EAGER"] = False
    upstream.fail("spotify")  # the import cannot finish: the setlist stays building
    try:
        client = app.test_client()
        show_id = first_show_id(client, ZOE)
        page = client.get(f"/shows/{show_id}").text
        assert "Building the setlist" in page
        assert 'hx-trigger="every 2s"' in page
        assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    finally:
        upstream.recover()
        time.sleep(3)  # let the inline job's retries end before the tables are emptied
        empty_database(app)


def test_a_stuck_building_setlist_is_queued_again(session, client, app):
    artist = make_artist()  # no catalog yet
    show = make_show(artist=artist)
    setlist = get_or_create_setlist(show)
    setlist.updated_at = utcnow() - timedelta(minutes=10)
    session.commit()
    client.get(f"/shows/{show.id}")
    session.expire_all()
    assert session.get(Setlist, setlist.id).status == "ready"  # the (eager) job ran again


def test_concurrent_first_visits_make_one_setlist_of_five(committed_app):
    with committed_app.app_context():
        artist = make_artist(catalog_synced_at=utcnow())
        for n in range(9):
            make_track(artist=artist, name=f"Song {n}")
        show_id = make_show(artist=artist).id
        db.session.commit()
    visit = lambda: committed_app.test_client().get(f"/shows/{show_id}").status_code  # noqa: E731
    assert at_once(*[visit] * 20) == [200] * 20
    with committed_app.app_context():
        assert db.session.scalar(select(func.count(Setlist.id))) == 1
        assert db.session.scalar(select(func.count(SetlistSong.id))) == 5


def test_twenty_concurrent_visitors_queue_one_catalog_import(make_app, upstream):
    app = make_app(**upstream.settings())
    app.config["JOBS_EAGER"] = False
    try:
        show_id = first_show_id(app.test_client(), ZOE)
        upstream.requests.clear()
        at_once(*[lambda: app.test_client().get(f"/shows/{show_id}")] * 20)
        with app.app_context():
            artist_id = db.session.get(Show, show_id).artist_id
            db.session.commit()  # end this read snapshot before waiting for the job
            deadline = time.monotonic() + 15
            while is_pending(catalog_job_id(artist_id)):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            setlist, songs = _songs(show_id)
            assert setlist.status == "ready" and len(songs) == 5
        # One import: the first page of the artist's albums was asked for exactly once.
        assert upstream.asked("/v1/artists/leWmEKBTyvseeBNXhMUnFL/albums", "offset=0") == 1
    finally:
        empty_database(app)


def test_one_row_template_draws_every_variant(app, session):
    show = make_show()
    (song,) = make_setlist(show, votes=(2,))
    row = SongRow(song.id, 2, False, song.track, show.id, 1)
    closed = "This show has started, so voting is closed."
    with app.test_request_context("/"):
        html = {
            variant: render_template(
                "setlists/_song.html", song=row, variant=variant, closed_reason=None
            )
            for variant in RowVariant
        }
        when_closed = [
            render_template("setlists/_song.html", song=row, variant=variant, closed_reason=closed)
            for variant in RowVariant
        ]

    def drawn_with(pattern: str) -> set[str]:
        return {variant for variant, text in html.items() if re.search(pattern, text)}

    assert all(
        re.match(rf'\s*<li id="setlist-song-{song.id}" class="song" data-votes="2"', text)
        for text in html.values()
    )
    assert drawn_with(r'<form class="vote-form"') == {"page", "embed", "live"}
    assert drawn_with(r'<form class="vote-form"[^>]* target="_top"') == {"embed"}
    assert drawn_with(r'name="csrf_token"') == {"page", "embed"}
    guest_link = rf'<a class="vote-button" href="http://localhost/shows/{show.id}" target="_top"'
    assert drawn_with(guest_link) == {"embed-guest", "live-guest"}
    assert drawn_with(r'hx-swap-oob="true"') == {"live", "live-guest"}
    # Beside each form's count and button, their state after a click, for the script to swap.
    after_a_vote = r'(?s)data-other-text="3" data-other-label="3 votes".*data-other-text="✓ Voted"'
    assert drawn_with(after_a_vote) == {"page", "embed", "live"}
    for text in when_closed:
        assert "Voting closed" in text and "vote-button" not in text


def test_the_browser_script_carries_none_of_the_rows_words():
    script = (Path(__file__).parent.parent / "static" / "js" / "theset.js").read_text()
    for words in ("Voted", "Vote ", "▲", "✓", '" vote', "did not count"):
        assert words not in script


def test_the_page_and_the_widget_show_one_setlist_body(client, session):
    show = make_show(artist=make_artist(spotify_match_checked_at=None))  # no catalog yet
    get_or_create_setlist(show).status = "failed"
    session.commit()
    # Its import failed a moment ago and waits before the next try.
    get_upstream().cache.backoff.failed(catalog_retry_key(show.artist_id))
    page = client.get(f"/shows/{show.id}").text
    widget = client.get(f"/embed/shows/{show.id}").text
    for html in (page, widget):
        assert html.count('<div id="setlist"') == 1
        assert 'hx-trigger="every 30s" hx-select="#setlist" hx-target="this"' in html
        assert f"could not fetch {show.artist.name}&#39;s songs yet" in html


def test_the_setlist_view_asks_again_until_ready_and_offers_songs_where_asked(session):
    show = make_show()
    songs = make_setlist(show, votes=(1, 0))
    session.commit()
    setlist = show.setlist
    view = setlist_view(setlist, None, addable=True)
    assert view.poll_seconds is None and [row.id for row in view.rows] == [s.id for s in songs]
    assert view.addable is True and view.row_variant == "page"
    assert setlist_view(setlist, None).addable is False
    assert setlist_view(setlist, None, embedded=True).row_variant == "embed-guest"
    assert setlist_view(setlist, make_user(), embedded=True).row_variant == "embed"
    for status, seconds in (("building", 2), ("failed", 30)):
        setlist.status = status
        assert setlist_view(setlist, None, addable=True) == setlist_view(setlist, None)
        assert setlist_view(setlist, None).poll_seconds == seconds
