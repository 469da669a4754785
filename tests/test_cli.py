from sqlalchemy import func, select

from theset.extensions import db
from theset.models import Artist, Show, Track


def test_demo_load_imports_every_demo_artist_with_shows(app, runner):
    result = runner.invoke(args=["theset", "demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Loaded 14 demo artists." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Artist.id))) == 14
        assert db.session.scalar(select(func.count(Show.id))) >= 40
        assert db.session.scalar(select(func.count(Track.id))) == 0  # catalogs load on demand


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
