"""`flask --app wsgi theset demo load`: the demo's artists and past shows, the votes of
the demo crowd and fans, and what the past shows played."""

from collections import Counter

from sqlalchemy import func, select

from theset.demo.crowd import load_crowd
from theset.extensions import db
from theset.models import (
    Artist,
    Setlist,
    SetlistSong,
    Show,
    Track,
    User,
    Vote,
    utcnow,
)
from theset.services.accuracy import Accuracy
from theset.services.show_results import actual_of, show_result
from theset.services.votes import reconcile_votes

from .conftest import rolled_back


def test_demo_load_imports_every_demo_artist_with_shows(app, runner):
    result = runner.invoke(args=["theset", "demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Loaded 14 demo artists." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Artist.id))) == 14
        assert db.session.scalar(select(func.count(Show.id))) >= 45
        # Catalogs load on demand, but for the 9 artists the demo crowd votes on.
        with_catalog = set(db.session.scalars(select(Track.artist_id).distinct()))
        voted_on = set(db.session.scalars(select(Show.artist_id).join(Setlist).distinct()))
        assert with_catalog == voted_on and len(voted_on) == 9


def _planned_counts() -> Counter:
    """Each (event id, song) the crowd and the demo fans vote on, with its votes."""
    crowd = load_crowd()
    counts = Counter()
    for planned in crowd.shows:
        counts.update({(planned.event_id, name): n for name, n in planned.songs.items()})
    for pick in crowd.picks:
        counts.update((pick.event_id, name) for name in pick.songs)
    return counts


def test_demo_load_casts_the_demo_crowds_votes_once(app, runner, client):
    first = runner.invoke(args=["theset", "demo", "load"])
    planned = _planned_counts()
    total = sum(planned.values())
    assert f"Cast {total} demo votes by 9 crowd fans and 3 demo fans on 11 shows." in first.output
    again = runner.invoke(args=["theset", "demo", "load"])
    assert again.exit_code == 0, again.output
    assert "Cast 0 demo votes" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Vote.id))) == total
        crowd = select(func.count(User.id)).where(User.spotify_id.startswith("demo-crowd-"))
        assert db.session.scalar(crowd) == 9
        counted = db.session.execute(
            select(Show.tm_id, Track.name, SetlistSong.votes)
            .select_from(SetlistSong)
            .join(Track)
            .join(Setlist)
            .join(Show)
        ).all()
        assert {(tm_id, name): votes for tm_id, name, votes in counted} == planned
        assert reconcile_votes() == []  # each counter is its votes
        # Votes on past shows were cast while voting was open.
        late = select(func.count(Vote.id)).join(SetlistSong).join(Setlist).join(Show)
        assert db.session.scalar(late.where(Vote.created_at >= Show.starts_at)) == 0
    home = client.get("/").text
    hot = home[home.index("Hot shows") : home.index("Popular artists")]
    assert hot.count('class="show-row"') == 6
    assert '<span class="show-votes">32 votes</span>' in hot  # Zoé in Montréal leads
    assert "Inês Duarte" not in client.get("/login").text  # the crowd never signs in


def _past_show(key: str) -> Show:
    event_id = next(p.event_id for p in load_crowd().shows if p.show == key)
    return db.session.scalar(select(Show).where(Show.tm_id == event_id))


def _looked_up() -> dict[int, tuple[int, int]]:
    """Each past show's setlist.fm look-ups and the songs found."""
    past = db.session.scalars(select(Show).where(Show.starts_at < utcnow()))
    return {show.id: (actual_of(show).checks, len(actual_of(show).songs)) for show in past}


def test_demo_load_imports_past_shows_with_their_actual_setlists_and_scores(app, runner):
    first = runner.invoke(args=["theset", "demo", "load"])
    assert first.exit_code == 0, first.output
    summary = "5 past shows: 3 setlists found, 1 waiting, 1 not found."
    assert summary in first.output
    with app.app_context():
        zoe = _past_show("zoe-marchetti-manchester")
        assert zoe.starts_at < utcnow() and zoe.venue.name == "The Foundry Rooms"
        result = show_result(zoe)
        assert result.actual.source_url.startswith("https://www.setlist.fm/setlist/zoe-marchetti/")
        assert result.accuracy == Accuracy(predicted=10, played=13, hits=6)
        neons = next(row for row in result.played if row.song.name == "Néons (Live)")
        assert neons.song.track.name == "Néons" and neons.crowd_votes == 8
        assert result.played[0].song.tape and result.played[0].crowd_rank is None
        assert [song.name for song in result.missed][:2] == ["Ça ira demain", "Rue des Lilas"]
        by_name = _past_show("los-hermanos-quinones-chicago")  # no MusicBrainz id to go by
        assert by_name.artist.musicbrainz_id is None and actual_of(by_name).status == "found"
        statuses = {
            key: actual_of(_past_show(key)).status
            for key in ("the-nightjar-quintet-denver", "fjora-london", "saint-alder-chicago")
        }
        assert statuses == {
            "the-nightjar-quintet-denver": "found",
            "fjora-london": "waiting",
            "saint-alder-chicago": "not_found",
        }
        looked_up = _looked_up()
        assert sorted(looked_up.values()) == [(1, 0), (1, 0), (1, 12), (1, 12), (1, 14)]
    again = runner.invoke(args=["theset", "demo", "load"])
    assert summary in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Show.id)).where(Show.starts_at < utcnow())) == 5
        assert _looked_up() == looked_up  # not looked up again, the songs kept


def test_demo_load_refuses_outside_demo_mode(upstream_app):
    result = upstream_app.test_cli_runner().invoke(args=["theset", "demo", "load"])
    assert result.exit_code != 0
    assert "only runs in demo mode" in result.output


def test_demo_load_with_actual_setlists_off_leaves_the_past_shows_waiting(make_app):
    with rolled_back(make_app(SETLISTFM_API_KEY="")) as app:
        result = app.test_cli_runner().invoke(args=["theset", "demo", "load"])
        assert result.exit_code == 0, result.output
        assert "5 past shows: 0 setlists found, 0 waiting, 0 not found." in result.output
        with app.app_context():
            past = db.session.scalars(select(Show).where(Show.starts_at < utcnow())).all()
            assert len(past) == 5 and all(actual_of(show) is None for show in past)
