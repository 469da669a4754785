from sqlalchemy import func, select

from theset.demo.crowd import load_crowd
from theset.extensions import db
from theset.models import Artist, Setlist, SetlistSong, Show, Track, User, Vote
from theset.services.votes import reconcile_votes


def test_demo_load_imports_every_demo_artist_with_shows(app, runner):
    result = runner.invoke(args=["theset", "demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Loaded 14 demo artists." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Artist.id))) == 14
        assert db.session.scalar(select(func.count(Show.id))) >= 40
        # Catalogs load on demand, but for the 5 artists the demo crowd votes on.
        with_catalog = set(db.session.scalars(select(Track.artist_id).distinct()))
        voted_on = set(db.session.scalars(select(Show.artist_id).join(Setlist).distinct()))
        assert with_catalog == voted_on and len(voted_on) == 5


def _crowd_shows() -> dict[str, dict[str, int]]:
    return {planned.show: planned.songs for planned in load_crowd().shows}


def test_demo_load_casts_the_demo_crowds_votes_once(app, runner, client):
    first = runner.invoke(args=["theset", "demo", "load"])
    planned = sum(sum(songs.values()) for songs in _crowd_shows().values())
    assert f"Cast {planned} demo votes by 9 demo fans on 6 shows." in first.output
    again = runner.invoke(args=["theset", "demo", "load"])
    assert again.exit_code == 0, again.output
    assert "Cast 0 demo votes" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Vote.id))) == planned
        crowd = select(func.count(User.id)).where(User.spotify_id.startswith("demo-crowd-"))
        assert db.session.scalar(crowd) == 9
        counted = db.session.execute(select(SetlistSong.votes, Track.name).join(Track)).all()
        assert sorted(counted) == sorted(
            (votes, name) for songs in _crowd_shows().values() for name, votes in songs.items()
        )
        assert reconcile_votes() == []  # each counter is its votes
    home = client.get("/").text
    hot = home[home.index("Hot shows") : home.index("Popular artists")]
    assert hot.count('class="show-row"') == 6
    assert '<span class="show-votes">32 votes</span>' in hot  # Zoé in Montréal leads
    assert "Inês Duarte" not in client.get("/login").text  # the crowd never signs in


def test_demo_load_refuses_outside_demo_mode(upstream_app):
    result = upstream_app.test_cli_runner().invoke(args=["theset", "demo", "load"])
    assert result.exit_code != 0
    assert "only runs in demo mode" in result.output


def test_import_artist_imports_shows_and_catalog(upstream_app):
    result = upstream_app.test_cli_runner().invoke(args=["theset", "import-artist", "K8vZ91mDDPm"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Zoé Marchetti: 5 shows, ")


def test_import_artist_with_an_unknown_id_fails_with_one_line(runner):
    result = runner.invoke(args=["theset", "import-artist", "K8vZ9nope00"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: Ticketmaster knows no attraction 'K8vZ9nope00'"


def test_import_artist_with_upstream_down_fails_cleanly(upstream_app, upstream):
    upstream.fail("ticketmaster", 503)
    result = upstream_app.test_cli_runner().invoke(args=["theset", "import-artist", "K8vZ91mDDPm"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: upstream unavailable")
