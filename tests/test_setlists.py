"""Setlists: created on first visit, 5 random studio songs at 0 votes, never twice."""

import time
from datetime import timedelta

from sqlalchemy import func, select

from theset.extensions import db
from theset.jobs import catalog_job_id, is_pending
from theset.models import Setlist, SetlistSong, Show, utcnow
from theset.services.setlists import get_or_create_setlist, seed_setlist

from .conftest import empty_database
from .factories import make_artist, make_show, make_track
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
